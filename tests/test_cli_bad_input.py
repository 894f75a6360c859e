"""The build CLI on bad input: one clear line each, non-zero exit when nothing sensible can
be built, and the previous table left untouched.

Bad inputs tried: missing directory, folder without articles, binary file, undecodable bytes,
empty file, a single line far over Sudachi's 49,149-byte input limit, Shift_JIS / EUC-JP
articles, duplicate ids (NFC vs NFD file names, repeated sources.csv rows), malformed
sources.csv (no source_id column, bad date, extra fields, not CSV), sources rows without a
file, an unknown output format, and a build killed midway.
"""
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from claims import schema

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "claims", "build", *map(str, args), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)


def folder(tmp_path, files: dict[str, bytes | str]) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for name, content in files.items():
        (d / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return d


def one_error(out, fragment):
    assert out.returncode == 1, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], out.stderr
    assert "Traceback" not in out.stderr


ARTICLE = "見出し\nスターゲイトは約10GW規模、投資は5000億ドルだ。"


@pytest.mark.parametrize("files,fragment", [
    ({"bin.txt": b"PK\x03\x04\x00\x00" + bytes(range(256)) * 4}, "bin.txt: looks like a binary file"),
    ({"bad.txt": b"\x81\xff\xfe\x80" * 300 + bytes(range(128, 256)) * 8}, "bad.txt"),
    ({"a.txt": ARTICLE, "sources.csv": "id,title\na,x\n"}, "no source_id column"),
    ({"a.txt": ARTICLE, "sources.csv": "source_id,published\na,2024-13-45\n"}, "not a date"),
    ({"a.txt": ARTICLE, "sources.csv": "source_id,title\na,x,extra\n"}, "more fields than the header"),
    ({"a.txt": ARTICLE, "sources.csv": "source_id,title\na,x\na,y\n"}, "duplicate source_id 'a'"),
    ({"a.txt": ARTICLE, "sources.csv": b"\x00\x01binary"}, "sources.csv"),
])
def test_bad_inputs_are_one_line_errors(tmp_path, files, fragment):
    out = run_cli(folder(tmp_path, files), "--out", tmp_path / "c.parquet")
    one_error(out, fragment)
    assert not (tmp_path / "c.parquet").exists()


def test_missing_directory_and_empty_folder(tmp_path):
    one_error(run_cli(tmp_path / "nope", "--out", tmp_path / "c.parquet"), "no such directory")
    (tmp_path / "empty").mkdir()
    one_error(run_cli(tmp_path / "empty", "--out", tmp_path / "c.parquet"), "no .txt articles found")


def test_unknown_output_format(tmp_path):
    one_error(run_cli(folder(tmp_path, {"a.txt": ARTICLE}), "--out", tmp_path / "c.xlsx"), "unknown table format")


def test_nfc_and_nfd_names_are_duplicate_ids(tmp_path):
    nfc = "ガイド"
    nfd = unicodedata.normalize("NFD", nfc)
    d = folder(tmp_path, {f"{nfc}.txt": ARTICLE, f"{nfd}.txt": ARTICLE})
    if len(list(d.glob("*.txt"))) < 2:
        pytest.skip("this filesystem normalizes file names")
    one_error(run_cli(d, "--out", tmp_path / "c.parquet"), "duplicate source_id")


def test_empty_file_and_other_encodings_are_built_with_warnings(tmp_path):
    d = folder(tmp_path, {"empty.txt": b"", "sjis.txt": ARTICLE.encode("cp932"),
                          "euc.txt": ARTICLE.encode("euc_jp"), "sources.csv": "source_id\nempty\nghost\n"})
    out = run_cli(d, "--out", tmp_path / "c.parquet")
    assert out.returncode == 0, out.stderr
    assert "empty.txt: empty file, no claims" in out.stderr
    assert "lists 'ghost'" in out.stderr
    df = schema.read_table(tmp_path / "c.parquet")
    got = {sid: sorted(df[df.source_id == sid]["surface"]) for sid in ("sjis", "euc", "empty")}
    assert got == {"sjis": ["5000億ドル", "約10GW規模"], "euc": ["5000億ドル", "約10GW規模"], "empty": []}
    arts = schema.read_table(tmp_path / "articles.parquet", schema.ARTICLE_FIELDS)
    assert dict(zip(arts.source_id, arts.encoding, strict=True))["euc"] in ("euc_jp", "euc-jp")


def test_single_line_over_sudachis_input_limit(tmp_path):
    line = "スターゲイトは約10GW規模で、" * 5000          # ~80,000 chars, ~230 KB, no sentence end
    out = run_cli(folder(tmp_path, {"long.txt": line}), "--out", tmp_path / "c.parquet")
    assert out.returncode == 0, out.stderr
    df = schema.read_table(tmp_path / "c.parquet")
    assert len(df) == 5000 and set(df["surface"]) == {"約10GW規模"}
    assert df["sentence"].str.len().max() <= 1000


@pytest.fixture
def previous_table(tmp_path) -> tuple[Path, bytes]:
    """A table built from the shipped articles, and its bytes: a failed build must leave them."""
    target = tmp_path / "c.parquet"
    assert run_cli(ROOT / "data" / "raw", "--out", target).returncode == 0
    return target, target.read_bytes()


def test_build_killed_midway_leaves_previous_table(tmp_path, previous_table):
    target, before = previous_table
    big = tmp_path / "big"
    big.mkdir()
    text = (ROOT / "data" / "raw" / "001_178cd634a5b464c1.txt").read_text(encoding="utf-8")
    for i in range(400):
        (big / f"a{i:04d}.txt").write_text(text, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "claims", "build", str(big), "--out", str(target), "--quiet"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while not list(tmp_path.glob(".c.parquet.*.tmp")) and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    assert proc.poll() is None, "build finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert target.read_bytes() == before
    assert schema.read_table(target)["source_id"].nunique() == 5


def test_failed_build_leaves_previous_table_untouched(tmp_path, previous_table):
    target, before = previous_table
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "ok.txt").write_text("10GW", encoding="utf-8")
    (bad / "z.txt").write_bytes(b"\x00" * 100)
    out = run_cli(bad, "--out", target)
    assert out.returncode == 1 and target.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))
