//! The hostile corpus: every case in `fixtures/hostile/cases.toml` (a file there, or one this
//! test generates because it is too big to keep in git) is checked by the real binary, as a
//! declaration, as a `vendorlint.toml` or as a rule pack. Each must end within a generous
//! time with the exit code and the codes its entry declares, never panic (no "panicked", never
//! exit code 101), and print nothing a terminal would obey (no raw ESC, C0 or C1 control, bare
//! carriage return or bidi control on stdout or stderr). Inputs the fuzzers
//! (`fuzz/run.sh`) found are kept here as regression cases too. `HOSTILE_CASES=PART` runs
//! only the cases whose name contains PART.
//!
//! A case marked `known_bug` records a defect not fixed yet: the test asserts the process
//! still dies of it (killed by a signal), and fails once it no longer does, so that the entry
//! is updated to the fixed outcome. A case with `pending` will change when the work it names
//! lands; its expectation is what the binary does today.

mod common;
use common::*;
use std::io::Read;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// Far above what any case takes (seconds in a debug build; 2,000 services take the longest,
/// minutes on a loaded machine): only a hang gets here.
const TIMEOUT: Duration = Duration::from_secs(900);
const TODAY: &str = "2026-11-25";
const MINI: &str = "kind: vendor-declaration\nversion: 1\ndeclaration:\n  id: acme\nvendor:\n  name: Acme\n  country: DK\n";

/// One entry of cases.toml.
#[derive(Debug)]
struct Case {
    name: String,
    /// A file in fixtures/hostile/, or the name of a generator below.
    file: Option<String>,
    generate: Option<String>,
    /// `declaration` (default), `config` or `rules`.
    role: String,
    /// The name the declaration is checked under (default: the file's, or `NAME.yaml`).
    check_as: Option<String>,
    exit: Option<i64>,
    codes: Vec<String>,
    absent: Vec<String>,
    contains: Vec<String>,
    known_bug: Option<String>,
}

fn strings(t: &toml_edit::Table, key: &str) -> Vec<String> {
    t.get(key)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().expect("a list of strings").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(root().join("fixtures/hostile/cases.toml")).unwrap();
    let doc: toml_edit::DocumentMut = text.parse().expect("cases.toml is TOML");
    let known = [
        "name",
        "file",
        "generate",
        "role",
        "as",
        "exit",
        "codes",
        "absent",
        "contains",
        "known_bug",
        "pending",
    ];
    let list = doc["case"].as_array_of_tables().expect("[[case]] entries");
    list.iter()
        .map(|t| {
            for (k, _) in t.iter() {
                assert!(known.contains(&k), "cases.toml: unknown key `{k}`");
            }
            let s = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
            let file = s("file");
            let generate = s("generate");
            assert!(
                file.is_some() != generate.is_some(),
                "cases.toml: each case has `file` or `generate`: {t}"
            );
            let case = Case {
                name: s("name")
                    .or_else(|| file.clone())
                    .or_else(|| generate.clone())
                    .unwrap(),
                file,
                generate,
                role: s("role").unwrap_or_else(|| "declaration".into()),
                check_as: s("as"),
                exit: t.get("exit").and_then(|v| v.as_integer()),
                codes: strings(t, "codes"),
                absent: strings(t, "absent"),
                contains: strings(t, "contains"),
                known_bug: s("known_bug"),
            };
            assert!(
                case.exit.is_some() != case.known_bug.is_some(),
                "{}: a case declares `exit`, or `known_bug` (it crashes today)",
                case.name
            );
            case
        })
        .collect()
}

/// The bytes of a generated case: too big for git, or only a size away from a committed one.
fn generate(name: &str) -> Vec<u8> {
    match name {
        // One byte over the 8 MiB cap, made of comments after a valid head.
        "over-cap" => {
            let mut s = MINI.to_string();
            let line = format!("# {}\n", "x".repeat(77));
            while s.len() <= 8 * 1024 * 1024 {
                s.push_str(&line);
            }
            s.truncate(8 * 1024 * 1024 + 1);
            s.into_bytes()
        }
        // Exactly at the cap: read and checked.
        "at-cap" => {
            let mut s = MINI.to_string();
            let line = format!("# {}\n", "x".repeat(77));
            while s.len() + line.len() <= 8 * 1024 * 1024 {
                s.push_str(&line);
            }
            s.push_str(&"#".repeat(8 * 1024 * 1024 - s.len()));
            s.into_bytes()
        }
        // A 4 MiB literal block scalar over 65,536 lines.
        "huge-scalar" => {
            let mut s = format!("{MINI}  notes: |\n");
            for _ in 0..65_536 {
                s.push_str("    ");
                s.push_str(&"lol ".repeat(15));
                s.push('\n');
            }
            s.into_bytes()
        }
        // One line of 1 MiB: a quoted scalar on the line with the unknown key it is under.
        "long-line" => format!("{MINI}  bogus: \"{}\"\n", "y".repeat(1024 * 1024)).into_bytes(),
        // A declaration with 2,000 services.
        "many-services" => {
            let mut s = format!("{MINI}services:\n");
            for i in 0..2000 {
                s.push_str(&format!(
                    "  - id: svc-{i}\n    name: Service {i}\n    kind: web_hosting\n"
                ));
            }
            s.into_bytes()
        }
        // A condition of 20,000 terms (`1 + 1 + ...`).
        "rules-huge-expression" => {
            let terms = vec!["1"; 20_000].join(" + ");
            rule_pack(&format!("{terms} > 0"))
        }
        other => panic!("cases.toml names an unknown generator `{other}`"),
    }
}

