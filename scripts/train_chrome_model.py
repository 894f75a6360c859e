"""Train the chrome-line model (claims/chrome_model.py) on the labelled lines of the realistic corpus.

    python scripts/train_chrome_model.py [--exclude heldout11] [--evaluate heldout10 heldout9]

A line holding a labelled power or money figure is content; a line holding only figures labelled
absent (site chrome, reader comments) is chrome. Parts still held out must be excluded: they are
scored once, unseen. `--evaluate G` trains without the parts whose name starts with G and prints how
many of G's chrome and content lines the model flags: an estimate of what it does on pages it has not
seen. Needs scikit-learn (requirements-dev.txt); the build only reads the weights it writes.
"""
import argparse
import csv
import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.chrome_model import MAX_CHARS, MODEL_PATH, THRESHOLD, Page  # noqa: E402
from claims.segment import lines as segment_lines  # noqa: E402

REALISTIC = ROOT / "tests" / "fixtures" / "realistic"
C = 1.0            # inverse regularization: chosen by leave-one-part-out runs (higher C flags more content)
MIN_WEIGHT = 0.01  # weights smaller than this are left out of the file


def _group(part: str) -> str:
    return re.match(r"dev2|dev|heldout\d*", part).group()


def labelled_lines(exclude: list[str]):
    """(group, features, is_chrome) for every labelled short line of the corpus's parts."""
    for gold_path in sorted(REALISTIC.glob("*/gold.jsonl")):
        part = gold_path.parent
        if any(part.name.startswith(x) for x in exclude):
            continue
        titles = {r["source_id"]: r["title"] for r in csv.DictReader(open(part / "sources.csv", encoding="utf-8"))}
        by_source: dict[str, list[dict]] = {}
        for line in open(gold_path, encoding="utf-8"):
            if line.strip():
                g = json.loads(line)
                if g["kind"] in ("power", "money"):
                    by_source.setdefault(g["source_id"], []).append(g)
        for path in sorted((part / "raw").glob("*.txt")):
            text = path.read_bytes().decode("utf-8-sig")
            lines = segment_lines(text, titles.get(path.stem))
            labels: dict[int, bool] = {}
            for g in by_source.get(path.stem, []):
                at = text.index(g["context"]) + g["context"].index(g["text"])
                i = next(k for k, ln in enumerate(lines) if ln.start <= at < ln.end)
                labels[i] = labels.get(i, True) and bool(g.get("absent"))
            page = Page([ln.text.strip() for ln in lines])
            for i, chrome in sorted(labels.items()):
                if len(page.texts[i]) <= MAX_CHARS:
                    yield _group(part.name), dict.fromkeys(page.features(i), 1.0), chrome


def fit(features, targets):
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=C, max_iter=5000)
    model.fit(vectorizer.fit_transform(features), targets)
    return vectorizer, model


def evaluate(rows, group: str) -> None:
    train = [r for r in rows if not r[0].startswith(group)]
    test = [r for r in rows if r[0].startswith(group)]
    vectorizer, model = fit([r[1] for r in train], [r[2] for r in train])
    p = model.predict_proba(vectorizer.transform([r[1] for r in test]))[:, 1] >= THRESHOLD
    chrome = np.array([r[2] for r in test])
    print(f"{group} (unseen): chrome lines flagged {(p & chrome).sum()}/{chrome.sum()}, "
          f"content lines flagged {(p & ~chrome).sum()}/{(~chrome).sum()}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exclude", nargs="*", default=[], help="part name prefixes still held out")
    ap.add_argument("--evaluate", nargs="*", default=[], help="part groups to leave out and score")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    rows = list(labelled_lines(args.exclude))
    print(f"{len(rows)} labelled lines, {sum(r[2] for r in rows)} chrome")
    for group in args.evaluate:
        evaluate(rows, group)
    vectorizer, model = fit([r[1] for r in rows], [r[2] for r in rows])
    named = zip(vectorizer.feature_names_, model.coef_[0], strict=True)
    kept = sorted((name, w) for name, w in named if abs(w) >= MIN_WEIGHT)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"(intercept)\t{model.intercept_[0]:.4f}\n")
        f.writelines(f"{name}\t{w:.4f}\n" for name, w in kept)
    print(f"wrote {len(kept)} weights to {args.out}")


if __name__ == "__main__":
    main()
