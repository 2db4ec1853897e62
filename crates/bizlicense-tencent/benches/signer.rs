//! TC3-HMAC-SHA256 signing cost per request: the published vector's small body, a verify
//! request, and a BizLicenseOCR request carrying a 64 KiB image as base64 (hashing dominates).

use bizlicense_tencent::Credentials;
use bizlicense_tencent::sign::sign;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let creds = Credentials::new(
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    );
    let image = "A".repeat(64 * 1024 / 3 * 4);
    let bodies = [
        (
            "vector",
            r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#
                .to_owned(),
        ),
        (
            "verify",
            r#"{"RegNum":"911101085636549482","Name":"腾讯云计算（北京）有限责任公司"}"#.to_owned(),
        ),
        ("ocr_64k", format!(r#"{{"ImageBase64":"{image}","EnableCopyWarn":true}}"#)),
    ];
    let mut g = c.benchmark_group("tc3_sign");
    for (name, body) in &bodies {
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), body, |b, body| {
            b.iter(|| {
                sign(
                    &creds,
                    std::hint::black_box(1_551_113_065),
                    "ocr.tencentcloudapi.com",
                    "application/json",
                    body.as_bytes(),
                    "ocr",
                )
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