/// A rule pack of one rule with this condition.
fn rule_pack(condition: &str) -> Vec<u8> {
    format!(
        "kind: vendorlint-rules\nversion: 1\nrules:\n  - id: HOST-001\n    domain: contract\n    title: A hostile rule\n    severity: warning\n    rationale: Costs as much as it can.\n    question: \"Why?\"\n    references: [\"none\"]\n    select: document\n    condition: \"{condition}\"\n    message: huge\n    examples:\n      fail: [{{}}]\n      pass: [{{remove: [/vendor]}}]\n"
    )
    .into_bytes()
}

/// Run vendorlint in `dir`, killed after TIMEOUT; `None` when it had to be killed. Output is
/// read while it runs, so a big report cannot block it on a full pipe.
fn bounded(dir: &Path, args: &[&str]) -> Option<(Output, Duration)> {
    let mut child = bin()
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    Some((output, start.elapsed()))
}

/// Characters a terminal would obey, with their byte offsets (at most a few).
fn obeyed(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (i, c) in text.char_indices() {
        let bad = match c {
            '\r' => bytes.get(i + 1) != Some(&b'\n'),
            '\n' | '\t' => false,
            c => c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
        };
        if bad && found.len() < 5 {
            found.push(format!("U+{:04X} at byte {i}", c as u32));
        }
    }
    found
}

fn excerpt(s: &str) -> String {
    if s.len() <= 3000 {
        return s.to_string();
    }
    let mut end = 3000;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &s[..end], s.len())
}

/// Check one case; the problems found (empty: as declared).
fn check(case: &Case) -> Vec<String> {
    let t = TempDir::new(&format!("hostile-corpus-{}", case.name.replace('.', "-")));
    let bytes = match (&case.file, &case.generate) {
        (Some(f), _) => std::fs::read(root().join("fixtures/hostile").join(f)).unwrap(),
        (_, Some(g)) => generate(g),
        _ => unreachable!(),
    };
    let reference = std::fs::read(root().join("fixtures/vendors/unoeuro.yaml")).unwrap();
    let mut args: Vec<String> = vec!["check".into()];
    match case.role.as_str() {
        "declaration" => {
            let name = case.check_as.clone().unwrap_or_else(|| match &case.file {
                Some(f) => f.clone(),
                None => format!("{}.yaml", case.name),
            });
            t.write(&name, &bytes);
            args.extend([name, "--no-config".into()]);
        }
        // The configuration found beside the declaration it governs.
        "config" => {
            t.write("vendorlint.toml", &bytes);
            t.write("vendor.yaml", &reference);
            args.push("vendor.yaml".into());
        }
        "rules" => {
            let name = case
                .file
                .clone()
                .unwrap_or_else(|| format!("{}.yaml", case.name));
            t.write(&format!("rules/{name}"), &bytes);
            t.write("vendor.yaml", &reference);
            args.extend(["vendor.yaml", "--no-config", "--rules", "rules"].map(String::from));
        }
        other => panic!("{}: unknown role `{other}`", case.name),
    }
    args.extend(["--today", TODAY, "--color", "never"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let Some((o, took)) = bounded(t.path(), &args) else {
        return vec![format!("did not finish within {TIMEOUT:?} (a hang)")];
    };
    let (out, err) = (stdout(&o), stderr(&o));
    let mut problems = Vec::new();
    let mut problem = |p: String| problems.push(p);
    for (stream, text) in [("stdout", &out), ("stderr", &err)] {
        let bad = obeyed(text);
        if !bad.is_empty() {
            problem(format!("{stream} has characters a terminal obeys: {bad:?}"));
        }
    }
    match &case.known_bug {
        Some(bug) => {
            if o.status.code().is_some() {
                problem(format!(
                    "known bug `{bug}` seems fixed (exit code {:?}): declare the outcome now in cases.toml",
                    o.status.code()
                ));
            }
            return problems;
        }
        None => {
            if err.contains("panicked") || o.status.code() == Some(101) {
                problem("panicked".into());
            }
            if o.status.code().map(i64::from) != case.exit {
                problem(format!(
                    "exit code {:?}, expected {:?}",
                    o.status.code(),
                    case.exit
                ));
            }
        }
    }
    let all = format!("{out}{err}");
    for c in &case.codes {
        if !all.contains(c.as_str()) {
            problem(format!("`{c}` was expected and is not reported"));
        }
    }
    for c in &case.absent {
        if all.contains(c.as_str()) {
            problem(format!("`{c}` is reported and should not be"));
        }
    }
    for c in &case.contains {
        if !all.contains(c.as_str()) {
            problem(format!("the output lacks `{c}`"));
        }
    }
    if !problems.is_empty() {
        problems.push(format!(
            "(took {took:?})\nstdout: {}\nstderr: {}",
            excerpt(&out),
            excerpt(&err)
        ));
    }
    problems
}

#[test]
fn every_hostile_case_ends_as_declared() {
    let cases = cases();
    // Every file in the directory is a case (or the case list itself): none is forgotten.
    let dir = root().join("fixtures/hostile");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "cases.toml" || cases.iter().any(|c| c.file.as_deref() == Some(&name)),
            "fixtures/hostile/{name} is not a case in cases.toml"
        );
    }
    let total: u64 = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(
        total < 512 * 1024,
        "fixtures/hostile/ holds {total} bytes: generate big cases"
    );
    // HOSTILE_CASES=part checks only the cases whose name contains it.
    let only = std::env::var("HOSTILE_CASES").unwrap_or_default();
    let cases: Vec<Case> = cases
        .into_iter()
        .filter(|c| c.name.contains(&only))
        .collect();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut failed = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        let Some(case) = cases.get(i) else { break };
                        let problems = check(case);
                        if !problems.is_empty() {
                            failed.push(format!("{}: {}", case.name, problems.join("\n  ")));
                        }
                    }
                    failed
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} hostile cases did not end as declared:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
