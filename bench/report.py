#!/usr/bin/env python3
"""Turn the JSON lines of one `bench/run.sh` run into bench/results.json and a table.

    report.py LINES_FILE OUT_JSON

Ratios: throughput = ours / theirs (requests/s); CPU = theirs / ours (client CPU-seconds per
1,000 requests), so > 1 means ours is better on both.
"""
import json
import os
import platform
import re
import sys
import time


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
            "python": platform.python_version()}


def wrk_rps(text):
    if "Non-2xx" in (text or "") or "Socket errors" in (text or ""):
        return None  # a ceiling of error answers would mean nothing
    m = re.search(r"Requests/sec:\s*([0-9.]+)", text or "")
    return float(m.group(1)) if m else None


def baseline_pairs(text):
    m = re.search(r"([0-9,]+) pairs/s", text or "")
    return float(m.group(1).replace(",", "")) if m else None


def main():
    lines_path, out_path = sys.argv[1], sys.argv[2]
    rows = [json.loads(l) for l in open(lines_path, encoding="utf-8") if l.strip()]
    by = {(r["client"], r["what"], r.get("concurrency")): r for r in rows}
    table, comparisons = [], []
    for what, label in [("tencent-ocr", "Tencent BizLicenseOCR (base64)"),
                        ("tencent-verify", "Tencent VerifyBizLicense"),
                        ("wechat-ocr", "WeChat OCR by URL")]:
        ceiling = by.get(("wrk", what, 32))
        for c in (1, 32):
            ours, theirs = by.get(("rust", what, c)), by.get(("python", what, c))
            if not ours or not theirs:
                continue
            cmp = {
                "what": what, "label": label, "concurrency": c,
                "rust_per_sec": ours["per_sec"], "python_per_sec": theirs["per_sec"],
                "rust_cpu_per_1000": ours["cpu_per_1000"],
                "python_cpu_per_1000": theirs["cpu_per_1000"],
                "throughput_ratio": ours["per_sec"] / theirs["per_sec"],
                "cpu_ratio": (theirs["cpu_per_1000"] / ours["cpu_per_1000"]
                              if ours["cpu_per_1000"] else None),
                "errors": ours["errors"] + theirs["errors"],
                "emulator_ceiling_per_sec": wrk_rps(ceiling["wrk_output"]) if ceiling and c == 32 else None,
            }
            comparisons.append(cmp)
    rec_rust = by.get(("rust", "reconcile", 1))
    rec_py = next((r for r in rows if r["client"] == "python" and r["what"] == "reconcile"), None)
    reconcile = None
    if rec_rust and rec_py:
        py = baseline_pairs(rec_py["baseline_output"])
        reconcile = {"rust_pairs_per_sec": rec_rust["per_sec"], "python_pairs_per_sec": py,
                     "ratio": rec_rust["per_sec"] / py if py else None,
                     "rust_cpu_per_1000": rec_rust["cpu_per_1000"]}
    result = {"measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "machine": machine(), "comparisons": comparisons, "reconcile": reconcile,
              "raw": rows}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")

    m = result["machine"]
    print(f"\nMachine: {m['nproc']} x {m['cpu']} (client, emulator and load share these cores)\n")
    head = ("| workload | conc. | ours req/s | SDK req/s | x req/s | ours CPU-s/1k | SDK CPU-s/1k "
            "| x CPU | emulator ceiling (wrk) |")
    print(head)
    print("|" + "---|" * 9)
    for c in comparisons:
        ceil = c["emulator_ceiling_per_sec"]
        print(f"| {c['label']} | {c['concurrency']} | {c['rust_per_sec']:,.0f} | "
              f"{c['python_per_sec']:,.0f} | {c['throughput_ratio']:.1f} | "
              f"{c['rust_cpu_per_1000']:.3f} | {c['python_cpu_per_1000']:.3f} | "
              f"{c['cpu_ratio']:.1f} | {f'{ceil:,.0f}' if ceil else '-'} |")
    if reconcile:
        print(f"| reconcile pairs (Rust engine vs rapidfuzz baseline) | 1 | "
              f"{reconcile['rust_pairs_per_sec']:,.0f} | {reconcile['python_pairs_per_sec']:,.0f} | "
              f"{reconcile['ratio']:.1f} | - | - | - | - |")
    print(f"\nwrote {out_path}")


if __name__ == "__main__":
    main()
