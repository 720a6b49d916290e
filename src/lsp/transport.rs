//! The LSP base protocol on a byte stream: header blocks (`Content-Length: N`, lines ended by
//! `\r\n`, a blank line) each followed by N bytes of body.
//!
//! `lsp_server`'s reader gives up on the first malformed message; an editor then sees a dead
//! server. This reader never does: it hands the caller every complete body, reports a header
//! block it cannot use (so the caller can log or answer it) and goes on reading, and only ends
//! at the end of the stream.
//!
//! **Resynchronising.** After a header block without a usable `Content-Length` (missing, not a
//! number, or larger than [`MAX_BODY`]) the reader cannot know where the body ends, so it does
//! not try: it goes back to looking for headers. The body's bytes are then read as header lines
//! and dropped, until a line holds `Content-Length:` again. A body usually has no line break, so
//! the next message's header is glued to the end of that "line" (`{…}Content-Length: 52`): a
//! `Content-Length:` header is therefore recognised anywhere in a line, and only the last
//! [`MAX_LINE`] bytes of an overlong line are kept, so a huge body costs time, never memory.
//! A message whose body really is larger than the limit is read through the same way and
//! dropped; should its text itself hold `Content-Length:`, the reader may take that for a
//! header and the next body will not parse, which costs one more error answer, and the reader
//! is back in step at the next header block after that.

use std::io::{self, BufRead, Read, Write};

/// The largest body read into memory: 64 MiB. Declarations are at most 8 MiB.
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// How much of one header line is kept (its end, where a glued-on header would be).
pub const MAX_LINE: usize = 4096;

