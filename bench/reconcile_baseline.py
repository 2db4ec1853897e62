#!/usr/bin/env python3
"""Python baseline for the reconcile bench: comparable normalize-and-ratio work in
rapidfuzz + unicodedata over the same case files as `crates/bizlicense-reconcile/benches/reconcile.rs`.

Per pair it normalizes the nine fields on both sides (NFKC, the punctuation NFKC misses,
whitespace / zero-width removal, traditional -> simplified with the crate's own table,
lower-casing, Chinese numerals -> digits) and scores each pair of strings with
`rapidfuzz.distance.Levenshtein.normalized_similarity`. It does *less* than the Rust engine
(no identifier validation, address splitting, capital / date / period parsing, legal-form,
branch or status rules), so the ratio flatters Python.

Set up and run (from the repository root):

    python3 -m venv bench/.venv && bench/.venv/bin/pip install rapidfuzz
    bench/.venv/bin/python bench/reconcile_baseline.py
"""
import glob
import json
import os
import re
import time
import unicodedata
from decimal import Decimal

from rapidfuzz.distance import Levenshtein

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRATE = os.path.join(ROOT, "crates", "bizlicense-reconcile")
CASES = os.path.join(CRATE, "tests", "cases")

# The traditional -> simplified table, read from the crate's one place.
_trad_src = open(os.path.join(CRATE, "src", "normalize", "trad.rs"), encoding="utf-8").read()
TRAD = {ord(t): s for t, s in re.findall(r"\('(.)', '(.)'\)", _trad_src)}

PUNCT = {}
for chars, to in [("(（【〔［[{《〈「『〖", "("), (")）】〕］]}》〉」』〗", ")"), ("“”„‟‘’‚‛'〝〞", '"'),
                  ("—–―‐‑‒－─━﹣−", "-"), ("·•・‧∙⋅･●▪", "\u00b7"), ("。｡", "."), ("、､，", ","),
                  ("～〜", "~"), ("〇○", "零")]:
    for c in chars:
        PUNCT[ord(c)] = to
for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad":
    PUNCT[ord(c)] = None

DIGITS = {c: i for i, cs in enumerate(["零〇", "一壹", "二贰貳两", "三叁參", "四肆", "五伍", "六陆陸",
                                       "七柒", "八捌", "九玖"]) for c in cs}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10**4, "萬": 10**4,
         "亿": 10**8, "億": 10**8}
RUN = re.compile(r"(?:[0-9]+\.[0-9]+|[0-9零一二三四五六七八九壹贰叁肆伍陆柒捌玖两十拾百佰千仟万亿])+")
DECIMAL = re.compile(r"([0-9]+\.[0-9]+)([万亿]*)$")
MEASURE = set("号层楼室栋幢座单元期区路街巷弄村组年月日个米f")


def parse_number(run):
    total = section = 0
    number = None
    prev_digit = False
    for c in run:
        if c in DIGITS or c.isdigit():
            d = DIGITS.get(c, None)
            d = int(c) if d is None else d
            number = number * 10 + d if (number is not None and prev_digit) else d
            prev_digit = True
        else:
            u = UNITS[c]
            n, number, prev_digit = number, None, False
            if u == 10**8:
                total = ((total + section + (n or 0)) or 1) * u
                section = 0
            elif u == 10**4:
                total += ((section + (n or 0)) or 1) * u
                section = 0
            else:
                section += (1 if n is None else n) * u
    return total + section + (number or 0)


def numerals(s):
    def repl(m):
        run = m.group(0)
        if run.isascii():
            return run
        nxt = s[m.end():m.end() + 1]
        has_digit = any(c in DIGITS or c.isdigit() for c in run if c != "两")
        if not (has_digit or run[0] in "十拾") or not (len(run) >= 2 or nxt in MEASURE):
            return run
        dec = DECIMAL.match(run)
        if dec:
            value = Decimal(dec.group(1))
            for u in dec.group(2):
                value *= UNITS[u]
            return format(value.normalize(), "f")
        if not any(c in UNITS for c in run):
            return "".join(str(DIGITS[c]) if c in DIGITS else c for c in run)
        return str(parse_number(run))
    return RUN.sub(repl, s)


def normalize(s):
    if s is None:
        return None
    s = unicodedata.normalize("NFKC", s).translate(PUNCT)
    s = "".join(s.split()).translate(TRAD).lower()
    return numerals(s)


# Field keys per format: (code, name, person, address, capital, established, period, type, scope)
SCAN_KEYS = {
    "wechat": ["reg_num", "enterprise_name", "legal_representative", "address", "registered_capital",
               "registered_date", "valid_period", "type_of_enterprise", "business_scope"],
    "tencent": ["RegNum", "Name", "Person", "Address", "Capital", "SetDate", "Period", "Type", "Business"],
    "core": ["credit_code", "name", "legal_representative", "address", "registered_capital",
             "established_date", "valid_period", "enterprise_type", "business_scope"],
}
RECORD_KEYS = {
    "basic": ["CreditCode", "Entname", "Frname", "Dom", "RegCapital", None, "Opto", None, "Zsopscope"],
    "detailed": ["CreditCode", "EnterpriseName", "FrName", "Address", "RegCap", "EsDate", "OpenTo",
                 "EnterpriseType", "OperateScope"],
    "enterprise4": [None] * 6 + ["OperatingPeriod", None, None],
    "core": ["credit_code", "name", "legal_representative", "address", None, "established_date", None,
             "enterprise_type", "business_scope"],
}


def fields(v, table, fmt):
    v = v.get("Response", v)
    return [None if k is None or not isinstance(v.get(k), str) else v.get(k) for k in table[fmt]]


def load():
    pairs = []
    for path in sorted(glob.glob(os.path.join(CASES, "*.scan.json"))):
        scan = json.load(open(path, encoding="utf-8"))
        rec = json.load(open(path.replace(".scan.json", ".registry.json"), encoding="utf-8"))
        sb = scan.get("Response", scan)
        sf = "core" if "provider" in sb else "wechat" if "errcode" in sb else "tencent"
        rb = rec.get("Response", rec)
        rf = ("core" if "provider" in rb else "enterprise4" if "IsIdNumConsistent" in rb
              else "basic" if "Entname" in rb else "detailed")
        pairs.append((fields(scan, SCAN_KEYS, sf), fields(rec, RECORD_KEYS, rf)))
    return pairs


def reconcile(scan, rec):
    out = []
    for a, b in zip(scan, rec):
        if a is None or b is None:
            out.append(("missing", 0.0))
            continue
        if a.strip() == b.strip():
            out.append(("exact", 1.0))
            continue
        na, nb = normalize(a), normalize(b)
        if na == nb:
            out.append(("equivalent", 1.0))
        else:
            out.append(("scored", round(Levenshtein.normalized_similarity(na, nb), 3)))
    return out


def main():
    pairs = load()
    rounds = 300
    for s, r in pairs:  # warm up
        reconcile(s, r)
    start = time.perf_counter()
    for _ in range(rounds):
        for s, r in pairs:
            reconcile(s, r)
    elapsed = time.perf_counter() - start
    n = rounds * len(pairs)
    print(f"{len(pairs)} pairs x {rounds} rounds: {n / elapsed:,.0f} pairs/s "
          f"({elapsed / n * 1e6:.1f} us/pair)")


if __name__ == "__main__":
    main()
