//! Streaming output: `check` prints each file's report as soon as it and the files before it
//! are checked, in discovery order, whatever the number of threads; a run stopped half-way has
//! printed what it finished; a closed pipe ends the run quietly. Runs the real binary.

mod common;
use common::*;
use std::io::Read;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use vendorlint::config::ConfigChoice;
use vendorlint::report::{OutputFormat, render};
use vendorlint::{LintOptions, lint};

const TODAY: &str = "2026-11-22";

/// Three declarations with findings; `c.yaml` comes last in discovery order.
fn three() -> TempDir {
    let t = TempDir::new("streaming-three");
    for (name, src) in [
        ("a.yaml", "unoeuro.yaml"),
        ("b.yaml", "onlineregnskab.yaml"),
        ("c.yaml", "unoeuro.yaml"),
    ] {
        t.write(
            &format!("vendors/{name}"),
            std::fs::read(root().join("fixtures/vendors").join(src)).unwrap(),
        );
    }
    t
}

/// Everything `child` writes to stdout, as it comes, over a channel.
fn stdout_chunks(child: &mut Child) -> mpsc::Receiver<Vec<u8>> {
    let mut out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    rx
}

/// Read from `rx` until `done` says the text so far is enough, for at most `limit`.
fn read_until(
    rx: &mpsc::Receiver<Vec<u8>>,
    limit: Duration,
    done: impl Fn(&str) -> bool,
) -> String {
    let end = Instant::now() + limit;
    let mut text = Vec::new();
    while !done(&String::from_utf8_lossy(&text)) {
        let left = end.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(chunk) => text.extend(chunk),
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&text).into_owned()
}

#[test]
fn files_before_a_slow_one_are_printed_while_it_is_checked() {
    let t = three();
    // What each format shows of a file: its path, as the format writes it.
    for format in ["short", "human", "github", "json", "sarif"] {
        let mut child = bin()
            .current_dir(t.path())
            .args(["check", "vendors", "--no-config", "--today", TODAY])
            .args(["--color", "never", "--format", format])
            // The last file takes two minutes (a debug-build test hook, see src/lint.rs).
            .env("VENDORLINT_TEST_DELAY", "c.yaml:120000")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let rx = stdout_chunks(&mut child);
        let shown = |text: &str| text.contains("vendors/a.yaml") && text.contains("vendors/b.yaml");
        // Generous: the two files take well under a second; the slow one two minutes.
        let text = read_until(&rx, Duration::from_secs(60), shown);
        let running = child.try_wait().unwrap().is_none();
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            shown(&text),
            "{format}: a.yaml and b.yaml not printed:\n{text}"
        );
        assert!(
            running,
            "{format}: the run ended before the slow file was done"
        );
        assert!(!text.contains("vendors/c.yaml"), "{format}: {text}");
        // a.yaml's findings come before b.yaml's (discovery order).
        let (a, b) = (
            text.find("vendors/a.yaml").unwrap(),
            text.find("vendors/b.yaml").unwrap(),
        );
        assert!(a < b, "{format}: {text}");
        if format == "json" {
            assert!(text.contains("\"diagnostics\": ["), "{text}");
        }
    }
}

#[test]
fn a_slow_first_file_holds_back_the_rest_in_order() {
    // The first file is slow: nothing after it may be printed before it, and everything is
    // printed once it is done, in order.
    let t = three();
    let o = bin()
        .current_dir(t.path())
        .args([
            "check",
            "vendors",
            "--no-config",
            "--today",
            TODAY,
            "--format",
            "short",
        ])
        .env("VENDORLINT_TEST_DELAY", "a.yaml:1500")
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .unwrap();
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let text = stdout(&o);
    let mut order: Vec<&str> = text.lines().map(|l| l.split(':').next().unwrap()).collect();
    order.dedup();
    assert_eq!(
        order,
        ["vendors/a.yaml", "vendors/b.yaml", "vendors/c.yaml"]
    );
}

/// The paths and options both paths below use: broken files (syntax, schema, encoding
/// errors), real declarations with findings and open questions, a path that does not exist.
const PATHS: [&str; 4] = [
    "fixtures/broken",
    "fixtures/vendors",
    "fixtures/broken/empty.yaml",
    "fixtures/no-such-file.yaml",
];

fn collected(format: OutputFormat) -> String {
    let options = LintOptions {
        today: TODAY.to_string(),
        config: ConfigChoice::Off,
        ..LintOptions::default()
    };
    let paths: Vec<std::path::PathBuf> = PATHS.iter().map(Into::into).collect();
    render(&lint(&paths, &options), format, false)
}

#[test]
fn every_format_streams_what_the_collected_report_renders_whatever_the_threads() {
    for (name, format) in [
        ("human", OutputFormat::Human),
        ("short", OutputFormat::Short),
        ("json", OutputFormat::Json),
        ("sarif", OutputFormat::Sarif),
        ("github", OutputFormat::Github),
        ("junit", OutputFormat::Junit),
    ] {
        let expected = collected(format);
        assert!(
            expected.contains("fixtures/vendors/unoeuro.yaml"),
            "{name}: {expected}"
        );
        for threads in ["1", "2"] {
            let o = bin()
                .args(["check", "--no-config", "--today", TODAY, "--color", "never"])
                .args(["--format", name])
                .args(PATHS)
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .unwrap();
            // The path that does not exist is a usage error, after the report.
            assert_eq!(code(&o), 2, "{name}: {}", stderr(&o));
            assert!(
                stdout(&o) == expected,
                "{name} with {threads} threads differs from the collected report:\n{}",
                similar_diff(&expected, &stdout(&o))
            );
        }
    }
}

/// The first lines where two texts part.
fn similar_diff(a: &str, b: &str) -> String {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let i = la.iter().zip(&lb).take_while(|(x, y)| x == y).count();
    format!(
        "line {}:\n- {}\n+ {}",
        i + 1,
        la.get(i).unwrap_or(&"<end>"),
        lb.get(i).unwrap_or(&"<end>")
    )
}

#[test]
fn the_json_report_is_one_object_with_the_summary_last() {
    let o = bin()
        .args(["check", "--no-config", "--today", TODAY, "--format", "json"])
        .args(["fixtures/vendors"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "version",
            "tool",
            "diagnostics",
            "open_questions",
            "summary"
        ]
    );
    let s = &v["summary"];
    assert_eq!(s["files"], 3);
    assert_eq!(
        s["open_questions"].as_u64().unwrap() as usize,
        v["open_questions"].as_array().unwrap().len()
    );
    assert!(!v["open_questions"].as_array().unwrap().is_empty());
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    // Enough output that writing goes on after the reader has gone.
    let t = TempDir::new("streaming-pipe");
    let src = std::fs::read(root().join("fixtures/vendors/unoeuro.yaml")).unwrap();
    for i in 0..60 {
        t.write(&format!("v{i:03}.yaml"), &src);
    }
    for format in ["short", "human", "json"] {
        let mut child = bin()
            .current_dir(t.path())
            .args(["check", ".", "--no-config", "--today", TODAY, "--questions"])
            .args(["--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read a little, then close the pipe (`| head -c 100`).
        let mut out = child.stdout.take().unwrap();
        let mut first = [0u8; 100];
        out.read_exact(&mut first).unwrap();
        drop(out);
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{format}: {err}");
        assert!(!err.contains("Broken pipe"), "{format}: {err}");
        assert_eq!(o.status.code(), Some(0), "{format}: {err}");
    }
}
