//! Properties: normalization is a fixed point; width-only variants are equivalent;
//! reconciling a record with itself passes.

use bizlicense_core::{LicenseScan, RegistryRecord, jiff::civil::date};
use bizlicense_reconcile::{
    Decision, Engine, FieldId, Verdict,
    compare::{compare_address, compare_name, compare_person, compare_text},
    normalize::normalize_text,
};
use proptest::prelude::*;

/// Characters licenses are made of: CJK used in names and addresses (simplified and
/// traditional), numerals, full- and half-width ASCII, brackets, dots, spaces.
fn license_char() -> impl Strategy<Value = char> {
    prop::sample::select(
        "腾讯科技深圳有限公司责任股份分店北京市海淀区知春路号层楼室栋幢座廣東號區縣樓騰訊\
         一二三四五六七八九十百千万亿零〇壹贰叁肆伍陆柒捌玖拾佰仟两\
         0123456789０１２３４５６７８９ABCabcＡＢＣｆF()（）【】「」《》·•・ \u{3000}\u{200b}-—.、，"
            .chars()
            .collect::<Vec<_>>(),
    )
}

fn license_text() -> impl Strategy<Value = String> {
    prop::collection::vec(license_char(), 0..40).prop_map(|v| v.into_iter().collect())
}

/// Full-width form of the ASCII characters in `s` (what a width-only variant looks like).
fn widen(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            ' ' => '\u{3000}',
            _ => c,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalized_text_is_a_fixed_point(s in license_text()) {
        let once = normalize_text(&s);
        prop_assert_eq!(normalize_text(&once), once);
    }

    #[test]
    fn normalized_arbitrary_text_is_a_fixed_point(s in any::<String>()) {
        let once = normalize_text(&s);
        prop_assert_eq!(normalize_text(&once), once);
    }

    #[test]
    fn width_only_variants_are_equivalent(s in license_text()) {
        let wide = widen(&s);
        // Identical after trimming is `exact`; anything else that differs only in width
        // must be `equivalent`, never scored.
        let want = if wide.trim() == s.trim() { Verdict::Exact } else { Verdict::Equivalent };
        prop_assert_eq!(compare_text(&wide, &s, 0.99).verdict, want);
        prop_assert_eq!(compare_name(&wide, &s, 0.99).verdict, want);
        prop_assert_eq!(compare_person(&wide, &s, 0.99).verdict, want);
        prop_assert_eq!(compare_address(&wide, &s, 0.99).verdict, want);
    }

    #[test]
    fn a_record_reconciled_with_itself_passes(
        name in "[腾讯阿里华为小米][科技网络信息]{2,4}(（深圳）|\\(北京\\))?有限公司",
        rep in "[张王李赵][三四五六]{1,2}",
        addr in "(广东省)?深圳市南山区[科技园粤海]{2,3}路[1-9][0-9]?号[1-9]层",
        code in prop::sample::select(vec!["911101085636549482", "91440300708461136T", "91310115MA1K3YJ7XA"]),
        present in prop::collection::vec(any::<bool>(), 4),
    ) {
        let mut scan = LicenseScan::new("prop");
        let mut rec = RegistryRecord::new("prop");
        let pick = |on: bool, v: &str| on.then(|| v.to_owned());
        scan.credit_code = pick(present[0], code);
        rec.credit_code = Some(code.to_owned());
        scan.name = Some(name.clone());
        rec.name = Some(name);
        scan.legal_representative = pick(present[1], &rep);
        rec.legal_representative = pick(present[2], &rep);
        scan.address = pick(present[3], &addr);
        rec.address = Some(addr);
        rec.status = Some("存续".into());
        let report = Engine::default().reconcile(&scan, &rec, date(2025, 6, 1));
        prop_assert_eq!(report.decision, Decision::Pass);
        prop_assert!(report.reasons.is_empty());
        prop_assert_eq!(report.fields.len(), 9);
        for (f, want) in report.fields.iter().zip(FieldId::ALL) {
            prop_assert_eq!(f.field, want);
            prop_assert!(
                matches!(f.verdict, Verdict::Exact | Verdict::Equivalent | Verdict::Missing),
                "{} is {}", f.field, f.verdict
            );
        }
    }
}
