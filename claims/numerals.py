"""Numbers from Sudachi morphemes: adjacent 数詞 morphemes form a run with a value.

Sudachi already joins and normalizes numerals (`5000億` -> 500000000000,
`16万6000` -> 166000, `１２０万` -> 1200000).  What it leaves is handled here:
vague numerals (`数千`+`億`, `何十`+`億`, `十`+`数`+`億`) become bounds, and
neighbouring runs that real pages write as one number are joined (`join_runs`):
`1・7兆` (・ as the decimal point), `1兆0,800億` (a zero-padded group after 兆),
`200 億` (a space inside the number) and `約数兆` (Sudachi reads 約数 as "divisor"); and the heads
Sudachi reads into the word before are taken back (`売上高3,450億`, `金三百四十七億`), as is an item
number read as a decimal with the year after it (`A2．2026年`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .tokenizer import Morph

_PLACE = {"十": 10, "百": 100, "千": 1000}
_KANJI_DIGIT_CHARS = "〇一二三四五六七八九"
_BIG = {"万": 1e4, "億": 1e8, "兆": 1e12}
_VAGUE = re.compile(r"^(?P<head>[0-9.,〇一二三四五六七八九十百千万億兆]*?)(?P<lead>十)?(?P<mark>[数何幾])"
                    r"(?P<places>[十百千]*)(?P<big>[万億兆]*)$")
_FIGURE_PART = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?|.")

# Full-width ASCII -> ASCII, ideographic space -> space; one char for one char, so offsets hold.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def width_normalize(text: str) -> str:
    return text.translate(_WIDTH)


@dataclass(frozen=True, slots=True)
class Run:
    start: int
    end: int
    surface: str
    low: float
    high: float
    vague: bool

    @property
    def value(self) -> float:
        return self.low

    @property
    def is_int(self) -> bool:
        return not self.vague and float(self.low).is_integer()


def _vague_bounds(surface: str) -> tuple[float, float] | None:
    m = _VAGUE.match(unicodedata.normalize("NFKC", surface))
    if not m:
        return None
    place = 1.0
    for ch in m["places"]:
        place *= _PLACE[ch]
    big = 1.0
    for ch in m["big"]:
        big *= _BIG[ch]
    if m["head"]:
        return _headed_bounds(m["head"], m["lead"], place, big)
    if m["lead"]:                       # 十数億: 11..19 億
        return 11 * place * big, 19 * place * big
    return place * big, 10 * place * big


def _headed_bounds(head: str, lead: str | None, place: float, big: float) -> tuple[float, float] | None:
    """1兆数千億 = 1兆 + 1000億..1兆, 百数十億 = (100 + 10..100)億, 2千数百億, 1億数千万: a figure
    written up to a vague last part. The head's own scale must be above the vague part's."""
    parsed = mixed_value(head)
    if parsed is None or lead:
        return None
    value, scale = parsed
    if head[-1] in _BIG:                # 1兆 + 数千億
        if scale < 10 * place * big:
            return None
        return value + place * big, value + 10 * place * big
    if scale < 10 * place:              # 百 + 数十, then 億
        return None
    return (value + place) * big, (value + 10 * place) * big


def mixed_value(s: str) -> tuple[float, float] | None:
    """2千 -> (2000, 1000), 1兆 -> (1e12, 1e12), 百 -> (100, 100): a figure in digits and/or kanji,
    and the scale of its last part; None if it is not one."""
    total = section = 0.0
    current: float | None = None
    scale = 1.0
    for part in _FIGURE_PART.findall(s):
        if part in _PLACE:
            section += (current if current is not None else 1) * _PLACE[part]
            current, scale = None, _PLACE[part]
        elif part in _BIG:
            total += (section + (current or 0)) * _BIG[part]
            section, current, scale = 0.0, None, _BIG[part]
        elif part in _KANJI_DIGIT_CHARS and current is None:
            current, scale = float(_KANJI_DIGIT_CHARS.index(part)), 1.0
        elif part[0].isdigit() and current is None:
            current, scale = float(part.replace(",", "")), 1.0
        else:
            return None
    return total + section + (current or 0), scale


def _exact_value(morphs: list[Morph]) -> float | None:
    total = 0.0
    current: float | None = None
    for m in morphs:
        norm = m.norm
        if norm in _BIG or norm in _PLACE:
            mult = _BIG.get(norm) or _PLACE[norm]
            current = (current if current is not None else 1.0) * mult
            continue
        try:
            v = float(norm.replace(",", ""))
        except ValueError:
            return None
        if current is not None and current > v:   # 16万 + 6000
            total += current
            current = v
        elif current is None:
            current = v
        else:
            return None
    if current is None:
        return None
    return total + current


def numeral_runs(morphs: list[Morph], text: str | None = None) -> list[Run]:
    """Runs of adjacent numeral morphemes; with the text they index, joined per `join_runs`."""
    runs = _runs(morphs)
    return join_runs(runs, text) if text is not None and runs else runs


def _runs(morphs: list[Morph]) -> list[Run]:
    runs: list[Run] = []
    group: list[Morph] = []

    def close() -> None:
        if not group:
            return
        start, end = group[0].begin, group[-1].end
        surface = "".join(m.surface for m in group)
        bounds = _vague_bounds(surface)
        if bounds is not None:
            runs.append(Run(start, end, surface, bounds[0], bounds[1], True))
        else:
            v = _exact_value(group)
            if v is not None:
                runs.append(Run(start, end, surface, v, v, False))
        group.clear()

    for m in morphs:
        if m.pos1 == "数詞" and (not group or group[-1].end == m.begin):
            group.append(m)
        else:
            close()
            if m.pos1 == "数詞":
                group.append(m)
    close()
    return runs


# ---- joining what Sudachi leaves apart.  Each rule: (the characters between two runs, a test,
# the joined value).  Only runs one separator apart are ever looked at, so this costs nothing
# on ordinary text.
_DIGITS = re.compile(r"^(?P<digits>[0-9]+)(?P<mult>[万億兆]*)$")
_BIG_ONLY = re.compile(r"^[万億兆]+$")
_PLACES_ONLY = re.compile(r"^[十百千]*[万億兆]*$")
# what may follow the fraction of `1・7`: a big unit or a unit of the kinds we chart, never
# `1・2号機` or `3・11`
_DECIMAL_UNIT = re.compile(
    r"[万億兆]|%|パーセント|ギガ|メガ|キロ|テラ|ワット|[GMkKT]?[Ww](?![A-Za-z])|円|ドル|ユーロ|倍|割")
_DECIMAL_RANGE = re.compile(r"\s?(?:〜|～|~|－|-|から)\s?[0-9０-９]+[・･][0-9０-９]+")   # 0・4~0・5円
_THOUSANDS_HEAD = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")                          # 3,200 (already one group joined)
_THOUSANDS_TAIL = re.compile(r"^(?P<digits>[0-9]{3}(?:,[0-9]{3})*)(?P<sen>千)?(?P<mult>[万億兆]*)$")   # 000千, 000
# 2,5兆 / 12,5億: a comma before one or two digits is a decimal comma (Indonesian, European copy),
# never a thousands separator; Sudachi reads such a number as one word and drops the comma.
_DECIMAL_COMMA = re.compile(r"^(?P<int>[0-9]+)[,，](?P<frac>[0-9]{1,2})(?P<mult>[万億兆]*)$")
_PADDED = re.compile(r"^(?P<head>.*[兆億万])(?P<tail>[0-9]{1,3})$")       # 1兆0 | ,800億, 4万0 | ,800
_VAGUE_MARK = "数何幾"


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _mult(chars: str) -> float:
    m = 1.0
    for ch in chars:
        m *= _BIG[ch]
    return m


def _unit_follows_fraction(text: str, pos: int) -> bool:
    """1・7兆円, 6・2%; also the low end of a range of such decimals, 0・4~0・5円."""
    if _DECIMAL_UNIT.match(text, pos):
        return True
    r = _DECIMAL_RANGE.match(text, pos)
    return bool(r and _DECIMAL_UNIT.match(text, r.end()))


_KANJI_DIGITS = str.maketrans(_KANJI_DIGIT_CHARS, "0123456789")


def _kanji_digits(s: str) -> str:
    """一 -> 1, 二五 -> 25: kanji written digit by digit (never 十/百/千, which are places)."""
    return s.translate(_KANJI_DIGITS) if s and all(c in _KANJI_DIGIT_CHARS for c in s.rstrip("万億兆")) else s


# kanji digits with 、 between groups of three, as vertical official text writes them: 三億四、二一五万六、〇〇〇円
_KANJI_GROUPED_HEAD = re.compile(rf"^[{_KANJI_DIGIT_CHARS}万億兆、]*[{_KANJI_DIGIT_CHARS}]$")
_KANJI_GROUPED_TAIL = re.compile(rf"^[{_KANJI_DIGIT_CHARS}]{{3}}(?:[万億兆][{_KANJI_DIGIT_CHARS}万億兆]*)?$")


def _grouped_digits_value(s: str) -> float:
    """3億4215万6000 -> 342156000: digit groups, each followed by the big unit it counts."""
    total, digits = 0.0, ""
    for ch in s:
        if ch in _BIG:
            total += int(digits or "1") * _BIG[ch]
            digits = ""
        else:
            digits += ch
    return total + int(digits or "0")


def _join(a: Run, b: Run, text: str) -> Run | None:
    gap = text[a.end:b.start]
    if a.vague or b.vague:
        return None
    sa, sb = _nfkc(a.surface), _nfkc(b.surface)
    if gap == "、" and _KANJI_GROUPED_HEAD.match(sa) and _KANJI_GROUPED_TAIL.match(sb):
        surface = a.surface + gap + b.surface                       # 一億二、八〇〇万 = 1億2800万
        v = _grouped_digits_value((sa + sb).replace("、", "").translate(_KANJI_DIGITS))
        return Run(a.start, b.end, surface, v, v, False)
    if gap in ("・", "･"):                                          # 1・7兆円 = 1.7兆円, 一・二ギガワット
        sa, sb = _kanji_digits(sa), _kanji_digits(sb)
        da, db = _DIGITS.match(sa), _DIGITS.match(sb)
        if not (da and db) or da["mult"] or not _unit_follows_fraction(text, b.end) and not db["mult"]:
            return None
        v = (int(da["digits"]) + int(db["digits"]) / 10 ** len(db["digits"])) * _mult(db["mult"])
        return Run(a.start, b.end, a.surface + gap + b.surface, v, v, False)
    if (gap in (",", "，") and sa.isdigit() and len(sb) <= 2 and sb.isdigit()
            and (_GERMAN_SCALE.match(text, b.end) or _unit_follows_fraction(text, b.end))):
        v = float(f"{sa}.{sb}")                          # 2,5 Mrd., 1,4ギガワット (a European decimal comma)
        return Run(a.start, b.end, a.surface + gap + b.surface, v, v, False)
    if gap in (", ", "， ") and sa.isdigit() and len(sa) <= 3 and (tail := _THOUSANDS_TAIL.match(sb)) \
            and len(tail["digits"]) == 3:
        v = int(sa + tail["digits"]) * (1000 if tail["sen"] else 1) * _mult(tail["mult"])   # 1, 000億ドル
        return Run(a.start, b.end, a.surface + gap + b.surface, v, v, False)
    if gap in (",", "，") and _THOUSANDS_HEAD.match(sa) and (tail := _THOUSANDS_TAIL.match(sb)):
        digits = sa.replace(",", "") + tail["digits"].replace(",", "")   # 高3,200 | ,000千円: Sudachi's 高3
        v = int(digits) * (1000 if tail["sen"] else 1) * _mult(tail["mult"])
        return Run(a.start, b.end, a.surface + gap + b.surface, v, v, False)
    if gap in (",", "，"):                                         # 1兆0,800億 = 1兆800億
        pa, db = _PADDED.match(sa), _DIGITS.match(sb)
        if not (pa and db and len(db["digits"]) == 3 and (db["mult"] or pa["head"][-1] == "万")):
            return None
        big = _mult(db["mult"])
        if big >= _mult(pa["head"][-1]):
            return None
        v = a.value - int(pa["tail"]) + int(pa["tail"] + db["digits"]) * big
        return Run(a.start, b.end, a.surface + gap + b.surface, v, v, False)
    if gap in (" ", "\u3000") and (db := _DIGITS.match(re.sub(r"[,\s]", "", sb))) and db["mult"] and sa[-1:] in _BIG \
            and _mult(db["mult"]) < _BIG[sa[-1]] and len(db["digits"]) <= 4 and not _BIG_ONLY.match(sb):
        v = a.value + b.value                                       # 17 億 5,000 万円: a PDF's spaces
        return Run(a.start, b.end, a.surface + gap + b.surface, v, v, False)
    if (gap == " " and _SPACED_DIGITS.fullmatch(sa) and (db := _DIGITS.match(sb)) and len(db["digits"]) == 1
            and (" " in sa or db["mult"] or _SCALE_AFTER.match(text, b.end))):
        v = float(sa.replace(" ", "") + db["digits"]) * _mult(db["mult"])     # 1 0 0 億ドル, 5 0万円: a caption's
        return Run(a.start, b.end, a.surface + gap + b.surface, v, v, False)    # spaced digits
    if gap == _KEI and (lead := _DIGITS.fullmatch(_kanji_digits(sa))) and not lead["mult"] and b.value < _KEI_VALUE:
        v = a.value * _KEI_VALUE + b.value                             # 1京5000兆円: Sudachi leaves 京 apart
        return Run(a.start, b.end, a.surface + gap + b.surface, v, v, False)
    if (gap in ("とんで", "飛んで") or _FILLER_GAP.fullmatch(gap)) and sa[-1:] in _BIG and b.value < _BIG[sa[-1]]:
        v = a.value + b.value                           # 1兆とんで500億, 1兆、えー、2000億 (spoken): one figure
        return Run(a.start, b.end, a.surface + gap + b.surface, v, v, False)
    if gap in (" ", "\u3000") and sb and _PLACES_ONLY.match(sb):   # 200 億ドル, 12,345 百万円 (a PDF's spaces)
        da = (_DIGITS.match(sa) or re.match(r"^[0-9]{1,3}(?:,[0-9]{3})+$|^[0-9]*\.[0-9]+$", sa)   # 約 1,200 億円
              or _SPACED_DIGITS.fullmatch(sa) and " " in sa)                                    # 1 0 0 億
        if not da:
            return None
        v = a.value * b.value
        return Run(a.start, b.end, a.surface + gap + b.surface, v, v, False)
    return None


# 京 (10^16) after a figure: Sudachi never reads it as a numeral (1京円 is a proper noun to it). Taken as one
# only right before the rest of the figure or a unit (not 第1京浜, 3京都).
_KEI, _KEI_VALUE = "京", 1e16
_KEI_THEN_UNIT = re.compile(r"京(?=円|ドル|ユーロ|元|回|FLOPS|フロップス|バイト)")
# What may stand between two parts of one figure besides one character: 1兆とんで500億 (spoken), 1, 000億 (a space
# after the thousands comma)
_WORD_GAPS = ("とんで", "飛んで", ", ", "， ")
# A speaker's filler between the parts of one figure (1兆、えー、2000億円): only before a smaller part (joined above).
_FILLER_GAP = re.compile(r"、?\s?(?:(?:えー+|ええと|えーと|えっと|あのー?|まあ|うーん)[、\s]?)+")
# Single digits a space apart (1 0 0, 3 0 0 0): automatic captions and spaced-out text write a figure so. The
# first is never 0, so that a list of digits starting with 0 stays apart.
_SPACED_DIGITS = re.compile(r"[1-9](?: [0-9])*")
# Two spaced digits are one figure only before a scale (8 0 B ドル, 5 0 億円) or a third digit (1 0 0), not in a
# list (１　5社) or a date (2026/4/8 6:00).
_SCALE_AFTER = re.compile(r" ?(?:[万億兆]|[BT](?![A-Za-z]))| [0-9](?![0-9])")      # or one more spaced digit


_SWALLOWED_LEAD = re.compile(r"(?<![0-9,，.])[0-9]{1,3}[,，]$")


def _swallowed_lead(run: Run, text: str, prev_end: int) -> Run:
    """売上高3,450億円: Sudachi reads 高3 as one word (高校3年), leaving 450億 alone."""
    sb = _DIGITS.match(_nfkc(run.surface))
    lead = _SWALLOWED_LEAD.search(text, max(prev_end, run.start - 4), run.start) if sb else None
    if not (lead and len(sb["digits"]) == 3):
        return run
    digits = lead.group()[:-1]
    v = int(digits + sb["digits"]) * _mult(sb["mult"])
    return Run(lead.start(), run.end, lead.group() + run.surface, v, v, False)


_NUMBERED_YEAR = re.compile(r"^(?P<n>[0-9]{1,2})\.(?P<y>(?:19|20)[0-9]{2})$")


def _numbered_year(run: Run, text: str) -> list[Run]:
    """A2．2026年3月期: Sudachi reads 2．2026 as a decimal; it is an item number, then a year."""
    m = _NUMBERED_YEAR.match(_nfkc(run.surface)) if text.startswith("年", run.end) else None
    if m is None:
        return [run]
    n, y = int(m["n"]), int(m["y"])
    cut = run.start + len(m["n"])
    return [Run(run.start, cut, run.surface[:len(m["n"])], n, n, False),
            Run(run.end - 4, run.end, run.surface[-4:], y, y, False)]


_KANJI_NUMERAL = _KANJI_DIGIT_CHARS + "".join(_PLACE) + "".join(_BIG)


def _kanji_value(s: str) -> float:
    """三百四十七億二千五百万 -> 34725000000 (a well-formed kanji numeral)."""
    total = section = current = 0
    for ch in s:
        if ch in _PLACE:
            section += (current or 1) * _PLACE[ch]
            current = 0
        elif ch in _BIG:
            total += (section + current) * int(_BIG[ch])
            section = current = 0
        else:
            current = _KANJI_DIGIT_CHARS.index(ch)
    return float(total + section + current)


def _kanji_lead(run: Run, text: str, prev_end: int) -> Run:
    """金三百四十七億円: Sudachi reads 金三百 as a name, leaving 十七億 alone; the numeral's head is
    taken back from the text before it."""
    if not run.surface or any(c not in _KANJI_NUMERAL for c in run.surface):
        return run
    start = run.start
    while start > prev_end and text[start - 1] in _KANJI_NUMERAL:
        start -= 1
    if start == run.start:
        return run
    v = _kanji_value(text[start:run.end])
    return Run(start, run.end, text[start:run.end], v, v, False)


_KANJI_RANGE_START = re.compile(rf"(?<![{_KANJI_NUMERAL}第])[{_KANJI_NUMERAL}]+(?=(?:から|〜|～|~)$)")


def _kanji_range_start(run: Run, text: str, prev_end: int) -> Run | None:
    """The low end of a kanji range that Sudachi left as a plain word (八十から百ギガワット): the
    kanji figure right before から/〜 when the run after it is a kanji figure too."""
    if not run.surface or any(c not in _KANJI_NUMERAL for c in run.surface):
        return None
    m = _KANJI_RANGE_START.search(text, max(prev_end, run.start - 12), run.start)
    if m is None or m.group()[0] in _BIG:
        return None
    v = _kanji_value(m.group())
    return Run(m.start(), m.end(), m.group(), v, v, False)


_GERMAN_SCALE = re.compile(r"\s?(?:Mrd|Mio|Bio)\.")
_DECIMAL_TAIL = re.compile(r"(\.[0-9]+)(?=[MBK][A-Za-z]?(?![A-Za-z]))")


def join_runs(runs: list[Run], text: str) -> list[Run]:
    out: list[Run] = []
    for run in (piece for whole in runs for piece in _numbered_year(whole, text)):
        prev_end = out[-1].end if out else 0
        if (tail := _DECIMAL_TAIL.match(text, run.end)) and run.surface.isdigit():
            v = float(run.surface + tail.group(1))         # $2.3M: Sudachi reads 3M as a name
            run = Run(run.start, tail.end(1), run.surface + tail.group(1), v, v, False)
        run = _kanji_lead(run, text, prev_end)
        if _KEI_THEN_UNIT.match(text, run.end) and run.surface.isdigit():
            v = run.value * _KEI_VALUE                          # 2京円, 1京回
            run = Run(run.start, run.end + 1, run.surface + _KEI, v, v, False)
        if (comma := _DECIMAL_COMMA.match(_nfkc(run.surface))) and (
                comma["mult"] or _GERMAN_SCALE.match(text, run.end) or _unit_follows_fraction(text, run.end)):
            v = float(f"{comma['int']}.{comma['frac']}") * _mult(comma["mult"])    # Rp2,5兆
            run = Run(run.start, run.end, run.surface, v, v, False)
        if lead := _kanji_range_start(run, text, prev_end):
            out.append(lead)                                     # 八十から百ギガワット: Sudachi's 八十 is a name
            prev_end = lead.end
        if run.start > 1 and text[run.start - 1] in ",，":
            run = _swallowed_lead(run, text, prev_end)
        if run.start > 0 and text[run.start - 1] in _VAGUE_MARK and _PLACES_ONLY.match(_nfkc(run.surface)):
            bounds = _vague_bounds(text[run.start - 1] + run.surface)     # 約数兆円, 月数十円: Sudachi reads 約数, 月数
            if bounds is not None:
                run = Run(run.start - 1, run.end, text[run.start - 1] + run.surface, *bounds, True)
        gap = text[out[-1].end:run.start] if out else ""
        if out and (len(gap) == 1 or gap in _WORD_GAPS or "、" in gap and _FILLER_GAP.fullmatch(gap)):
            joined = _join(out[-1], run, text)
            if joined is not None:
                out[-1] = joined
                if len(out) > 1 and out[-1].start - out[-2].end == 1 and (again := _join(out[-2], out[-1], text)):
                    out[-2:] = [again]          # 17 億 + 5,000 万: the second group is whole only now
                continue
        out.append(run)
    return out
