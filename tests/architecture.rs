//! The module graph is the one `docs/ARCHITECTURE.md` draws: each top-level module of `src/`
//! imports only the modules its row of the table between `<!-- layers -->` and
//! `<!-- /layers -->` allows, the table itself has no cycle, and `base` imports nothing of
//! ours. Read from the source: every `crate::` path (in `use` lines and inline, braced groups
//! too) and every `super::` that climbs to the crate root.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Module -> modules it may import, from the architecture document.
fn allowed() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(root().join("docs/ARCHITECTURE.md")).unwrap();
    let table = doc
        .split_once("<!-- layers -->")
        .and_then(|(_, rest)| rest.split_once("<!-- /layers -->"))
        .map(|(t, _)| t)
        .expect("docs/ARCHITECTURE.md has a layers table between <!-- layers --> markers");
    let names = |cell: &str| -> BTreeSet<String> {
        cell.split(['`', ',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .map(str::to_string)
            .collect()
    };
    let mut out = BTreeMap::new();
    for line in table.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').collect();
        let module = names(cells[1]).into_iter().next().unwrap();
        out.insert(module, names(cells[2]));
    }
    assert!(out.len() >= 8, "layers table too small: {out:?}");
    out
}

/// The module path of a source file: `src/config/check.rs` -> [config, check].
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root().join("src")).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The top-level modules a file refers to (its own excluded).
fn imports(file: &Path) -> BTreeSet<String> {
    imports_of(&std::fs::read_to_string(file).unwrap(), &module_path(file))
}

/// The top-level modules `text`, the source of the module at path `here`, refers to.
fn imports_of(text: &str, here: &[String]) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    // `crate::x`, `crate::{x::A, y}`.
    for (i, _) in code.match_indices("crate::") {
        if i > 0 && code[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue; // `vendorlint_crate::`, not ours
        }
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.insert(ident(&group[start..j]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(ident(&group[start..j]));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    // `super::` climbing out of the file's own top-level module.
    for (i, _) in code.match_indices("super::") {
        if i >= "super::".len() && code[..i].ends_with("super::") {
            continue; // counted from the first `super::` of the chain
        }
        let mut rest = &code[i..];
        let mut up = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            up += 1;
            rest = r;
        }
        // A file's own module is `here`; `super` of a non-mod file is its parent.
        if up >= here.len() {
            out.insert(ident(rest));
        }
    }
    out.retain(|m| !m.is_empty() && m != "self" && Some(m) != here.first());
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn modules_import_only_what_the_architecture_allows() {
    let allowed = allowed();
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for f in &files {
        let module = module_path(f);
        let Some(top) = module.first() else { continue };
        if top == "lib" || top == "main" {
            continue; // the crate root and the binary: adapters over everything
        }
        seen.insert(top.clone());
        let Some(may) = allowed.get(top) else {
            problems.push(format!("module `{top}` is not in the layers table"));
            continue;
        };
        for m in imports(f) {
            if !may.contains(&m) {
                problems.push(format!(
                    "{}: `{top}` imports `{m}`, which docs/ARCHITECTURE.md does not allow",
                    f.strip_prefix(root()).unwrap().display()
                ));
            }
        }
    }
    for m in allowed.keys() {
        if !seen.contains(m) {
            problems.push(format!(
                "the layers table lists `{m}`, which is not a module"
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(allowed["base"].is_empty(), "base is a leaf");
}

#[test]
fn the_layers_table_has_no_cycle() {
    let allowed = allowed();
    // Kahn's algorithm: repeatedly remove modules whose allowed imports are all removed.
    let mut left: BTreeMap<String, BTreeSet<String>> = allowed.clone();
    while !left.is_empty() {
        let ready: Vec<String> = left
            .iter()
            .filter(|(_, deps)| deps.iter().all(|d| !left.contains_key(d)))
            .map(|(m, _)| m.clone())
            .collect();
        assert!(
            !ready.is_empty(),
            "a cycle among {:?}",
            left.keys().collect::<Vec<_>>()
        );
        for m in ready {
            left.remove(&m);
        }
    }
}

/// The reader itself, on made-up sources: braced groups, inline paths, `super::` chains that
/// climb to the crate root, and comments.
#[test]
fn the_import_reader_sees_groups_inline_paths_and_super() {
    let m = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let text = "use crate::{a::X, b, c::{D, E}};\nfn f() { super::s::y(); crate::d::z(); }\n// crate::hidden\n";
    let top = imports_of(text, &m(&["m"]));
    assert_eq!(
        top,
        ["a", "b", "c", "d", "s"].map(String::from).into(),
        "{top:?}"
    );
    let nested = imports_of(
        "use super::own; use super::super::up::x;",
        &m(&["m", "child"]),
    );
    assert_eq!(nested, ["up"].map(String::from).into(), "{nested:?}");
    let own = imports_of("use crate::m::x; use crate::base::Y;", &m(&["m", "child"]));
    assert_eq!(own, ["base"].map(String::from).into(), "{own:?}");
}

/// The configuration stays split by job (issue 8): no file of `src/config/` grows past about
/// 400 lines, and the cache lives in `discovery.rs`, not in `LintOptions`.
#[test]
fn the_configuration_stays_split_by_job() {
    let dir = root().join("src/config");
    let mut big = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let lines = std::fs::read_to_string(&p).unwrap().lines().count();
        if lines > 420 {
            big.push(format!("{}: {lines} lines", p.display()));
        }
    }
    assert!(big.is_empty(), "{big:?}");
    let lint = std::fs::read_to_string(root().join("src/lint.rs")).unwrap();
    let options = lint
        .split_once("pub struct LintOptions {")
        .and_then(|(_, rest)| rest.split_once("\n}"))
        .map(|(body, _)| body)
        .expect("LintOptions in src/lint.rs");
    assert!(
        !options.contains("Resolver"),
        "the configuration cache is not an option"
    );
}
