//! Text helpers every stage shares: one line index (character columns, byte offsets and
//! UTF-16 units), the first sentence of a description, and how a path is shown.

use super::diagnostic::{Pos, Span};
use std::path::{Path, PathBuf};

/// Line starts of a text, to convert between (1-based line, character column) positions,
/// byte offsets and the UTF-16 units the language server protocol counts in.
///
/// A line break is `\r\n`, a lone `\r` or a lone `\n`, each one break: YAML 1.2, JSON and
/// the language server protocol all count a carriage return alone as a line break, so a file
/// saved with old Mac line ends has as many lines here as in an editor.
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset where each line starts (after the previous line's break).
    starts: Vec<usize>,
    /// ASCII text: a column is a byte count, found without walking the line.
    ascii: bool,
}

/// The byte offsets where lines start in `text`, the first line included (offset 0).
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
    }
    starts
}

/// `line` without the one line break (`\r\n`, `\r` or `\n`) it may end with.
fn without_break(line: &str) -> &str {
    line.strip_suffix("\r\n")
        .or_else(|| line.strip_suffix('\n'))
        .or_else(|| line.strip_suffix('\r'))
        .unwrap_or(line)
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: line_starts(text),
            ascii: text.is_ascii(),
        }
    }

    /// How many lines the text has (a final line break starts an empty last line).
    pub fn lines(&self) -> u32 {
        self.starts.len() as u32
    }

    /// The byte range of a 1-based line (clamped), line break included.
    fn line_range(&self, line: u32) -> (usize, usize) {
        let i = (line.max(1) as usize - 1).min(self.starts.len() - 1);
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        (self.starts[i], end)
    }

    /// The byte range of a 1-based line (clamped), without its line break.
    pub fn line_bytes(&self, line: u32) -> std::ops::Range<usize> {
        let (start, end) = self.line_range(line);
        start..start + without_break(&self.text[start..end]).len()
    }

    /// The byte offset of a position, clamped to the text; a column past the end of its line
    /// is the end of the line (before the line break).
    pub fn offset(&self, pos: Pos) -> usize {
        let range = self.line_bytes(pos.line);
        let line_text = &self.text[range.clone()];
        let col = pos.column.max(1) as usize - 1;
        if self.ascii {
            return range.start + col.min(line_text.len());
        }
        range.start
            + line_text
                .char_indices()
                .nth(col)
                .map_or(line_text.len(), |(i, _)| i)
    }

    /// The position of a byte offset (clamped to the text; an offset inside a character, or
    /// between the `\r` and `\n` of a line break, counts as that character).
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = if self.ascii {
            offset - start
        } else {
            self.text[start..]
                .char_indices()
                .take_while(|(i, _)| start + i < offset)
                .count()
        };
        Pos::new(line as u32 + 1, column as u32 + 1)
    }

    /// The span of a byte range.
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.pos(range.start), self.pos(range.end))
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: u32) -> &'a str {
        &self.text[self.line_bytes(line)]
    }

    /// A position as (0-based line, UTF-16 units from the line start): LSP's encoding.
    pub fn utf16(&self, pos: Pos) -> (u32, u32) {
        let units: usize = self
            .line(pos.line)
            .chars()
            .take(pos.column.saturating_sub(1) as usize)
            .map(char::len_utf16)
            .sum();
        (pos.line.saturating_sub(1), units as u32)
    }

    /// A protocol position (0-based line, UTF-16 units) as a character position. A line past
    /// the end is kept (an editor may point just after the last line); a unit in the middle of
    /// a surrogate pair counts as that character.
    pub fn from_utf16(&self, line: u32, character: u32) -> Pos {
        let text = if (line as usize) < self.starts.len() {
            self.line(line + 1)
        } else {
            ""
        };
        let mut units = 0u32;
        let mut column = 1u32;
        for c in text.chars() {
            if units >= character {
                break;
            }
            units += c.len_utf16() as u32;
            column += 1;
        }
        Pos::new(line.saturating_add(1), column)
    }
}

/// The first sentence of a text: up to the first `. ` that ends a sentence rather than an
/// abbreviation (`e.g. `, `i.e. `, `Art. `, as a word of its own), with its full stop; the whole text if it has
/// one sentence.
pub fn first_sentence(text: &str) -> &str {
    const ABBREVIATIONS: [&str; 7] = ["e.g", "i.e", "etc", "cf", "incl", "approx", "Art"];
    let t = text.trim();
    t.match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| {
            let before = &t[..i];
            !ABBREVIATIONS.iter().any(|a| {
                before.ends_with(a)
                    && before[..before.len() - a.len()]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric())
            })
        })
        .map_or(t, |i| &t[..=i])
}

/// A path as shown to users: relative paths as given, `/` separators.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.to_string()
    }
}

