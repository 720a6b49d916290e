//! Stage 1: discover. Turn command-line paths into the list of files to load. A file named
//! explicitly is always checked; a directory is walked for `.yaml`, `.yml` and `.json` files,
//! and a walked file is checked only if it declares itself (`kind: vendor-declaration`), so CI
//! workflows and other YAML in the same repo are left alone.

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A file to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    /// Named on the command line (always checked) rather than found by walking.
    pub explicit: bool,
}

/// A path that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoverError {
    pub path: PathBuf,
    pub message: String,
}

/// Directories never walked into: version control, build output, dependencies.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// The marker every declaration carries; a cheap byte search before parsing.
pub const MARKER: &[u8] = b"vendor-declaration";

pub fn is_declaration_extension(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("yaml" | "yml" | "json")
    )
}

/// Expand paths into candidates, in a stable order (walks are sorted by file name).
pub fn discover(paths: &[PathBuf]) -> (Vec<Candidate>, Vec<DiscoverError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(DiscoverError {
                    path: root.clone(),
                    message: io_message(&e),
                });
                continue;
            }
        };
        if !meta.is_dir() {
            files.push(Candidate {
                path: root.clone(),
                explicit: true,
            });
            continue;
        }
        let walker = WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !e.file_type().is_dir()
                    || !(e
                        .file_name()
                        .to_str()
                        .is_some_and(|n| n.starts_with('.') || SKIPPED_DIRS.contains(&n)))
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() && is_declaration_extension(e.path()) => {
                    files.push(Candidate {
                        path: e.into_path(),
                        explicit: false,
                    });
                }
                Ok(_) => {}
                Err(e) => errors.push(DiscoverError {
                    path: e.path().map_or_else(|| root.clone(), Path::to_path_buf),
                    message: e.io_error().map_or_else(|| e.to_string(), io_message),
                }),
            }
        }
    }
    (files, errors)
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skips_hidden_and_build_dirs() {
        let dir = std::env::temp_dir().join(format!("vl-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for f in [
            "b.yaml",
            "a.yml",
            "c.json",
            "d.txt",
            ".git/x.yaml",
            "target/y.yaml",
            "sub/e.YAML",
            ".github/workflows/ci.yml",
        ] {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        let (found, errors) = discover(&[dir.clone(), dir.join("d.txt"), dir.join("missing.yaml")]);
        let names: Vec<String> = found
            .iter()
            .map(|c| {
                format!(
                    "{}{}",
                    c.path.strip_prefix(&dir).unwrap().display(),
                    if c.explicit { "!" } else { "" }
                )
            })
            .collect();
        assert_eq!(
            names,
            vec!["a.yml", "b.yaml", "c.json", "sub/e.YAML", "d.txt!"]
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, "no such file or directory");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
