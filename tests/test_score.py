"""The project's scorer (claims.score, `python -m claims score`) catches real failures.

One small article, a handful of gold lines (power, money, a time period, labels, two
"absent" spans), and tables that get one thing wrong at a time.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from claims.score import ScoreError, read_gold, score, shortfalls

REPO = Path(__file__).resolve().parents[1]
SID = "007"  # a source_id that must stay a string
TEXT = ("データセンター計画\n"
        "A社は2030年までに5GWの電力を確保し、約100億ドルを投じる。25年後半に着工する。\n"
        "費用は80〜100億ドル、数十億ドル規模の補助も見込む。\n"
        "コメント: 1000億円くらいかな\n")
GOLD = [
    {"source_id": SID, "context": "までに5GWの", "text": "5GW", "kind": "power", "unit": "GW", "value": 5,
     "qualifier": "exact", "time_start": None, "time_end": "2030-12-31", "measure": "capacity"},
    {"source_id": SID, "context": "約100億ドルを", "text": "約100億ドル", "kind": "money", "unit": "USD",
     "value": 1e10, "qualifier": "approx", "modality": "plan"},
    {"source_id": SID, "context": "80〜100億ドル", "text": "80〜100億ドル", "kind": "money", "unit": "USD",
     "low": 8e9, "high": 1e10, "qualifier": "range"},
    {"source_id": SID, "context": "数十億ドル規模", "text": "数十億ドル規模", "kind": "money", "unit": "USD",
     "low": 1e9, "high": 1e10, "qualifier": "vague"},
    {"source_id": SID, "context": "25年後半", "text": "25年", "kind": "duration", "absent": True},
    {"source_id": SID, "context": "1000億円くらい", "text": "1000億円", "kind": "money", "absent": True},
]


def row(surface: str, kind: str, unit: str, value=None, low=None, high=None, **extra) -> dict:
    start = TEXT.index(surface)
    value = low if value is None else value
    return {"source_id": SID, "span_start": start, "span_end": start + len(surface), "surface": surface,
            "section": "body", "flags": [], "kind": kind, "unit": unit, "value": value,
            "value_low": value if low is None else low, "value_high": value if high is None else high,
            "qualifier": "exact", "time_start": None, "time_end": None, "measure": "", "modality": "",
            **extra}


def perfect() -> list[dict]:
    return [
        row("5GW", "power", "GW", 5.0, time_end="2030-12-31", measure="capacity"),
        row("約100億ドル", "money", "USD", 1e10, qualifier="approx", modality="plan"),
        row("80〜100億ドル", "money", "USD", low=8e9, high=1e10, qualifier="range"),
        row("数十億ドル規模", "money", "USD", low=1e9, high=1e10, qualifier="vague"),
        row("2030年", "date", "date", float("nan")),
        row("1000億円", "money", "JPY", 1e11, section="comments"),
    ]


@pytest.fixture()
def docs(tmp_path) -> Path:
    (tmp_path / f"{SID}.txt").write_bytes("\ufeff".encode() + TEXT.encode())  # a BOM: spans skip it
    return tmp_path


def test_a_perfect_table_scores_full_marks(docs):
    r = score(perfect(), GOLD, docs)
    assert (r.f1, r.overall.matched, r.overall.gold, r.overall.predicted) == (1.0, 4, 4, 4)
    assert (r.qualifier.ok, r.qualifier.total) == (4, 4)
    assert (r.time.ok, r.time.total) == (2, 2)
    assert {k: (a.ok, a.total) for k, a in r.labels.items()} == {"measure": (1, 1), "modality": (1, 1)}
    assert (r.absent.ok, r.absent.total) == (0, 2)
    assert shortfalls(r, 1.0, 1.0, 1.0, {"measure": 1.0}) == []


def test_a_missing_quantity_lowers_recall_not_precision(docs):
    r = score([x for x in perfect() if x["surface"] != "約100億ドル"], GOLD, docs)
    assert r.kinds["money"].recall == pytest.approx(2 / 3) and r.kinds["money"].precision == 1.0
    assert [g["text"] for g in r.missed] == ["約100億ドル"]
    assert shortfalls(r, min_f1=0.99) and "MISS 007 '約100億ドル'" in "\n".join(r.lines(show=True))


@pytest.mark.parametrize("change, matches", [
    ({"value": 1.004e10, "value_low": 1.004e10, "value_high": 1.004e10}, True),   # within 0.5 %
    ({"value": 1.01e10, "value_low": 1.01e10, "value_high": 1.01e10}, False),     # 1 % off
    ({"unit": "JPY"}, False),
    ({"kind": "count"}, False),
    ({"source_id": "7"}, False),
    ({"span_start": 0, "span_end": 5}, False),                                     # no overlap
])
def test_a_wrong_value_unit_kind_source_or_span_does_not_match(docs, change, matches):
    rows = perfect()
    rows[1].update(change)
    r = score(rows, GOLD, docs)
    assert (r.overall.matched == 4) is matches
    if not matches:
        assert [g["text"] for g in r.missed] == ["約100億ドル"]
        assert len(r.extra) == (1 if change.get("kind", "money") == "money" else 0)


def test_ranges_need_both_ends_and_vague_amounts_a_real_interval_inside_the_bounds(docs):
    rows = perfect()
    rows[2].update(value_high=1.2e10)                           # range 80〜120億: wrong upper end
    rows[3].update(value_low=5e9, value_high=5e9)               # vague, but not an interval
    r = score(rows, GOLD, docs)
    assert sorted(g["text"] for g in r.missed) == ["80〜100億ドル", "数十億ドル規模"]


def test_matching_is_one_to_one(docs):
    rows = perfect()
    twice = [dict(GOLD[0]), dict(GOLD[0], context="5GWの電力")]  # the same mention labelled twice
    r = score(rows, twice, docs)
    assert (r.overall.matched, r.overall.gold) == (1, 2)


def test_rows_outside_body_and_garbled_rows_are_not_scored(docs):
    rows = perfect()
    rows[1].update(section="boilerplate")
    rows[2].update(flags=["garbled"])
    r = score(rows, GOLD, docs)
    assert (r.overall.predicted, r.overall.matched) == (2, 2)


def test_a_body_row_inside_an_absent_span_is_a_violation(docs):
    rows = perfect() + [row("25年", "duration", "year", 25.0)]
    r = score(rows, GOLD, docs)
    assert (r.absent.ok, r.absent.total) == (1, 2)
    assert [g["text"] for g, _ in r.violations] == ["25年"]
    assert shortfalls(r) == ["1 absent spans have rows (at most 0)"]
    assert shortfalls(r, max_absent=1) == []
    assert r.f1 == 1.0                                          # a duration is not a power/money row


@pytest.mark.parametrize("section, violated", [("body", True), ("title", True), ("", True),
                                               ("comments", False), ("boilerplate", False)])
def test_absent_spans_allow_rows_kept_as_comments_or_boilerplate(docs, section, violated):
    rows = perfect()
    rows[-1].update(section=section)                            # the 1000億円 in the reader comment
    r = score(rows, GOLD, docs)
    assert (r.absent.ok == 1) is violated


def test_absent_spans_only_concern_their_kind(docs):
    rows = perfect() + [row("25年", "date", "date", float("nan"))]
    assert score(rows, GOLD, docs).absent.ok == 0


def test_time_agreement_is_counted_per_labelled_field(docs):
    rows = perfect()
    rows[0].update(time_start="2030-01-01")                     # gold: must be empty
    r = score(rows, GOLD, docs)
    assert (r.time.ok, r.time.total) == (1, 2)
    rows[0].update(time_end="2029-12-31")
    r = score(rows, GOLD, docs)
    assert (r.time.ok, r.time.total) == (0, 2)
    assert "TIME 007 '5GW' time_start: want empty, got 2030-01-01" in r.lines(show=True)
    assert shortfalls(r, min_time=0.5) == ["time agreement 0.000 < 0.5"]


def test_qualifier_and_label_disagreements_are_counted_and_shown(docs):
    rows = perfect()
    rows[1].update(qualifier="exact", modality="actual")
    r = score(rows, GOLD, docs)
    assert (r.qualifier.ok, r.qualifier.total) == (3, 4)
    assert (r.labels["modality"].ok, r.labels["measure"].ok) == (0, 1)
    shown = r.lines(show=True)
    assert "QUALIFIER 007 '約100億ドル' qualifier: want approx, got exact" in shown
    assert "MODALITY 007 '約100億ドル' modality: want plan, got actual" in shown
    assert shortfalls(r, min_qualifier=0.9, min_label={"modality": 0.5}) == [
        "qualifier agreement 0.750 < 0.9", "modality agreement 0.000 < 0.5"]


def test_a_label_column_the_table_lacks_agrees_nowhere(docs):
    rows = [{k: v for k, v in x.items() if k != "measure"} for x in perfect()]
    r = score(rows, GOLD, docs)
    assert r.missing_columns == ["measure"] and r.labels["measure"].ok == 0
    assert "measure agreement on matched: table has no measure column (0/1)" in r.lines()
    assert shortfalls(r, min_label={"measure": 0.1}) == ["measure agreement 0.000 < 0.1"]


@pytest.mark.parametrize("gold, message", [
    ([dict(GOLD[0], context="6GWの")], "context not found exactly once"),
    ([dict(GOLD[0], text="6GW")], "not inside context"),
    ([dict(GOLD[0], source_id="missing")], "cannot read"),
    ([{k: v for k, v in GOLD[0].items() if k != "value"}], "numeric value"),
    ([{k: v for k, v in GOLD[0].items() if k != "kind"}], "lacks kind"),
])
def test_bad_gold_lines_raise_a_clear_error(docs, gold, message):
    with pytest.raises(ScoreError, match=message):
        score(perfect(), gold, docs)


def test_a_table_without_the_contract_columns_is_an_error(docs):
    with pytest.raises(ScoreError, match="lacks columns: value_low, value_high"):
        score([{k: v for k, v in x.items() if k not in ("value_low", "value_high")} for x in perfect()],
              GOLD, docs)


# ---------------------------------------------------------------- CLI

def cli(*args):
    return subprocess.run([sys.executable, "-m", "claims", "score", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture()
def files(docs):
    gold = docs / "gold.jsonl"
    gold.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in GOLD), encoding="utf-8")
    df = pd.DataFrame(perfect())
    df.to_parquet(docs / "t.parquet")
    flat = df.assign(flags=df["flags"].map("|".join))
    flat.to_csv(docs / "t.csv", index=False, encoding="utf-8-sig")
    flat[df["surface"] != "5GW"].to_csv(docs / "short.csv", index=False, encoding="utf-8-sig")
    return docs, gold


@pytest.mark.parametrize("table", ["t.csv", "t.parquet"])
def test_cli_scores_csv_and_parquet_alike(files, table):
    docs, gold = files
    out = cli(docs / table, gold, docs, "--min-f1", "1", "--min-qualifier", "1", "--min-time", "1",
              "--min-label", "measure=1", "--min-label", "modality=1")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines()[-1] == "F1 1.000"
    for line in ("power  matched 1/1 gold, 1 predicted: P 1.000 R 1.000 F1 1.000",
                 "money  matched 3/3 gold, 3 predicted: P 1.000 R 1.000 F1 1.000",
                 "qualifier agreement on matched: 4/4", "time agreement on matched: 2/2 fields",
                 "measure agreement on matched: 1/1", "absent spans violated: 0/2"):
        assert line in out.stdout.splitlines()


def test_cli_exits_1_when_a_threshold_is_missed(files):
    docs, gold = files
    out = cli(docs / "short.csv", gold, docs, "--show")
    assert out.returncode == 0 and "MISS 007 '5GW' 5 GW" in out.stdout
    out = cli(docs / "short.csv", gold, docs, "--min-f1", "0.9")
    assert out.returncode == 1 and out.stdout.splitlines()[-1] == "F1 0.857 < 0.9"
    assert cli(docs / "short.csv", gold, docs, "--min-f1", "0.85").returncode == 0


@pytest.mark.parametrize("make, args, message", [
    (lambda d: d / "nope.csv", (), "no such table"),
    (lambda d: (d / "bad.parquet").write_bytes(b"not parquet") and d / "bad.parquet", (), "cannot read table"),
    (lambda d: (d / "bad.csv").write_bytes(b"\xff\xfe\x00junk") and d / "bad.csv", (), "cannot read table"),
    (lambda d: (d / "x.json").write_text("{}") and d / "x.json", (), "unknown table format"),
    (lambda d: (d / "cols.csv").write_text("source_id,kind\n007,power\n") and d / "cols.csv", (),
     "lacks columns"),
    (lambda d: d / "t.csv", ("--min-label", "measure"), "expected FIELD=SHARE"),
])
def test_cli_bad_input_is_one_error_line(files, make, args, message):
    docs, gold = files
    out = cli(make(docs), gold, docs, *args)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.startswith("error: ") and message in out.stderr
    assert len(out.stderr.splitlines()) == 1 and "Traceback" not in out.stderr


def test_cli_bad_gold_names_the_line(files):
    docs, gold = files
    gold.write_text(gold.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    out = cli(docs / "t.csv", gold, docs)
    assert out.returncode == 1 and out.stderr.startswith(f"error: {gold} line 7: not JSON")


def test_read_gold_skips_blank_lines(files):
    _, gold = files
    gold.write_text("\n" + gold.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert len(read_gold(gold)) == len(GOLD)
