"""Decoding: UTF-8 with/without BOM, Shift_JIS/CP932, EUC-JP; binary refused by name."""
import pytest

from claims.textio import DecodeError, decode_bytes

TEXT = "スターゲイト計画は5000億ドルを投じる。\r\n原発10基分の電力だ。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "euc_jp"])
def test_japanese_encodings(encoding):
    text, _ = decode_bytes(TEXT.encode(encoding), "a.txt")
    assert text == TEXT     # BOM dropped, \r\n kept


def test_empty_file_is_empty_text():
    assert decode_bytes(b"", "e.txt") == ("", "utf-8")


def test_binary_is_refused_with_the_file_name():
    with pytest.raises(DecodeError, match="img.txt"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "img.txt")
