#!/usr/bin/env bash
# Score our pipeline and the pynormalizenumexp peer on the shipped corpus
# (data/raw + ../shared/gold/seed_claims.jsonl) and on the fresh hand-labelled
# corpus (tests/fixtures/fresh).  usage: bench/score_fresh.sh [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
OUT=${1:-$(mktemp -d)}
SCORER=../shared/tools/score_claims.py
mkdir -p "$OUT"
run() {  # name docs gold [sources]
  local name=$1 docs=$2 gold=$3 src=${4:-}
  echo "== ours on $name"
  $PY -m claims build "$docs" ${src:+--sources "$src"} --out "$OUT/ours_$name.csv" --quiet
  $PY "$SCORER" "$OUT/ours_$name.csv" "$gold" "$docs" --show || true
  echo "== peer (pynormalizenumexp, as shipped) on $name"
  $PY bench/peer_numexp.py "$docs" "$OUT/peer_$name.csv"
  $PY "$SCORER" "$OUT/peer_$name.csv" "$gold" "$docs" --show || true
  echo "== peer + --extend-dict (米ドル, Wh counters) on $name"
  $PY bench/peer_numexp.py "$docs" "$OUT/peerx_$name.csv" --extend-dict
  $PY "$SCORER" "$OUT/peerx_$name.csv" "$gold" "$docs" --show || true
}
run seed data/raw ../shared/gold/seed_claims.jsonl
run fresh tests/fixtures/fresh/raw tests/fixtures/fresh/gold.jsonl tests/fixtures/fresh/sources.csv
echo "tables in $OUT"
