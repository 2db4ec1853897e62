#!/usr/bin/env bash
# Run every fuzz target for a bounded time (default 60 s each), then minimize the corpus.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); only stable Rust is installed, so the
# nightly-only flags cargo-fuzz passes are allowed with RUSTC_BOOTSTRAP=1.
#
#   fuzz/run.sh              # 60 s per target
#   FUZZ_SECS=10 fuzz/run.sh # quicker
#   fuzz/run.sh load ident   # only these targets
#
# A crash leaves its input in fuzz/artifacts/<target>/: fix the bug, then copy the input to
# fuzz/regressions/<target>/ so `cargo test --test fuzz_corpus` replays it forever.
set -euo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
SECS="${FUZZ_SECS:-60}"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(ident tencent_convert wechat_convert load normalize)

command -v cargo-fuzz >/dev/null || { echo "install cargo-fuzz: cargo install cargo-fuzz" >&2; exit 2; }
for t in "${TARGETS[@]}"; do cargo fuzz build -O "$t"; done

failed=0
for t in "${TARGETS[@]}"; do
  echo "==> $t: ${SECS}s"
  mkdir -p "corpus/$t"
  # -rss_limit_mb: the loader is fed up to 1 MB inputs; -max_len keeps them that small.
  if ! cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$SECS" -max_len=65536 \
       -rss_limit_mb=2048 -print_final_stats=1 2>"target/$t.log"; then
    echo "!! $t found a crash: see fuzz/artifacts/$t/ and fuzz/target/$t.log" >&2
    tail -n 30 "target/$t.log" >&2
    failed=1
  fi
  grep -E "stat::number_of_executed_units|stat::new_units_added" "target/$t.log" || true
done

echo "==> minimizing the corpus (cargo fuzz cmin)"
for t in "${TARGETS[@]}"; do
  cargo fuzz cmin -O "$t" "corpus/$t" >/dev/null 2>&1 || echo "cmin $t failed (corpus kept)" >&2
done
# The committed corpus is replayed by CI (tests/fuzz_corpus.rs): keep it small (<= 200 files,
# < 1 MB): the FUZZ_KEEP smallest of the fuzzer's finds per target, plus the committed files
# (cmin renames hand-made seeds to hashes: put them back).
KEEP="${FUZZ_KEEP:-15}"
for t in "${TARGETS[@]}"; do
  ( cd "corpus/$t" && ls | grep -E '^[0-9a-f]{40}$' | xargs -r ls -S | head -n -"$KEEP" | xargs -r rm -f )
done
git checkout -- corpus 2>/dev/null || true
echo "corpus: $(find corpus -type f | wc -l) files, $(du -sb corpus | cut -f1) bytes"
exit "$failed"
