"""Score a claims table against hand-labelled gold quantities (power and money).

`python -m claims score TABLE GOLD DOCS` — TABLE is a .csv or .parquet claims table,
GOLD a JSONL file, DOCS the folder of `<source_id>.txt` articles the spans index.

Gold format, one JSON object a line: `source_id`, `context` (a substring found exactly
once in the article), `text` (the quantity's surface inside `context`), `kind`, `unit`,
and `value` or `low`/`high`; optional `qualifier`, `entities`, `time_start`/`time_end`
("YYYY-MM-DD", or null meaning "must be empty"), and any other label compared with the
table's column of the same name (`measure`, `modality`, `speaker`).  A line with
`"absent": true` names a span where no body/title row of its kind may be.

Only power/money rows in body/title sections and not flagged `garbled` are scored.  A
row matches a gold quantity when source, kind and unit agree, the spans overlap and the
value agrees within 0.5 % (a range: both ends; a vague amount: a real interval inside the
gold bounds); matching is one to one, gold in file order, first fitting row in table
order.  Pure Python + pyarrow (no pandas: `python -m claims` blocks it for speed).
"""
from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

TOL = 0.005
KINDS = ("power", "money")
SHOWN = ("body", "title", "")  # sections whose rows are presented as the article's
LABELS = ("measure", "modality", "speaker")
NEED = ("source_id", "span_start", "span_end", "kind", "unit", "value", "value_low", "value_high")


class ScoreError(ValueError):
    """Bad input: an unreadable table, a malformed gold line, a missing article."""


# ---------------------------------------------------------------- cell helpers

def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _text(v) -> str:
    """A string cell; '' for missing (None, NaN, NaT)."""
    if _missing(v):
        return ""
    s = str(v)
    return "" if s in ("NaT", "nan", "None") else s


