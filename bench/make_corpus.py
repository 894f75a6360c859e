"""Make a large corpus from the shipped articles, until ~N characters (or N articles).

usage: python bench/make_corpus.py OUT [--chars 2000000 | --articles 100000] [--vary] [--format txt|parquet|jsonl]

txt (default): OUT_DIR/*.txt and OUT_DIR/sources.csv: exact copies with new ids (dates copied from
data/sources.csv); what bench/build_throughput.py has always timed.
--vary: every article differs (streamed, seeded, so the same arguments give the same corpus): the
body of one shipped article with paragraphs of another mixed in, every figure rewritten (same
number of digits, other digits), years moved by up to ±3, dates shifted by up to two years.
parquet / jsonl: one file OUT (source_id, title, published, reference_date, date_basis, source_kind,
url, text), written in batches of 1,000 articles, so memory stays flat at any size: the shape an
archive export comes in (`python -m claims build OUT.parquet --out DATASET`).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
META_COLUMNS = ("title", "published", "reference_date", "date_basis", "source_kind", "url")


def _shipped(src: Path) -> tuple[list[Path], list[str], dict[str, dict]]:
    originals = sorted(src.glob("*.txt"))
    texts = [p.read_bytes().decode("utf-8-sig") for p in originals]
    with open(ROOT / "data" / "sources.csv", encoding="utf-8") as fh:
        meta = {r["source_id"]: r for r in csv.DictReader(fh)}
    return originals, texts, meta


def make_corpus(out: Path, chars: int, src: Path = ROOT / "data" / "raw") -> tuple[int, int]:
    """Exact copies with new ids, as .txt files + sources.csv (the original benchmark corpus)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    originals, texts, meta = _shipped(src)
    rows, total, n = [], 0, 0
    while total < chars:
        i = n % len(originals)
        sid = f"c{n:06d}_{originals[i].stem}"
        (out / f"{sid}.txt").write_text(texts[i], encoding="utf-8")
        row = dict(meta.get(originals[i].stem, {"source_id": sid}))
        row["source_id"] = sid
        rows.append(row)
        total += len(texts[i])
        n += 1
    with open(out / "sources.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return n, total


# Figures: digit runs not inside a date, a time, a version or a model name (2024-05-22, 10:30, H100, GPT-4).
_DIGITS = re.compile(r"(?<![0-9A-Za-z\-:/.０-９])(?:[0-9]+|[０-９]+)(?![0-9\-:/０-９月日時分]|\.[0-9])")
_YEAR = re.compile(r"(?<![0-9])(19[5-9][0-9]|20[0-4][0-9])(?=年)")


def _rewrite_figures(text: str, rng: random.Random) -> str:
    shift = rng.randint(-3, 3)
    text = _YEAR.sub(lambda m: str(int(m.group()) + shift), text)

    def digits(m: re.Match) -> str:
        s = m.group()
        if len(s) == 4 and s[:2] in ("19", "20"):
            return s                                       # a year (moved above), or a 4-digit figure like it
        wide = s[0] in "０１２３４５６７８９"
        new = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(len(s) - 1)) \
            if len(s) > 1 else str(rng.randint(1, 9))
        return new.translate(str.maketrans("0123456789", "０１２３４５６７８９")) if wide else new

    return _DIGITS.sub(digits, text)


def varied_articles(n_articles: int | None = None, chars: int | None = None, seed: int = 16,
                    src: Path = ROOT / "data" / "raw") -> Iterator[dict]:
    """Article rows (source_id, text and metadata), each different, until n_articles or ~chars."""
    originals, texts, meta = _shipped(src)
    paragraphs = [[p for p in t.split("\n") if p.strip()] for t in texts]
    rng = random.Random(seed)
    n = total = 0
    while (n_articles is None or n < n_articles) and (chars is None or total < chars):
        i = n % len(originals)
        base = meta.get(originals[i].stem, {})
        lines = paragraphs[i]
        body = lines[1:]
        other = paragraphs[rng.randrange(len(paragraphs))][1:]
        mixed = rng.sample(other, k=min(len(other), rng.randint(2, 12)))
        for p in mixed:
            body.insert(rng.randint(0, len(body)), p) if body else body.append(p)
        keep = max(3, int(len(body) * rng.uniform(0.7, 1.0)))
        text = _rewrite_figures("\n".join([lines[0], *body[:keep]]) + "\n", rng)
        days = rng.randint(-730, 0)

        def moved(v: str | None, days: int = days) -> str | None:
            return (date.fromisoformat(v) + timedelta(days=days)).isoformat() if v else None

        row = {"source_id": f"v{n:07d}", "title": _rewrite_figures(base.get("title") or lines[0], rng),
               "published": moved(base.get("published")), "reference_date": moved(base.get("reference_date")),
               "date_basis": base.get("date_basis") or None, "source_kind": base.get("source_kind") or None,
               "url": f"https://example.com/articles/v{n:07d}", "text": text}
        yield row
        n += 1
        total += len(text)


def write_varied(out: Path, fmt: str, n_articles: int | None = None, chars: int | None = None,
                 seed: int = 16) -> tuple[int, int]:
    """Stream varied articles into OUT (.parquet / .jsonl file, or a folder of .txt + sources.csv)."""
    n = total = 0
    rows = varied_articles(n_articles, chars, seed)
    if fmt == "txt":
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.txt"):
            old.unlink()
        with open(out / "sources.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=["source_id", *META_COLUMNS], lineterminator="\n")
            w.writeheader()
            for r in rows:
                (out / f"{r['source_id']}.txt").write_text(r.pop("text"), encoding="utf-8")
                w.writerow(r)
                n += 1
        return n, sum(len(p.read_text(encoding="utf-8")) for p in out.glob("*.txt"))
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with open(out, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
                n += 1
                total += len(r["text"])
        return n, total
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("source_id", pa.string()), ("title", pa.string()), ("published", pa.date32()),
                        ("reference_date", pa.date32()), ("date_basis", pa.string()),
                        ("source_kind", pa.string()), ("url", pa.string()), ("text", pa.string())])
    batch: list[dict] = []
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        def flush() -> None:
            for r in batch:
                for c in ("published", "reference_date"):
                    r[c] = date.fromisoformat(r[c]) if r[c] else None
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            batch.clear()

        for r in rows:
            batch.append(r)
            n += 1
            total += len(r["text"])
            if len(batch) >= 1000:
                flush()
        if batch:
            flush()
    return n, total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--chars", type=int, default=None, help="about this many characters (default 2,000,000)")
    ap.add_argument("--articles", type=int, default=None, help="exactly this many articles (with --vary)")
    ap.add_argument("--vary", action="store_true", help="every article different (else exact copies)")
    ap.add_argument("--format", choices=("txt", "parquet", "jsonl"), default="txt")
    ap.add_argument("--seed", type=int, default=16)
    a = ap.parse_args()
    if a.vary or a.format != "txt" or a.articles:
        chars = a.chars if a.chars or a.articles else 2_000_000
        n, total = write_varied(a.out, a.format, a.articles, chars, a.seed)
    else:
        n, total = make_corpus(a.out, a.chars or 2_000_000)
    print(f"{n} articles, {total:,} characters in {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
