//! Addresses: administrative-prefix omission, number and floor forms, street numbers.

use super::{Comparison, compare_normalized, fuzzy_score};
use crate::normalize::normalize_text;

/// Provincial-level divisions: `(full name, short name)`, normalized text. Municipalities
/// are provinces and cities at once.
const PROVINCES: &[(&str, &str)] = &[
    ("北京市", "北京"),
    ("天津市", "天津"),
    ("上海市", "上海"),
    ("重庆市", "重庆"),
    ("河北省", "河北"),
    ("山西省", "山西"),
    ("辽宁省", "辽宁"),
    ("吉林省", "吉林"),
    ("黑龙江省", "黑龙江"),
    ("江苏省", "江苏"),
    ("浙江省", "浙江"),
    ("安徽省", "安徽"),
    ("福建省", "福建"),
    ("江西省", "江西"),
    ("山东省", "山东"),
    ("河南省", "河南"),
    ("湖北省", "湖北"),
    ("湖南省", "湖南"),
    ("广东省", "广东"),
    ("海南省", "海南"),
    ("四川省", "四川"),
    ("贵州省", "贵州"),
    ("云南省", "云南"),
    ("陕西省", "陕西"),
    ("甘肃省", "甘肃"),
    ("青海省", "青海"),
    ("台湾省", "台湾"),
    ("内蒙古自治区", "内蒙古"),
    ("广西壮族自治区", "广西"),
    ("西藏自治区", "西藏"),
    ("宁夏回族自治区", "宁夏"),
    ("新疆维吾尔自治区", "新疆"),
    ("香港特别行政区", "香港"),
    ("澳门特别行政区", "澳门"),
];

const MUNICIPALITIES: &[&str] = &["北京", "天津", "上海", "重庆"];

/// A normalized address split into its leading administrative divisions and the rest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AddressParts {
    /// Province, short form (`广东`, `北京`).
    pub province: Option<String>,
    /// Prefecture-level city with its suffix (`深圳市`); for municipalities the province.
    pub city: Option<String>,
    /// District or county (`南山区`, `海淀区`, `普宁县`).
    pub district: Option<String>,
    /// Everything after the divisions, with number and floor forms canonicalized.
    pub rest: String,
}

/// The shortest prefix of `s` (at least 2 and at most `max` characters) ending in one of
/// `suffixes`, as a byte length.
fn division_prefix(s: &str, suffixes: &[&str], max: usize) -> Option<usize> {
    for (count, (idx, c)) in s.char_indices().enumerate() {
        if count >= max {
            break;
        }
        let end = idx + c.len_utf8();
        if count >= 1 && suffixes.iter().any(|suf| s[..end].ends_with(suf)) {
            return Some(end);
        }
    }
    None
}

/// Split a normalized address into province, city, district and the rest.
///
/// ```
/// use bizlicense_reconcile::compare::split_address;
/// let p = split_address("广东省深圳市南山区高新南1道49号");
/// assert_eq!(p.province.as_deref(), Some("广东"));
/// assert_eq!(p.city.as_deref(), Some("深圳市"));
/// assert_eq!(p.district.as_deref(), Some("南山区"));
/// assert_eq!(p.rest, "高新南1道49号");
/// ```
pub fn split_address(normalized: &str) -> AddressParts {
    let mut parts = AddressParts::default();
    let mut s = normalized;
    for &(full, short) in PROVINCES {
        if let Some(r) = s.strip_prefix(full).or_else(|| s.strip_prefix(short)) {
            parts.province = Some(short.to_owned());
            if MUNICIPALITIES.contains(&short) {
                parts.city = Some(format!("{short}市"));
                s = r.strip_prefix("市辖区").unwrap_or(r);
            } else {
                s = r;
            }
            break;
        }
    }
    if parts.city.is_none() {
        let end = division_prefix(s, &["市"], 5)
            .or_else(|| division_prefix(s, &["自治州"], 10))
            .or_else(|| division_prefix(s, &["地区", "盟"], 6));
        if let Some(end) = end {
            parts.city = Some(s[..end].to_owned());
            s = &s[end..];
        }
    }
    let district_suffixes: &[&str] = if parts.city.is_some() {
        &["区", "县", "旗", "市"]
    } else {
        &["区", "县", "旗"]
    };
    if let Some(end) = division_prefix(s, district_suffixes, 6) {
        parts.district = Some(s[..end].to_owned());
        s = &s[end..];
    }
    parts.rest = canonical_numbers(s);
    parts
}