def _float(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _int(v) -> int | None:
    try:
        return int(float(v))
    except (TypeError, ValueError, OverflowError):
        return None


def close(a, b) -> bool:
    a, b = _float(a), _float(b)
    return not (math.isnan(a) or math.isnan(b)) and abs(a - b) <= TOL * max(abs(b), 1e-12)


def as_list(v) -> list[str]:
    """A list cell: a list/array (Parquet), 'a|b' (CSV) or a JSON list string."""
    if _missing(v):
        return []
    if isinstance(v, str):
        s = v.strip()
        if s.startswith("["):
            try:
                return [str(x) for x in json.loads(s)]
            except json.JSONDecodeError:
                pass
        return [x.strip() for x in s.replace(";", "|").split("|") if x.strip()]
    try:
        return [str(x) for x in v]
    except TypeError:
        return [str(v)]


def day(v) -> str:
    """A date cell as 'YYYY-MM-DD', '' when missing."""
    return _text(v).strip()[:10]


def _shown(row) -> bool:
    return _text(row.get("section")) in SHOWN


def _scored(row) -> bool:
    return _shown(row) and row.get("kind") in KINDS and "garbled" not in as_list(row.get("flags"))


# ---------------------------------------------------------------- inputs

def read_table(path: str | Path):
    """A .csv (UTF-8, BOM optional; every cell a string) or .parquet claims table, as a pyarrow Table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    if not path.is_file():
        raise ScoreError(f"{path}: no such table")
    if path.suffix not in (".csv", ".parquet"):
        raise ScoreError(f"{path}: unknown table format {path.suffix!r} (use .csv or .parquet)")
    try:
        if path.suffix == ".parquet":
            return pq.read_table(path)
        with path.open(encoding="utf-8-sig", newline="") as fp:
            header, *body = list(csv.reader(fp)) or [[]]
        if len(set(header)) != len(header):
            raise ValueError("duplicate column names")
        return pa.table({name: [row[i] if i < len(row) else "" for row in body] for i, name in enumerate(header)},
                        schema=pa.schema([(name, pa.string()) for name in header]))
    except Exception as exc:  # pyarrow, csv and decoding errors all mean "not a readable table"
        raise ScoreError(f"{path}: cannot read table ({type(exc).__name__}: {str(exc).splitlines()[0]})") from exc


def read_gold(path: str | Path) -> list[dict]:
    """The gold lines of a JSONL file (blank lines skipped)."""
    path = Path(path)
    if not path.is_file():
        raise ScoreError(f"{path}: no such gold file")
    gold = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                g = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ScoreError(f"{path} line {n}: not JSON ({exc.msg})") from exc
            if not isinstance(g, dict):
                raise ScoreError(f"{path} line {n}: not a JSON object")
            g["line"] = n
            gold.append(g)
    return gold


def locate(gold: list[dict], docs: str | Path) -> list[dict]:
    """Copies of the gold lines with `start`/`end`: where `text` lies in its article."""
    docs, texts, out = Path(docs), {}, []
    for g in gold:
        n = g.get("line", "?")
        missing = [k for k in ("source_id", "context", "text", "kind") if not isinstance(g.get(k), str)]
        if missing or (not g.get("absent") and "unit" not in g):
            raise ScoreError(f"gold line {n}: lacks {', '.join(missing or ['unit'])}")
        bounds = ("low", "high") if "low" in g or g.get("qualifier") == "vague" else ("value",)
        if not g.get("absent") and not all(isinstance(g.get(k), (int, float)) for k in bounds):
            raise ScoreError(f"gold line {n}: needs a numeric value, or low and high")
        sid = g["source_id"]
        if sid not in texts:
            try:
                texts[sid] = (docs / f"{sid}.txt").read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise ScoreError(f"gold line {n}: cannot read {docs / sid}.txt ({type(exc).__name__})") from exc
        text = texts[sid]
        if text.count(g["context"]) != 1:
            raise ScoreError(f"gold line {n}: context not found exactly once in {sid}")
        if g["text"] not in g["context"]:
            raise ScoreError(f"gold line {n}: text {g['text']!r} not inside context")
        start = text.index(g["context"]) + g["context"].index(g["text"])
        out.append({**g, "start": start, "end": start + len(g["text"])})
    return out


# ---------------------------------------------------------------- scoring

@dataclass
class PRF:
    matched: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Agreement:
    ok: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.ok / self.total if self.total else 0.0


@dataclass
class Report:
    """What `score` found; `lines()` renders it as the CLI prints it."""
    kinds: dict[str, PRF]
    overall: PRF
    qualifier: Agreement
    time: Agreement                       # per labelled field (time_start / time_end)
    labels: dict[str, Agreement]          # measure/modality/speaker that the gold labels
    entities: Agreement | None            # None when the table has no entities column
    absent: Agreement                     # ok = spans violated, total = absent lines
    missing_columns: list[str] = field(default_factory=list)  # label columns the table lacks
    missed: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)
    violations: list[tuple[dict, dict]] = field(default_factory=list)
    disagreements: list[tuple[dict, dict, str, str, str]] = field(default_factory=list)  # gold, row, field, want, got

    @property
    def f1(self) -> float:
        return self.overall.f1

    def lines(self, show: bool = False) -> list[str]:
        out = [f"{k:6s} matched {s.matched}/{s.gold} gold, {s.predicted} predicted: "
               f"P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}" for k, s in self.kinds.items()]
        out.append(f"qualifier agreement on matched: {self.qualifier.ok}/{self.qualifier.total}")
        if self.entities is not None:
            out.append("entity recall on matched (all gold entities in entities + context_entities): "
                       f"{self.entities.ok}/{self.entities.total}")
        if self.time.total:
            out.append(f"time agreement on matched: {self.time.ok}/{self.time.total} fields")
        for name, a in self.labels.items():
            if name in self.missing_columns:
                out.append(f"{name} agreement on matched: table has no {name} column (0/{a.total})")
            else:
                out.append(f"{name} agreement on matched: {a.ok}/{a.total}")
        if self.absent.total:
            out.append(f"absent spans violated: {self.absent.ok}/{self.absent.total}")
        if show:
            for g, _row, col, want, got in self.disagreements:
                tag = "TIME" if col.startswith("time_") else col.upper()
                out.append(f"{tag} {g['source_id']} {g['text']!r} {col}: want {want or 'empty'}, "
                           f"got {got or 'empty'}")
            for g, r in self.violations:
                out.append(f"ABSENT {g['source_id']} {g['text']!r}: row of kind {g['kind']} "
                           f"{_text(r.get('surface'))!r}")
            for g in self.missed:
                want = g.get("value", (g.get("low"), g.get("high")))
                out.append(f"MISS {g['source_id']} {g['text']!r} {want} {g['unit']}")
            for r in self.extra:
                out.append(f"EXTRA {r['source_id']} [{r['span_start']}:{r['span_end']}] {r.get('value')} "
                           f"{r.get('unit')} {_text(r.get('surface'))!r}")
        out.append(f"F1 {self.f1:.3f}")
        return out


def value_ok(row, g) -> bool:
    if g.get("qualifier") == "vague":
        lo, hi = _float(row.get("value_low")), _float(row.get("value_high"))
        slack = TOL * g["high"]
        return lo < hi and g["low"] - slack <= lo and hi <= g["high"] + slack  # False on NaN
    if "low" in g:
        return close(row.get("value_low"), g["low"]) and close(row.get("value_high"), g["high"])
    return close(row.get("value"), g["value"])


def _overlaps(row, g) -> bool:
    s, e = _int(row.get("span_start")), _int(row.get("span_end"))
    return s is not None and e is not None and s < g["end"] and g["start"] < e


def _records(table) -> tuple[list[dict], set[str]]:
    """Rows and column names of a pandas DataFrame, a pyarrow Table or a list of dicts."""
    if hasattr(table, "to_dict"):
        return table.to_dict("records"), set(table.columns)
    if hasattr(table, "to_pylist"):
        return table.to_pylist(), set(table.column_names)
    rows = list(table)
    return rows, set().union(*(r.keys() for r in rows)) if rows else set(NEED)


def score(table, gold: list[dict], docs: str | Path) -> Report:
    """Score `table` (DataFrame, pyarrow Table or list of row dicts) against gold records
    (as `read_gold` returns them: dicts of the JSONL format) whose articles are in `docs`."""
    rows, columns = _records(table)
    lacking = [c for c in NEED if c not in columns]
    if lacking:
        raise ScoreError(f"claims table lacks columns: {', '.join(lacking)}")
    every = locate(gold, docs)
    wanted = [g for g in every if not g.get("absent")]
    absent = [g for g in every if g.get("absent")]

    pred = [r for r in rows if _scored(r)]
    candidates = defaultdict(list)            # (source, kind, unit) -> indices in table order
    for i, r in enumerate(pred):
        candidates[(str(r["source_id"]), r.get("kind"), r.get("unit"))].append(i)
    used, matched, missed = set(), [], []
    for g in wanted:
        hit = next((i for i in candidates[(g["source_id"], g["kind"], g["unit"])]
                    if i not in used and _overlaps(pred[i], g) and value_ok(pred[i], g)), None)
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
            matched.append((g, pred[hit]))

    def prf(kind=None) -> PRF:
        return PRF(sum(kind in (None, g["kind"]) for g, _ in matched),
                   sum(kind in (None, r.get("kind")) for r in pred),
                   sum(kind in (None, g["kind"]) for g in wanted))

    qualifier, time, disagreements = Agreement(), Agreement(), []
    for g, r in matched:
        if g.get("qualifier"):
            qualifier.total += 1
            qualifier.ok += r.get("qualifier") == g["qualifier"]
            if r.get("qualifier") != g["qualifier"]:
                disagreements.append((g, r, "qualifier", g["qualifier"], _text(r.get("qualifier"))))
        for col in ("time_start", "time_end"):
            if col in g:
                time.total += 1
                want, got = day(g[col]), day(r.get(col))
                time.ok += want == got
                if want != got:
                    disagreements.append((g, r, col, want, got))

    labels, missing_columns = {}, []
    for name in LABELS:
        pairs = [(g, r) for g, r in matched if g.get(name)]
        if not pairs:
            continue
        labels[name] = a = Agreement(0, len(pairs))
        if name not in columns:
            missing_columns.append(name)
            continue
        for g, r in pairs:
            got = _text(r.get(name))
            a.ok += got == g[name]
            if got != g[name]:
                disagreements.append((g, r, name, g[name], got))

    entities = None
    if "entities" in columns:
        pairs = [(g, r) for g, r in matched if g.get("entities")]
        entities = Agreement(sum(set(g["entities"]) <= set(as_list(r.get("entities")))
                                 | set(as_list(r.get("context_entities"))) for g, r in pairs), len(pairs))

    shown = defaultdict(list)                 # (source, kind) -> body/title rows, any flags
    for r in rows:
        if _shown(r):
            shown[(str(r["source_id"]), r.get("kind"))].append(r)
    violations = []
    for g in absent:
        row = next((r for r in shown[(g["source_id"], g["kind"])] if _overlaps(r, g)), None)
        if row is not None:
            violations.append((g, row))

    used_rows = {id(pred[i]) for i in used}
    return Report(kinds={k: prf(k) for k in KINDS}, overall=prf(), qualifier=qualifier, time=time,
                  labels=labels, entities=entities, absent=Agreement(len(violations), len(absent)),
                  missing_columns=missing_columns, missed=missed,
                  extra=[r for r in pred if id(r) not in used_rows],
                  violations=violations, disagreements=disagreements)


def shortfalls(report: Report, min_f1=None, min_qualifier=None, min_time=None,
               min_label: dict[str, float] | None = None, max_absent: int = 0) -> list[str]:
    """One line per threshold the report does not reach (empty: all reached)."""
    out = []
    if min_f1 is not None and report.f1 < min_f1:
        out.append(f"F1 {report.f1:.3f} < {min_f1}")
    if min_qualifier is not None and report.qualifier.share < min_qualifier:
        out.append(f"qualifier agreement {report.qualifier.share:.3f} < {min_qualifier}")
    if min_time is not None and report.time.share < min_time:
        out.append(f"time agreement {report.time.share:.3f} < {min_time}")
    for name, share in (min_label or {}).items():
        got = report.labels[name].share if name in report.labels and name not in report.missing_columns else 0.0
        if got < share:
            out.append(f"{name} agreement {got:.3f} < {share}")
    if report.absent.ok > max_absent:
        out.append(f"{report.absent.ok} absent spans have rows (at most {max_absent})")
    return out


def score_files(table: str | Path, gold: str | Path, docs: str | Path) -> Report:
    """`score` on files: a .csv/.parquet table, a gold JSONL, the articles folder."""
    return score(read_table(table), read_gold(gold), docs)


def join_parts(parts: list[Path], dest: Path) -> Path:
    """Several labelled parts (each `raw/*.txt`, `sources.csv`, `gold.jsonl`) as one corpus in `dest`,
    so a held-out part written by several hands is built and scored together, as it was labelled."""
    (dest / "raw").mkdir(parents=True, exist_ok=True)
    gold, sources = [], []
    for part in map(Path, parts):
        for article in sorted((part / "raw").glob("*.txt")):
            (dest / "raw" / article.name).write_bytes(article.read_bytes())
        gold.append((part / "gold.jsonl").read_text(encoding="utf-8").rstrip("\n") + "\n")
        rows = (part / "sources.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
        sources.extend(rows if not sources else rows[1:])
    (dest / "gold.jsonl").write_text("".join(gold), encoding="utf-8")
    (dest / "sources.csv").write_text("".join(s if s.endswith("\n") else s + "\n" for s in sources), encoding="utf-8")
    return dest