/// A path with `.` removed and `..` resolved lexically (without asking the file system).
pub fn normalize_path(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters() {
        let idx = LineIndex::new("ab\næøå x\n");
        assert_eq!(idx.offset(Pos::new(2, 1)), 3);
        assert_eq!(idx.offset(Pos::new(2, 5)), 3 + 7);
        assert_eq!(idx.offset(Pos::new(9, 9)), 12);
        assert_eq!(idx.line(2), "æøå x");
        assert_eq!(idx.pos(3 + 7), Pos::new(2, 5));
        assert_eq!(idx.pos(999), Pos::new(3, 1));
    }

    #[test]
    fn every_line_end_is_one_break() {
        for nl in ["\n", "\r\n", "\r"] {
            let text = ["ab", "æøå x", "", "z"].join(nl);
            let idx = LineIndex::new(&text);
            assert_eq!(idx.lines(), 4, "{nl:?}");
            assert_eq!(idx.line(2), "æøå x", "{nl:?}");
            assert_eq!(idx.line(3), "", "{nl:?}");
            let z = text.len() - 1;
            assert_eq!(idx.pos(z), Pos::new(4, 1), "{nl:?}");
            assert_eq!(idx.offset(Pos::new(4, 1)), z, "{nl:?}");
            // A column past the end of a line stops before its break.
            assert_eq!(idx.offset(Pos::new(1, 9)), 2, "{nl:?}");
            assert_eq!(idx.utf16(Pos::new(2, 4)), (1, 3), "{nl:?}");
            assert_eq!(idx.from_utf16(1, 3), Pos::new(2, 4), "{nl:?}");
        }
        // `\r\r\n` is two breaks: a lone one, then a pair.
        let idx = LineIndex::new("a\r\r\nb");
        assert_eq!(idx.lines(), 3);
        assert_eq!(idx.pos(4), Pos::new(3, 1));
        assert_eq!(idx.line(2), "");
    }

    #[test]
    fn utf16_columns_round_trip() {
        // "ø" is one UTF-16 unit, "𝔸" two.
        let idx = LineIndex::new("a: ø𝔸x\n");
        assert_eq!(idx.utf16(Pos::new(1, 6)), (0, 6));
        assert_eq!(idx.from_utf16(0, 6), Pos::new(1, 6));
        assert_eq!(
            idx.from_utf16(0, 5),
            Pos::new(1, 6),
            "inside the surrogate pair"
        );
        assert_eq!(idx.from_utf16(7, 3), Pos::new(8, 1), "past the last line");
    }

    #[test]
    fn first_sentence_skips_abbreviations() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(
            first_sentence("Use e.g. a vault. Then more."),
            "Use e.g. a vault."
        );
        assert_eq!(
            first_sentence("GDPR Art. 28 applies. Details."),
            "GDPR Art. 28 applies."
        );
        assert_eq!(first_sentence("  No stop  "), "No stop");
        // An abbreviation only as a word of its own.
        assert_eq!(first_sentence("Read the Kart. More."), "Read the Kart.");
        assert_eq!(
            first_sentence("There is no backup. Ask."),
            "There is no backup."
        );
    }

    #[test]
    fn paths_show_with_slashes() {
        assert_eq!(display_path(Path::new("./a/b.yaml")), "a/b.yaml");
        assert_eq!(
            normalize_path(Path::new("/a/./b/../c")),
            PathBuf::from("/a/c")
        );
    }
}

/// Formatting characters that change how text looks without showing themselves: zero-width
/// characters, bidirectional controls and isolates, the byte-order mark.
pub fn invisible(c: char) -> bool {
    matches!(c as u32, 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xfeff)
}

/// Whether `c` could steer a terminal or hide or reorder what a reader sees: a control
/// character other than line feed and tab, an invisible formatting character, or a line or
/// paragraph separator.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || invisible(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `text` from a file, safe to show: every character `hidden` names is written as a visible
/// `\u{..}` escape; line feeds and tabs are kept (for text that may span lines).
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// As `printable`, for one line: line feeds, carriage returns and tabs are escaped too
/// (`\n`, `\r`, `\t`), so a value cannot start a line of its own.
pub fn printable_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in printable(text).chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod printable_tests {
    use super::printable;

    #[test]
    fn controls_and_overrides_are_shown_not_obeyed() {
        assert_eq!(printable("plain æøå\n\ttab"), "plain æøå\n\ttab");
        assert_eq!(printable("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(
            printable("\rok\u{202e}\u{200b}"),
            "\\u{d}ok\\u{202e}\\u{200b}"
        );
        assert_eq!(super::printable_inline("a\nb\tc\u{1b}"), "a\\nb\\tc\\u{1b}");
    }
}
