//! Embed the shipped fixture set (`testdata/fixtures`) in the library, so
//! `Fixtures::load_default()` works wherever the binary runs, not only in a source checkout.
//!
//! Reads the image file names from `index.json` (written by the `gen_fixtures` example) with a
//! minimal scan, to keep build dependencies at zero.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dir = Path::new(&manifest).join("testdata/fixtures");
    println!("cargo:rerun-if-changed=testdata/fixtures");

    let mut files = vec![
        "companies.json".to_owned(),
        "licenses.json".to_owned(),
        "index.json".to_owned(),
    ];
    let index = std::fs::read_to_string(dir.join("index.json")).unwrap_or_default();
    for line in index.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("\"file\": \"")
            && let Some(name) = rest.strip_suffix("\",").or_else(|| rest.strip_suffix('"'))
        {
            files.push(name.to_owned());
        }
    }
    let mut code = String::from(
        "/// The shipped fixture files: (path relative to the fixture directory, bytes).\n",
    );
    code.push_str("pub(crate) static FILES: &[(&str, &[u8])] = &[\n");
    for f in &files {
        let path = dir.join(f);
        if path.exists() {
            writeln!(
                code,
                "    ({f:?}, include_bytes!({:?})),",
                path.display().to_string()
            )
            .expect("writing to a String cannot fail");
        }
    }
    code.push_str("];\n");
    std::fs::write(Path::new(&out).join("embedded_fixtures.rs"), code)
        .expect("OUT_DIR is writable");
}
