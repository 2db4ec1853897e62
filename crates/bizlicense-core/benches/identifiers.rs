//! Identifier parsing: normalization + structure + check digit, per code. Inputs mix clean
//! codes, OCR-style noise the parser folds (spaces, full-width, lower case) and invalid ones.

use bizlicense_core::ident::{CreditCode, OrgCode, RegNo, RegistrationId};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const CODES: &[&str] = &[
    "911101085636549482",
    "91440300708461136T",
    "91310115MA1K3YJ7XA",
    "92440300MA5F000004",
    "12100000400000624D",
    " 9144 0300 7084 6113 6t ",
    "９１４４０３００７０８４６１１３６Ｔ",
    "91440300708461136A",
    "91440300708461I36T",
];

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("identifiers");
    g.throughput(Throughput::Elements(CODES.len() as u64));
    g.bench_function("credit_code_parse", |b| {
        b.iter(|| {
            for code in CODES {
                let _ = std::hint::black_box(CreditCode::parse(std::hint::black_box(code)));
            }
        })
    });
    g.bench_function("registration_id_parse", |b| {
        b.iter(|| {
            for code in CODES.iter().chain(&["120118000032322"]) {
                let _ = std::hint::black_box(RegistrationId::parse(std::hint::black_box(code)));
            }
        })
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("reg_no_parse", |b| {
        b.iter(|| RegNo::parse(std::hint::black_box("120118000032322")))
    });
    g.bench_function("org_code_parse", |b| {
        b.iter(|| OrgCode::parse(std::hint::black_box("70846113-6")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
