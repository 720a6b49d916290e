//! Files that are not what they seem: a FIFO, a device and a `.yaml` link to one are named as
//! such and never read (a FIFO would block for ever, a device never ends); declarations saved
//! as UTF-16 or UTF-32 are decoded and checked, in a walk and by the hook's mode too, with a
//! notice to save them as UTF-8; one that does not decode is an error naming its encoding.

mod common;
use common::*;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Run vendorlint in `dir`, killed after a minute: a hang fails the test instead of CI.
fn bounded(dir: &std::path::Path, args: &[&str]) -> Output {
    let mut child = bin()
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("vendorlint {args:?} did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = (bom.then_some(0xFEFF_u16))
        .into_iter()
        .chain(text.encode_utf16());
    for u in units {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

fn utf32le(text: &str) -> Vec<u8> {
    std::iter::once('\u{feff}')
        .chain(text.chars())
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect()
}

/// (rule, line, column) of each finding of `file` in a short report.
fn findings(out: &str, file: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| l.strip_prefix(&format!("{file}:")))
        .filter(|l| !l.contains("[LOAD-004]"))
        .map(|l| {
            let (pos, rest) = l.split_once(": ").unwrap();
            let rule = &rest[rest.find('[').unwrap() + 1..rest.find(']').unwrap()];
            format!("{rule} {pos}")
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_links_to_them_are_named_not_read() {
    let t = TempDir::new("hostile-special");
    let fifo = t.path().join("pipe.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", t.path().join("zero.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", t.path().join("random.yaml")).unwrap();
    let o = bounded(
        t.path(),
        &[
            "check",
            "pipe.yaml",
            "zero.yaml",
            "random.yaml",
            "/dev/zero",
            "--format",
            "short",
        ],
    );
    let out = stdout(&o);
    assert_eq!(code(&o), 1, "{out}{}", stderr(&o));
    assert!(out.contains("pipe.yaml:1:1: error[LOAD-007]: cannot read file: it is a named pipe (FIFO); only regular files are read"), "{out}");
    for name in ["zero.yaml", "random.yaml", "/dev/zero"] {
        assert!(
            out.contains(&format!(
                "{name}:1:1: error[LOAD-007]: cannot read file: it is a device"
            )),
            "{name}: {out}"
        );
    }
    // In a walk they are not declarations and nothing blocks; the real one beside them is
    // still checked.
    t.write(
        "ok.yaml",
        std::fs::read(root().join("fixtures/vendors/nordlys-cloud.yaml")).unwrap(),
    );
    let o = bounded(t.path(), &["check", ".", "--format", "short"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn utf16_and_utf32_declarations_are_decoded_and_checked() {
    let t = TempDir::new("hostile-encodings");
    let text = std::fs::read_to_string(root().join("fixtures/vendors/unoeuro.yaml")).unwrap();
    t.write("utf8.yaml", &text);
    t.write("le-bom.yaml", utf16(&text, false, true));
    t.write("be-nobom.yaml", utf16(&text, true, false));
    t.write("le32.yaml", utf32le(&text));
    // In a walk (and the hook's mode, which checks named files only if they are
    // declarations), each is found by its marker and gives the UTF-8 file's findings at the
    // same places, plus the notice.
    for args in [
        vec!["check", ".", "--format", "short", "--questions"],
        vec![
            "check",
            "--only-declarations",
            "--format",
            "short",
            "--questions",
            "utf8.yaml",
            "le-bom.yaml",
            "be-nobom.yaml",
            "le32.yaml",
        ],
    ] {
        let o = bounded(t.path(), &args);
        let out = stdout(&o);
        let expected = findings(&out, "utf8.yaml");
        assert!(expected.len() > 10, "{out}");
        for (file, name) in [
            ("le-bom.yaml", "UTF-16 (little-endian)"),
            ("be-nobom.yaml", "UTF-16 (big-endian)"),
            ("le32.yaml", "UTF-32 (little-endian)"),
        ] {
            assert_eq!(findings(&out, file), expected, "{file}");
            assert!(
                out.contains(&format!(
                    "{file}:1:1: warning[LOAD-004]: the file is {name}, not UTF-8; it was decoded and checked"
                )),
                "{file}: {out}"
            );
        }
    }
    // A UTF-16 file with a broken surrogate: an error that names the encoding.
    let mut broken = utf16("kind: vendor-declaration\n", false, true);
    broken.extend_from_slice(&[0x00, 0xD8, b'x', 0]);
    t.write("broken.yaml", broken);
    let o = bounded(t.path(), &["check", "broken.yaml", "--format", "short"]);
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains("broken.yaml:1:1: error[LOAD-004]: the file looks like UTF-16 (little-endian), but is not valid UTF-16 (little-endian) at byte offset 52"),
        "{}",
        stdout(&o)
    );
    // Found in a walk too: its marker is searched for with the bad unit replaced, so it is
    // reported rather than skipped as "not a declaration".
    let o = bounded(t.path(), &["check", ".", "--format", "short"]);
    assert!(
        stdout(&o).contains("broken.yaml:1:1: error[LOAD-004]"),
        "{}",
        stdout(&o)
    );
}
