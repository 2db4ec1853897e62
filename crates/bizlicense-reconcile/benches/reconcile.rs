//! Pairs per second for a realistic mixed set: every snapshot case under `tests/cases/`
//! (raw WeChat / Tencent / core JSON, converted once up front), reconciled in a loop.
//! `bench/reconcile_baseline.py` does comparable normalize-and-ratio work over the same
//! files in Python (rapidfuzz + unicodedata).

use std::path::Path;

use bizlicense_core::{LicenseScan, RegistryRecord, jiff::civil::date};
use bizlicense_reconcile::{Engine, normalize::normalize_text};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

fn load_pairs() -> Vec<(LicenseScan, RegistryRecord)> {
    use bizlicense_tencent::convert as tc;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/cases")
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .into_string()
                .ok()?
                .strip_suffix(".scan.json")
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    let read = |p: std::path::PathBuf| -> Value {
        let mut v: Value =
            serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("json");
        if let Some(o) = v.as_object_mut() {
            o.remove("_comment");
        }
        v
    };
    names
        .iter()
        .map(|n| {
            let s = read(dir.join(format!("{n}.scan.json")));
            let r = read(dir.join(format!("{n}.registry.json")));
            let scan = if s.get("provider").is_some() {
                serde_json::from_value(s).expect("core scan")
            } else if s.get("errcode").is_some() {
                bizlicense_wechat::convert::scan_from_bizlicense(&s).expect("wechat")
            } else {
                tc::scan_from_bizlicense_ocr(&s).expect("ocr")
            };
            let b = r.get("Response").unwrap_or(&r);
            let rec = if r.get("provider").is_some() {
                serde_json::from_value(r).expect("core record")
            } else if b.get("IsIdNumConsistent").is_some() {
                tc::record_from_enterprise4(&r).expect("e4")
            } else if b.get("Entname").is_some() {
                tc::record_from_verify_basic(&r).expect("basic")
            } else {
                tc::record_from_verify_detailed(&r).expect("detailed")
            };
            (scan, rec)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let pairs = load_pairs();
    let engine = Engine::default();
    let as_of = date(2025, 6, 1);
    let mut g = c.benchmark_group("reconcile");
    g.throughput(Throughput::Elements(pairs.len() as u64));
    g.bench_function("mixed_cases", |b| {
        b.iter(|| {
            for (s, r) in &pairs {
                std::hint::black_box(engine.reconcile(s, r, as_of));
            }
        })
    });
    let texts: Vec<&str> = pairs
        .iter()
        .flat_map(|(s, r)| {
            [
                s.name.as_deref(),
                s.address.as_deref(),
                r.name.as_deref(),
                r.address.as_deref(),
            ]
        })
        .flatten()
        .collect();
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("normalize_text", |b| {
        b.iter(|| {
            for t in &texts {
                std::hint::black_box(normalize_text(t));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
