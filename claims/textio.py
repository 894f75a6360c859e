"""Decode article bytes: UTF-8 (with or without BOM), else Shift_JIS/CP932, EUC-JP, UTF-16.

Spans in the claims table index the string returned here, so it keeps every
newline exactly as in the file (no universal-newline translation) and only
drops a leading BOM.
"""
from __future__ import annotations

import codecs

# Encodings a Japanese article realistically comes in; charset-normalizer picks among them.
JAPANESE_ENCODINGS = ["cp932", "shift_jis", "euc_jp", "iso2022_jp", "utf_16", "utf_8"]


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode_bytes(data: bytes, name: str = "file") -> tuple[str, str]:
    """Return (text, encoding).  Raises DecodeError with a message naming `name`."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"{name}: starts with a UTF-8 BOM but is not valid UTF-8 "
                              f"(byte {exc.start})") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"{name}: has a UTF-16 BOM but is not valid UTF-16") from exc
    if not data:
        return "", "utf-8"
    if b"\x00" in data[:4096]:
        raise DecodeError(f"{name}: looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    best = from_bytes(data, cp_isolation=JAPANESE_ENCODINGS).best()
    if best is None:
        raise DecodeError(f"{name}: not text in UTF-8, Shift_JIS/CP932, EUC-JP or UTF-16")
    text = str(best)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, best.encoding
