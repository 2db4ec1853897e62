//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) and every input that once
//! crashed a target (`fuzz/regressions/<target>/`) through the same harness functions the fuzz
//! targets run (`fuzz/harness.rs`), so CI checks them on stable Rust without libFuzzer.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn replay(dir: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(dir);
    let mut n = 0;
    for (target, run) in harness::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        files.sort();
        for file in files.iter().filter(|f| f.is_file()) {
            let data = std::fs::read(file).expect("read corpus file");
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target} panicked on {}", file.display());
            n += 1;
        }
    }
    n
}

#[test]
fn the_fuzz_corpus_replays_without_panics() {
    let n = replay("corpus");
    assert!(n >= 20, "only {n} corpus files: is fuzz/corpus committed?");
}

#[test]
fn past_fuzz_crashes_stay_fixed() {
    replay("regressions");
}
