//! Writes the three JSON Schemas under `schemas/`: `cargo run --example gen_schemas`.

mod generator;

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, generate) in generator::SCHEMAS {
        let text = generate();
        let path = root.join(file);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old == text {
            println!("{file}: unchanged");
        } else {
            std::fs::write(&path, &text).unwrap_or_else(|e| panic!("cannot write {file}: {e}"));
            println!("{file}: written ({} bytes)", text.len());
        }
    }
}
