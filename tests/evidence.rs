//! The seed vendors' declarations quote their sources verbatim: every evidence quote is found
//! in the source's local snapshot (after re-joining hyphenated line breaks and folding white
//! space, since the seeds are text extracted from PDFs), and the snapshots are the seeds.

use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use vendorlint::load::{Format, Limits, load_bytes};

/// Re-join "datacen-\n\nterleverandør" and fold every run of white space to one space.
fn normalise(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '-' && i > 0 && chars[i - 1].is_alphabetic() {
            // A hyphen, then white space containing a line break, then a letter: a split word.
            let mut j = i + 1;
            let mut newline = false;
            while j < chars.len() && chars[j].is_whitespace() {
                newline |= chars[j] == '\n';
                j += 1;
            }
            if newline && j < chars.len() && chars[j].is_alphabetic() {
                i = j;
                continue;
            }
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out.trim().to_string()
}

fn quotes(v: &Value, out: &mut Vec<(String, String, String)>, at: &str) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(src)), Some(Value::String(q))) =
                (m.get("source"), m.get("quote"))
            {
                out.push((src.clone(), q.clone(), at.to_string()));
            }
            for (k, x) in m {
                quotes(x, out, &format!("{at}/{k}"));
            }
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| quotes(x, out, &format!("{at}/{i}"))),
        _ => {}
    }
}

#[test]
fn every_quote_is_in_its_source() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, min_quotes) in [
        ("fixtures/vendors/unoeuro.yaml", 25),
        ("fixtures/vendors/onlineregnskab.yaml", 25),
    ] {
        let path = root.join(file);
        let doc = load_bytes(
            &std::fs::read(&path).unwrap(),
            Format::Yaml,
            &Limits::default(),
        )
        .document
        .unwrap();
        let mut snapshots = HashMap::new();
        for s in doc.value["sources"].as_array().unwrap() {
            let snap = s["snapshot"]
                .as_str()
                .expect("seed sources have a snapshot");
            let text = std::fs::read_to_string(path.parent().unwrap().join(snap)).unwrap();
            snapshots.insert(s["id"].as_str().unwrap().to_string(), normalise(&text));
        }
        let mut found = Vec::new();
        quotes(&doc.value, &mut found, "");
        assert!(
            found.len() >= min_quotes,
            "{file}: only {} quotes",
            found.len()
        );
        for (src, quote, at) in found {
            let text = snapshots
                .get(&src)
                .unwrap_or_else(|| panic!("{file}{at}: unknown source {src}"));
            assert!(
                text.contains(&normalise(&quote)),
                "{file}{at}: quote not in {src}: {quote:?}"
            );
        }
    }
}

#[test]
fn normalisation_rejoins_split_words_only() {
    assert_eq!(
        normalise("Vores datacen-\n\nterleverandør er"),
        "Vores datacenterleverandør er"
    );
    assert_eq!(normalise("DDoS-be-\nskyttelse"), "DDoS-beskyttelse");
    assert_eq!(
        normalise("management- og kundemiljøer"),
        "management- og kundemiljøer"
    );
}

#[test]
fn snapshots_are_the_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("shared/seeds not beside the repo; skipping the byte comparison");
        return;
    }
    for name in ["003_527dbbe053b2f65f.txt", "004_ec13578f1d280684.txt"] {
        let ours = std::fs::read(root.join("fixtures/sources").join(name)).unwrap();
        let seed = std::fs::read(seeds.join(name)).unwrap();
        assert!(
            ours == seed,
            "fixtures/sources/{name} differs from the seed"
        );
    }
}
