//! `rust-version` in Cargo.toml is what the code needs: the newest of the language features
//! the code uses (let chains in `if let ... && let ...`, stable since 1.88) and of the
//! `rust-version` every dependency declares; the README's quick start names the same version.

use std::process::Command;

/// "1.89" or "1.89.0" as (1, 89).
fn version(v: &str) -> (u32, u32) {
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap_or(0))
}

#[test]
fn rust_version_is_what_the_code_and_its_dependencies_need() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root)
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ours = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "vendorlint")
        .unwrap();
    let declared = version(ours["rust_version"].as_str().expect("rust-version is set"));
    let (needed, by) = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] != "vendorlint")
        .filter_map(|p| Some((version(p["rust_version"].as_str()?), p["name"].to_string())))
        .chain([((1, 88), "let chains in our own code".to_string())])
        .max()
        .unwrap();
    assert_eq!(
        declared, needed,
        "rust-version should be {needed:?}, needed by {by}"
    );
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let said = format!("Rust ({}.{} or newer)", declared.0, declared.1);
    assert!(readme.contains(&said), "README should say {said:?}");
}
