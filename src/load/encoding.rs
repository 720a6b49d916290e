//! Declarations are UTF-8. A file saved as UTF-16 or UTF-32 (Windows editors and spreadsheet
//! exports do this) is recognised by its byte-order mark, or without one by the zero bytes
//! that ASCII text takes in those encodings, and decoded, so that it is checked rather than
//! skipped or reported as broken UTF-8; a notice says to save it as UTF-8.

use std::borrow::Cow;

/// A Unicode encoding other than UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf16Le => "UTF-16 (little-endian)",
            Encoding::Utf16Be => "UTF-16 (big-endian)",
            Encoding::Utf32Le => "UTF-32 (little-endian)",
            Encoding::Utf32Be => "UTF-32 (big-endian)",
        }
    }

    fn unit(self) -> usize {
        match self {
            Encoding::Utf16Le | Encoding::Utf16Be => 2,
            Encoding::Utf32Le | Encoding::Utf32Be => 4,
        }
    }
}

/// The encoding of `bytes` when it is UTF-16 or UTF-32, and the length of its byte-order mark.
pub fn sniff(bytes: &[u8]) -> Option<(Encoding, usize)> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => Some((Encoding::Utf32Le, 4)),
        [0, 0, 0xFE, 0xFF, ..] => Some((Encoding::Utf32Be, 4)),
        [0xFF, 0xFE, ..] => Some((Encoding::Utf16Le, 2)),
        [0xFE, 0xFF, ..] => Some((Encoding::Utf16Be, 2)),
        // No mark: ASCII text (a declaration starts with `kind:` or `{`) has zero bytes in
        // fixed places, which UTF-8 text never has.
        [a, 0, 0, 0, ..] if *a != 0 => Some((Encoding::Utf32Le, 0)),
        [0, 0, 0, a, ..] if *a != 0 => Some((Encoding::Utf32Be, 0)),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some((Encoding::Utf16Le, 0)),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some((Encoding::Utf16Be, 0)),
        _ => None,
    }
}

/// `bytes` (after a mark of `bom` bytes) decoded from `encoding`; the byte offset of the
/// first unit that is not valid, if any.
pub fn decode(bytes: &[u8], encoding: Encoding, bom: usize) -> Result<String, usize> {
    let body = &bytes[bom..];
    let unit = encoding.unit();
    if !body.len().is_multiple_of(unit) {
        return Err(bytes.len() - body.len() % unit);
    }
    let mut out = String::with_capacity(body.len() / unit);
    match encoding {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let units = body.chunks_exact(2).map(|c| match encoding {
                Encoding::Utf16Le => u16::from_le_bytes([c[0], c[1]]),
                _ => u16::from_be_bytes([c[0], c[1]]),
            });
            // Offsets count units: a surrogate pair is one character and two units.
            let mut at = bom;
            for r in char::decode_utf16(units) {
                match r {
                    Ok(c) => {
                        out.push(c);
                        at += 2 * c.len_utf16();
                    }
                    Err(_) => return Err(at),
                }
            }
        }
        Encoding::Utf32Le | Encoding::Utf32Be => {
            for (i, c) in body.chunks_exact(4).enumerate() {
                let v = match encoding {
                    Encoding::Utf32Le => u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    _ => u32::from_be_bytes([c[0], c[1], c[2], c[3]]),
                };
                out.push(char::from_u32(v).ok_or(bom + 4 * i)?);
            }
        }
    }
    Ok(out)
}

/// An encoding found, and whether the file decoded (or the byte offset where it did not).
pub type Found = (Encoding, Result<(), usize>);

/// The file's text as UTF-8 bytes: as they are, or decoded from UTF-16 or UTF-32 (with what
/// was found). A file in one of those encodings that does not decode is left as it is, for
/// the UTF-8 check to report, with the encoding named.
pub fn to_utf8(bytes: &[u8]) -> (Cow<'_, [u8]>, Option<Found>) {
    match sniff(bytes) {
        None => (Cow::Borrowed(bytes), None),
        Some((enc, bom)) => match decode(bytes, enc, bom) {
            Ok(text) => (Cow::Owned(text.into_bytes()), Some((enc, Ok(())))),
            Err(at) => (Cow::Borrowed(bytes), Some((enc, Err(at)))),
        },
    }
}

