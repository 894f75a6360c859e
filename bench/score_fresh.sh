#!/usr/bin/env bash
# Score our pipeline and the pynormalizenumexp peer on the shipped corpus
# (data/raw + tests/golden/seed_gold.jsonl) and on the fresh hand-labelled
# corpus (tests/fixtures/fresh), with the project's scorer (python -m claims score).
# usage: bench/score_fresh.sh [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
OUT=${1:-$(mktemp -d)}
mkdir -p "$OUT"
score() { $PY -m claims score "$@" --show || true; }
run() {  # name docs gold [sources]
  local name=$1 docs=$2 gold=$3 src=${4:-}
  echo "== ours on $name"
  $PY -m claims build "$docs" ${src:+--sources "$src"} --out "$OUT/ours_$name.csv" --quiet
  score "$OUT/ours_$name.csv" "$gold" "$docs"
  echo "== peer (pynormalizenumexp, as shipped) on $name"
  $PY bench/peer_numexp.py "$docs" "$OUT/peer_$name.csv"
  score "$OUT/peer_$name.csv" "$gold" "$docs"
  echo "== peer + --extend-dict (米ドル, Wh counters) on $name"
  $PY bench/peer_numexp.py "$docs" "$OUT/peerx_$name.csv" --extend-dict
  score "$OUT/peerx_$name.csv" "$gold" "$docs"
}
run seed data/raw tests/golden/seed_gold.jsonl
run fresh tests/fixtures/fresh/raw tests/fixtures/fresh/gold.jsonl tests/fixtures/fresh/sources.csv
echo "tables in $OUT"