/// What the reader found next in the stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A complete body.
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length`: why. Its body (if any) is skipped.
    BadHeader(String),
    /// A `Content-Length` above [`MAX_BODY`]: the length. Its body is skipped.
    TooLarge(u64),
    /// The end of the stream, also in the middle of a header block or body.
    Eof,
}

/// Reads frames from a byte stream.
pub struct Reader<R> {
    inner: R,
}

impl<R: BufRead> Reader<R> {
    pub fn new(inner: R) -> Self {
        Reader { inner }
    }

    /// The next frame. Only an I/O error other than the end of the stream is an error.
    pub fn next_frame(&mut self) -> io::Result<Frame> {
        let mut length: Option<Result<u64, String>> = None;
        let mut header_lines = 0usize;
        loop {
            let Some(line) = self.read_line()? else {
                return Ok(Frame::Eof);
            };
            if line.is_empty() {
                if header_lines == 0 {
                    // A stray blank line between messages.
                    continue;
                }
                break;
            }
            header_lines += 1;
            if let Some(value) = content_length(&line) {
                let value = value.trim_ascii();
                length = Some(
                    std::str::from_utf8(value)
                        .ok()
                        .and_then(|v| v.parse::<u64>().ok())
                        .ok_or_else(|| {
                            format!(
                                "Content-Length is not a number: {:?}",
                                String::from_utf8_lossy(value)
                            )
                        }),
                );
            }
        }
        let n = match length {
            None => return Ok(Frame::BadHeader("no Content-Length header".into())),
            Some(Err(why)) => return Ok(Frame::BadHeader(why)),
            Some(Ok(n)) if n > MAX_BODY as u64 => return Ok(Frame::TooLarge(n)),
            Some(Ok(n)) => n,
        };
        // Grows with what arrives rather than trusting the header with an allocation.
        let mut body = Vec::new();
        (&mut self.inner).take(n).read_to_end(&mut body)?;
        if (body.len() as u64) < n {
            return Ok(Frame::Eof);
        }
        Ok(Frame::Body(body))
    }

    /// One line without its `\n` or `\r\n` (at most its last [`MAX_LINE`] bytes); `None` at the
    /// end of the stream, also after a last line without a line break (a cut-off header).
    fn read_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(None);
            }
            let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], i + 1),
                None => (buf, buf.len()),
            };
            line.extend_from_slice(chunk);
            let found = done > chunk.len();
            self.inner.consume(done);
            if line.len() > 2 * MAX_LINE {
                // One byte more than kept: a `\r` at the end is dropped below.
                line.drain(..line.len() - (MAX_LINE + 1));
            }
            if found {
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                if line.len() > MAX_LINE {
                    line.drain(..line.len() - MAX_LINE);
                }
                return Ok(Some(line));
            }
        }
    }
}

/// The value of a `Content-Length:` header anywhere in `line` (case-insensitive name).
fn content_length(line: &[u8]) -> Option<&[u8]> {
    const NAME: &[u8] = b"content-length:";
    line.windows(NAME.len())
        .position(|w| w.eq_ignore_ascii_case(NAME))
        .map(|i| &line[i + NAME.len()..])
}

/// Writes one message with its header, and flushes.
pub fn write_message(out: &mut impl Write, body: &[u8]) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut r = Reader::new(input);
        let mut out = Vec::new();
        loop {
            let f = r.next_frame().unwrap();
            let end = f == Frame::Eof;
            out.push(f);
            if end {
                return out;
            }
        }
    }

    fn msg(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    #[test]
    fn reads_messages_back_to_back_with_other_headers() {
        let input = format!(
            "{}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 2\r\n\r\n{{}}{}",
            msg(r#"{"a":1}"#),
            msg("[ø]")
        );
        assert_eq!(
            frames(input.as_bytes()),
            vec![body(r#"{"a":1}"#), body("{}"), body("[ø]"), Frame::Eof]
        );
    }

    #[test]
    fn a_missing_or_broken_content_length_skips_the_block_and_finds_the_next_message() {
        // No Content-Length: the body is read as a header line, with the next header glued on.
        let input = format!("Content-Type: x\r\n\r\n{{\"id\":1}}{}", msg("{}"));
        assert_eq!(
            frames(input.as_bytes()),
            vec![
                Frame::BadHeader("no Content-Length header".into()),
                body("{}"),
                Frame::Eof
            ]
        );
        let input = format!("Content-Length: twelve\r\n\r\n{}", msg("{}"));
        let f = frames(input.as_bytes());
        assert!(
            matches!(&f[0], Frame::BadHeader(w) if w.contains("twelve")),
            "{f:?}"
        );
        assert_eq!(f[1..], [body("{}"), Frame::Eof]);
        // Bare `\n` line ends are accepted too, and stray blank lines between messages.
        assert_eq!(
            frames(b"\r\n\nContent-Length: 2\n\n{}"),
            vec![body("{}"), Frame::Eof]
        );
    }

    #[test]
    fn an_absurd_length_is_reported_and_the_stream_resynchronises() {
        let input = format!(
            "Content-Length: 99999999999999\r\n\r\n{}{}",
            "x".repeat(3 * MAX_LINE),
            msg("{}")
        );
        assert_eq!(
            frames(input.as_bytes()),
            vec![Frame::TooLarge(99_999_999_999_999), body("{}"), Frame::Eof]
        );
        // Larger than u64: not a number.
        let f = frames(b"Content-Length: 999999999999999999999999\r\n\r\n");
        assert!(matches!(f[0], Frame::BadHeader(_)), "{f:?}");
    }

    #[test]
    fn a_cut_off_stream_ends_cleanly() {
        assert_eq!(frames(b""), vec![Frame::Eof]);
        assert_eq!(frames(b"Content-Len"), vec![Frame::Eof]);
        assert_eq!(frames(b"Content-Length: 10\r\n"), vec![Frame::Eof]);
        assert_eq!(
            frames(b"Content-Length: 10\r\n\r\n{\"a\""),
            vec![Frame::Eof]
        );
        // A header promising less than the limit but nothing after it: no allocation of it.
        assert_eq!(
            frames(format!("Content-Length: {MAX_BODY}\r\n\r\n{{").as_bytes()),
            vec![Frame::Eof]
        );
    }

    #[test]
    fn overlong_lines_keep_only_their_end() {
        let mut r = Reader::new(&b"abc"[..]);
        assert_eq!(r.read_line().unwrap(), None);
        let long = format!("{}Content-Length: 2\r\n", "y".repeat(10 * MAX_LINE));
        let mut r = Reader::new(long.as_bytes());
        let line = r.read_line().unwrap().unwrap();
        assert_eq!(line.len(), MAX_LINE);
        assert!(line.ends_with(b"Content-Length: 2"));
    }

    #[test]
    fn writes_the_header() {
        let mut out = Vec::new();
        write_message(&mut out, "{\"ø\":1}".as_bytes()).unwrap();
        assert_eq!(out, "Content-Length: 8\r\n\r\n{\"ø\":1}".as_bytes());
    }
}
