//! Robustness of the loader on hostile input: random bytes, random YAML-ish text, and random
//! mutations of real declarations. Properties: no panic, a document or a diagnostic (never
//! neither), and every position inside the text.

use proptest::prelude::*;
use vendorlint::load::{Format, Limits, Loaded, load_bytes};

fn line_count(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

fn check_invariants(bytes: &[u8], loaded: &Loaded) {
    assert!(
        loaded.document.is_some() || !loaded.diagnostics.is_empty(),
        "neither a document nor a diagnostic for {:?}",
        String::from_utf8_lossy(bytes)
    );
    let lines = line_count(bytes);
    for d in &loaded.diagnostics {
        let span = d.span.expect("loader diagnostics carry a span");
        assert!(span.start.line >= 1 && span.start.column >= 1, "{d:?}");
        assert!(span.start <= span.end, "{d:?}");
        assert!(span.end.line <= lines + 1, "{d:?} beyond {lines} lines");
        assert!(!d.message.is_empty());
    }
    if let Some(doc) = &loaded.document {
        // Every pointer into the value locates to a span within the text.
        let mut pointers = vec![String::new()];
        let mut i = 0;
        while i < pointers.len() && i < 2_000 {
            let p = pointers[i].clone();
            match doc.value.pointer(&p) {
                Some(serde_json::Value::Object(m)) => {
                    pointers.extend(m.keys().map(|k| vendorlint::base::pointer_join(&p, k)))
                }
                Some(serde_json::Value::Array(a)) => {
                    pointers.extend((0..a.len()).map(|j| format!("{p}/{j}")))
                }
                _ => {}
            }
            let s = doc.locate(&p, vendorlint::Target::Value);
            assert!(s.start.line >= 1 && s.end.line <= lines + 1, "{p}: {s:?}");
            i += 1;
        }
    }
}

const SEED_YAML: &str = include_str!("../fixtures/vendors/unoeuro.yaml");

fn yaml_ish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "a",
        ": ",
        "- ",
        "\n",
        "  ",
        "\"",
        "'",
        "[",
        "]",
        "{",
        "}",
        ",",
        "#",
        "&x ",
        "*x",
        "!!str ",
        "? ",
        "|\n",
        ">-\n",
        "---\n",
        "...\n",
        "NO",
        "yes",
        "1.2",
        "2026-11-25",
        "æøå",
        "\t",
        "\\",
        "~",
        "<<: ",
        "%YAML 1.2\n",
        "!t ",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for format in [Format::Yaml, Format::Json] {
            let l = load_bytes(&bytes, format, &Limits::default());
            check_invariants(&bytes, &l);
        }
    }

    #[test]
    fn yaml_ish_text_never_panics(text in yaml_ish()) {
        for format in [Format::Yaml, Format::Json] {
            let l = load_bytes(text.as_bytes(), format, &Limits::default());
            check_invariants(text.as_bytes(), &l);
        }
    }

    #[test]
    fn mutated_declarations_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..8)
    ) {
        let mut bytes = SEED_YAML.as_bytes().to_vec();
        for (at, kind, byte) in edits {
            let i = at.index(bytes.len().max(1));
            match kind {
                0 if i < bytes.len() => { bytes.remove(i); }
                1 => bytes.insert(i.min(bytes.len()), byte),
                2 if i < bytes.len() => bytes[i] = byte,
                _ => bytes.insert(i.min(bytes.len()), b"[{:-#\n\"'"[byte as usize % 8]),
            }
        }
        let l = load_bytes(&bytes, Format::Yaml, &Limits::default());
        check_invariants(&bytes, &l);
        // The same text read as JSON must fail cleanly too.
        let l = load_bytes(&bytes, Format::Json, &Limits::default());
        check_invariants(&bytes, &l);
    }
}