/// Canonical number forms: `5号楼`/`5幢`/`5座` -> `5栋`; `3楼`/`3f`/`3层` -> `3层`;
/// `309室` -> `309`. Input is normalized (digits ASCII, Latin lower-case).
fn canonical_numbers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_alphanumeric() {
            let len = rest
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            let (token, after) = rest.split_at(len);
            // `3f` is a floor; the letter is part of the token.
            if let Some(n) = token
                .strip_suffix('f')
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            {
                out.push_str(n);
                out.push('层');
                rest = after;
                continue;
            }
            out.push_str(token);
            rest = after;
            if let Some(r) = ["号楼", "幢", "栋", "座"]
                .iter()
                .find_map(|m| rest.strip_prefix(m))
            {
                out.push('栋');
                rest = r;
            } else if let Some(r) = ["层", "楼"].iter().find_map(|m| rest.strip_prefix(m)) {
                out.push('层');
                rest = r;
            } else if let Some(r) = rest.strip_prefix('室') {
                rest = r;
            }
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The first street number (`49号`) in canonical text: the digits before the first `号`.
fn street_number(rest: &str) -> Option<&str> {
    let idx = rest.find('号')?;
    let head = &rest[..idx];
    let start = head.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    let n = &head[start..];
    (!n.is_empty()).then_some(n)
}

/// Note an omitted division; a municipality's province (`北京`) folds into its city
/// (`北京市`).
fn push_omitted(omitted: &mut Vec<String>, x: &str) {
    match omitted.last_mut() {
        Some(last) if x.starts_with(last.as_str()) => *last = x.to_owned(),
        _ => omitted.push(x.to_owned()),
    }
}

/// Compare addresses.
///
/// - A leading province / city / district that only one side has is ignored (licenses
///   often omit what the registry spells out: `深圳市南山区…` vs `广东省深圳市南山区…`).
/// - Number forms: `四十九号` == `49号`; floors `3层` == `三楼` == `3F` == `3楼`; buildings
///   `幢/栋/座/号楼`; `室` may be omitted.
/// - A different province, city, district or street number is a `mismatch`, however high
///   the fuzzy score.
/// - Otherwise the fuzzy ladder with `threshold`.
pub fn compare_address(scan: &str, registry: &str, threshold: f64) -> Comparison {
    if scan.trim() == registry.trim() {
        return Comparison::exact();
    }
    let na = normalize_text(scan);
    let nb = normalize_text(registry);
    let a = split_address(&na);
    let b = split_address(&nb);
    let whole = fuzzy_score(&na, &nb);
    let mut omitted = Vec::new();
    for (what, x, y) in [
        ("province", &a.province, &b.province),
        ("city", &a.city, &b.city),
    ] {
        match (x, y) {
            (Some(x), Some(y)) if x != y => {
                return Comparison::mismatch(whole, format!("different {what}: {x} vs {y}"));
            }
            (Some(x), None) | (None, Some(x)) => push_omitted(&mut omitted, x),
            _ => {}
        }
    }
    let (body_a, body_b) = match (&a.district, &b.district) {
        (Some(x), Some(y)) if x != y => {
            if b.rest.starts_with(x.as_str()) {
                // What looked like a district on the scan starts the registry's rest: the
                // registry has one more division.
                push_omitted(&mut omitted, y);
                (format!("{x}{}", a.rest), b.rest.clone())
            } else if a.rest.starts_with(y.as_str()) {
                push_omitted(&mut omitted, x);
                (a.rest.clone(), format!("{y}{}", b.rest))
            } else {
                return Comparison::mismatch(whole, format!("different district: {x} vs {y}"));
            }
        }
        (Some(x), None) | (None, Some(x)) => {
            push_omitted(&mut omitted, x);
            (a.rest.clone(), b.rest.clone())
        }
        _ => (a.rest.clone(), b.rest.clone()),
    };
    let score = fuzzy_score(&body_a, &body_b);
    if let (Some(x), Some(y)) = (street_number(&body_a), street_number(&body_b))
        && x != y
    {
        return Comparison::mismatch(score, format!("different street number: {x}号 vs {y}号"));
    }
    let reason = if omitted.is_empty() {
        "the same address after normalization".to_owned()
    } else {
        format!(
            "the same address after normalization; one side omits {}",
            omitted.join(" ")
        )
    };
    compare_normalized(&body_a, &body_b, threshold, &reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Verdict;

    fn v(a: &str, b: &str) -> Verdict {
        compare_address(a, b, 0.8).verdict
    }

    #[test]
    fn prefix_omission_is_equivalent() {
        assert_eq!(
            v(
                "深圳市南山区高新南一道飞亚达大厦5楼",
                "广东省深圳市南山区高新南一道飞亚达大厦5楼"
            ),
            Verdict::Equivalent
        );
        assert_eq!(
            v(
                "海淀区知春路49号3层西部309",
                "北京市海淀区知春路49号3层西部309"
            ),
            Verdict::Equivalent
        );
        assert_eq!(v("南山区科技园", "深圳市南山区科技园"), Verdict::Equivalent);
    }

    #[test]
    fn number_and_floor_forms() {
        let reg = "北京市海淀区知春路49号3层西部309";
        for scan in [
            "北京市海淀区知春路四十九号三楼西部309",
            "北京市海淀区知春路49号3F西部309室",
            "北京市海淀区知春路49号3楼西部309",
            "北京市海淀区知春路４９号３层西部３０９",
        ] {
            assert_eq!(v(scan, reg), Verdict::Equivalent, "{scan}");
        }
        assert_eq!(v("某路1号5幢", "某路1号5栋"), Verdict::Equivalent);
        assert_eq!(v("某路1号5号楼", "某路1号5座"), Verdict::Equivalent);
    }

    #[test]
    fn different_number_or_district_is_a_mismatch() {
        assert_eq!(
            v(
                "北京市海淀区知春路50号3层西部309",
                "北京市海淀区知春路49号3层西部309"
            ),
            Verdict::Mismatch
        );
        assert_eq!(
            v("深圳市福田区深南大道1号", "深圳市南山区深南大道1号"),
            Verdict::Mismatch
        );
        assert_eq!(
            v(
                "广东省深圳市南山区某路1号",
                "广西壮族自治区深圳市南山区某路1号"
            ),
            Verdict::Mismatch
        );
    }

    #[test]
    fn small_ocr_noise_is_similar() {
        assert_eq!(
            v(
                "北京市海淀区知春路49号3层西部309",
                "北京市海淀区知春路49号3层西部319"
            ),
            Verdict::Similar
        );
    }

    #[test]
    fn splits_divisions() {
        let p = split_address("北京市海淀区知春路49号");
        assert_eq!(p.province.as_deref(), Some("北京"));
        assert_eq!(p.city.as_deref(), Some("北京市"));
        assert_eq!(p.district.as_deref(), Some("海淀区"));
        assert_eq!(p.rest, "知春路49号");
        let p = split_address("延边朝鲜族自治州延吉市某路");
        assert_eq!(p.city.as_deref(), Some("延边朝鲜族自治州"));
        assert_eq!(p.district.as_deref(), Some("延吉市"));
        assert_eq!(street_number("知春路49号3层"), Some("49"));
        assert_eq!(street_number("知春路"), None);
    }
}