/// The file's text for a search such as the declaration marker: decoded as [`to_utf8`] does,
/// with a unit that does not decode replaced by U+FFFD, so that a declaration saved as UTF-16
/// with one bad unit is still found (and its bad unit then reported), not skipped.
pub fn searchable(bytes: &[u8]) -> Cow<'_, [u8]> {
    let Some((encoding, bom)) = sniff(bytes) else {
        return Cow::Borrowed(bytes);
    };
    let body = &bytes[bom..];
    let text: String = match encoding {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let units = body.chunks_exact(2).map(|c| match encoding {
                Encoding::Utf16Le => u16::from_le_bytes([c[0], c[1]]),
                _ => u16::from_be_bytes([c[0], c[1]]),
            });
            char::decode_utf16(units)
                .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        }
        Encoding::Utf32Le | Encoding::Utf32Be => body
            .chunks_exact(4)
            .map(|c| {
                let v = match encoding {
                    Encoding::Utf32Le => u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    _ => u32::from_be_bytes([c[0], c[1], c[2], c[3]]),
                };
                char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
    };
    Cow::Owned(text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    }

    #[test]
    fn a_bad_unit_is_placed_by_units_and_replaced_for_a_search() {
        // "𝔸" is a surrogate pair: two units, one character.
        let mut b = utf16le("kind: vendor-declaration\n𝔸x", true);
        b.extend_from_slice(&0xDC00u16.to_le_bytes()); // a lone low surrogate
        let (enc, bom) = sniff(&b).unwrap();
        let chars = "kind: vendor-declaration\n𝔸x".encode_utf16().count();
        assert_eq!(decode(&b, enc, bom), Err(2 + 2 * chars));
        let found = searchable(&b);
        let text = std::str::from_utf8(&found).unwrap();
        assert!(text.starts_with("kind: vendor-declaration\n𝔸x"));
        assert!(text.ends_with('\u{FFFD}'));
    }

    #[test]
    fn every_utf16_and_utf32_form_is_recognised_and_decoded() {
        let text = "kind: vendor-declaration\nname: Ærø ✓\n";
        for bom in [true, false] {
            let b = utf16le(text, bom);
            let (enc, n) = sniff(&b).unwrap();
            assert_eq!(enc, Encoding::Utf16Le);
            assert_eq!(decode(&b, enc, n).unwrap(), text);
            let be: Vec<u8> = b.chunks(2).flat_map(|c| [c[1], c[0]]).collect();
            let (enc, n) = sniff(&be).unwrap();
            assert_eq!(enc, Encoding::Utf16Be);
            assert_eq!(decode(&be, enc, n).unwrap(), text);
            let mut le32: Vec<u8> = if bom { vec![0xFF, 0xFE, 0, 0] } else { vec![] };
            for c in text.chars() {
                le32.extend_from_slice(&(c as u32).to_le_bytes());
            }
            let (enc, n) = sniff(&le32).unwrap();
            assert_eq!(enc, Encoding::Utf32Le);
            assert_eq!(decode(&le32, enc, n).unwrap(), text);
            let be32: Vec<u8> = le32
                .chunks(4)
                .flat_map(|c| [c[3], c[2], c[1], c[0]])
                .collect();
            let (enc, n) = sniff(&be32).unwrap();
            assert_eq!(enc, Encoding::Utf32Be);
            assert_eq!(decode(&be32, enc, n).unwrap(), text);
        }
        assert_eq!(sniff(b"kind: vendor-declaration"), None);
        assert_eq!(sniff("æøå".as_bytes()), None);
        // A lone surrogate is reported at its offset.
        let bad = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        assert_eq!(decode(&bad, Encoding::Utf16Le, 2), Err(4));
    }
}
