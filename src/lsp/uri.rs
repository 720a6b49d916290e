//! Document URIs: the protocol's `lsp_types::Uri` (RFC 3986, strict) on the wire, file paths
//! for linting, through the `url` crate (`Url::to_file_path`, `Url::from_file_path`).
//!
//! * A `file:` URI is linted as that file: its `vendorlint.toml` is looked up from its
//!   directory, as on the command line.
//! * Any other URI (`untitled:Untitled-1`, a diff view's `git:` URI) has no file. It is linted
//!   as a file of the same name in the server's working directory (the editor's project, where
//!   it started the server), so the configuration found from there applies; a name without a
//!   `.yaml`, `.yml` or `.json` ending gets one from the document's language id.
//! * A client may send a string that is not a valid URI (a raw `ø`, or `%` not followed by two
//!   hex digits: `file:///home/me/%aø.yaml`). [`repair`] percent-encodes exactly the offending
//!   bytes, which does not change what the URI decodes to, and the document is known by the
//!   repaired URI from then on (its diagnostics are published under it).

use lsp_types as lsp;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The path of a `file:` URI; `None` for other schemes and unusable `file:` URIs.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let url = url::Url::parse(uri).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path().ok()
}

/// The path a document is linted as (see the module documentation).
pub fn document_path(uri: &str, language_id: &str) -> PathBuf {
    if let Some(p) = uri_to_path(uri) {
        return p;
    }
    let last = uri.rsplit(['/', ':', '\\']).next().unwrap_or_default();
    let last = last.split(['?', '#']).next().unwrap_or_default();
    let mut name: String = last
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name_lower = name.to_ascii_lowercase();
    if ![".yaml", ".yml", ".json"]
        .iter()
        .any(|e| name_lower.ends_with(e))
    {
        if name.trim_matches(['.', '_']).is_empty() {
            name = "untitled".into();
        }
        name.push_str(if language_id.starts_with("json") {
            ".json"
        } else {
            ".yaml"
        });
    }
    std::env::current_dir()
        .unwrap_or_else(|_| PathBuf::from("."))
        .join(name)
}

/// A `file:` URI for a path (made absolute against the working directory).
pub fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    let abs = std::path::absolute(path).ok()?;
    let url = url::Url::from_file_path(abs).ok()?;
    lsp::Uri::from_str(url.as_str()).ok()
}

/// `raw` as a valid URI: unchanged if it is one, else with every byte that may not stand in a
/// URI percent-encoded (a `%` that starts no `%XX` escape becomes `%25`).
pub fn repair(raw: &str) -> String {
    if lsp::Uri::from_str(raw).is_ok() {
        return raw.to_string();
    }
    let minimal = encode(raw, false);
    if lsp::Uri::from_str(&minimal).is_ok() {
        return minimal;
    }
    // Brackets outside a host, a second `#`: encode every delimiter that may be misplaced.
    encode(raw, true)
}

fn encode(raw: &str, strict: bool) -> String {
    let bytes = raw.as_bytes();
    let hex = |b: Option<&u8>| b.is_some_and(u8::is_ascii_hexdigit);
    let mut out = String::with_capacity(raw.len());
    let mut fragment = false;
    for (i, &b) in bytes.iter().enumerate() {
        let keep = match b {
            b'%' => hex(bytes.get(i + 1)) && hex(bytes.get(i + 2)),
            b'#' if strict => !std::mem::replace(&mut fragment, true),
            b'[' | b']' => !strict,
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => true,
            _ => b"-._~:/?#@!$&'()*+,;=".contains(&b),
        };
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Repairs (see [`repair`]) every `uri` and `rootUri` string in a message's params, so that
/// one odd URI does not make the whole message unreadable.
pub fn repair_params(params: &mut Value) {
    match params {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                match v {
                    Value::String(s) if k == "uri" || k == "rootUri" => *s = repair(s),
                    _ => repair_params(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(repair_params),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_decode_to_paths() {
        assert_eq!(
            uri_to_path("file:///tmp/k%C3%B8benhavn%20it.yaml"),
            Some(PathBuf::from("/tmp/københavn it.yaml"))
        );
        // A stray `%` before a multi-byte character (this used to panic in string slicing).
        assert_eq!(
            uri_to_path("file:///home/me/%aø.yaml"),
            Some(PathBuf::from("/home/me/%aø.yaml"))
        );
        assert_eq!(
            uri_to_path("file:///home/me/%"),
            Some(PathBuf::from("/home/me/%"))
        );
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        assert_eq!(uri_to_path("https://example.com/a.yaml"), None);
        assert_eq!(uri_to_path("not a uri"), None);
    }

    #[test]
    fn paths_encode_to_uris_and_back() {
        let uri = path_to_uri(Path::new("/tmp/københavn it.yaml")).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/k%C3%B8benhavn%20it.yaml");
        let odd = Path::new("/home/me/%aø #1.yaml");
        let uri = path_to_uri(odd).unwrap();
        assert_eq!(uri_to_path(uri.as_str()).as_deref(), Some(odd));
    }

    #[test]
    fn invalid_uris_are_repaired_without_changing_their_meaning() {
        let raw = "file:///home/me/%aø.yaml";
        assert!(lsp::Uri::from_str(raw).is_err());
        let fixed = repair(raw);
        assert_eq!(fixed, "file:///home/me/%25a%C3%B8.yaml");
        assert!(lsp::Uri::from_str(&fixed).is_ok());
        assert_eq!(uri_to_path(&fixed), uri_to_path(raw));
        // Valid URIs are left alone, escapes and all.
        for ok in [
            "file:///tmp/k%C3%B8benhavn%20it.yaml",
            "untitled:Untitled-1",
        ] {
            assert_eq!(repair(ok), ok);
        }
        for odd in ["file:///a[1]#x#y", "%", "ø", "", "file:///a b"] {
            assert!(lsp::Uri::from_str(&repair(odd)).is_ok(), "{odd}");
        }
        let mut params = serde_json::json!({"textDocument": {"uri": raw}, "x": [{"uri": "ø"}]});
        repair_params(&mut params);
        assert_eq!(params["textDocument"]["uri"], fixed);
        assert_eq!(params["x"][0]["uri"], "%C3%B8");
    }

    #[test]
    fn documents_without_a_file_are_linted_in_the_working_directory() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            document_path("untitled:Untitled-1", "yaml"),
            cwd.join("Untitled-1.yaml")
        );
        assert_eq!(
            document_path("untitled:Untitled-2", "json"),
            cwd.join("Untitled-2.json")
        );
        assert_eq!(
            document_path("git:/repo/v.json?ref=HEAD", "json"),
            cwd.join("v.json")
        );
        assert_eq!(document_path("untitled:", ""), cwd.join("untitled.yaml"));
        assert_eq!(
            document_path("file:///tmp/k%C3%B8benhavn.yaml", "yaml"),
            PathBuf::from("/tmp/københavn.yaml")
        );
    }
}
