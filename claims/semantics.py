"""What a figure measures, its status and who asserts it: `measure`, `modality`, `speaker`.

Cue words are data (data/cues.csv: cue,label,field), matched on Sudachi normalized forms,
whole morphemes only (投資 is not in 投資家), and only in the clause that holds the figure:

- Clauses: the sentence is cut at the 「」 of speech, at the quotative と (…を助成すると発表した),
  at a conditional (ば, たら, なら), and at a 、 after a conjunctive form (a て/で/が/と/ので/ても
  particle; a verb, adjective or copula in 連用形: 達し、 主導し、 …で、; ため(に)、, 一方、).
- measure (power and money): the bunsetsu right before the figure when it is the figure's
  topic or subject (時価総額が1兆ドル, 計画容量がほぼ7GW, 初期投資額は1000億ドル), else the first
  cue after the figure up to the next 、 (5000億ドルを投資する, 3000億ドルのクラウド契約), else
  the clause's nearest は/が subject before it (売上高は前年比3割増の330億ドル), else the cue
  nearest the figure in the sentence (国内DC投資、…2兆3000億円に). A cue may also be the
  head of a compound Sudachi keeps whole (年間売上高). Only labels of the figure's kind
  count (capacity/demand/contract for power, the rest for money); without a cue power is
  `capacity`, money `other`.
- modality: a figure in a condition (6000億ドルなら、) or right after one (もし…動かせば、/ 仮に…
  しても、) is hypothetical unless its clause is past. Else the cues in the figure's clause;
  several: hypothetical > forecast > plan > actual (the past tense た is an `actual` cue).
  A reported clause (…を助成すると発表した) is read on its own, but a forecast verb after
  it (…になるとみている) makes it a forecast. A て/し clause takes the cues of its main
  predicate (after that clause's last case particle: …を | 超える見通しとなった). With no cue
  (power, energy, money): the figure's period after the reference date → plan, wholly
  before it → actual; else the predicate: a non-past verb (投資する, となる), a headline's
  へ, a bare figure or noun predicate (総事業費：1兆円, …程度です) → plan, except results
  (revenue, valuation, and a bare figure of demand, a contract or money raised); a state (ている, ある,
  持つ, 相当する) or an adjective (多い) → actual; a non-past 掛かる/増える/膨らむ → forecast. A plan of
  demand or of a market's size is a forecast (nobody plans them).
  Only power, energy and money rows get a modality: a sentence holding nothing else is not
  analysed at all (the build's throughput target), so counts, percents, ratios, durations
  and dates stay empty.
- speaker (power and money): the speaker of the quote or transcript turn the sentence sits in
  (context.py), else the source named before 〜によると / 〜によりますと / 〜の試算では / 〜の想定では, else who
  announced what the figure is in (米マイクロソフトが29日に発表した決算で、…), else the
  subject of a reporting verb after the figure (述べる, 発表, 明らかにする, …とした): a は/が/も
  subject after the reported clause (…と同社は述べた), else the topic before the figure, else
  (no subject written) the one carried from before; for a plan or forecast with no reporting
  verb, its owner: the topic before the figure (メタは…を投じる). 同社/同氏 are the carried
  subject; people and organisations only (not projects or places), a person first.
"""
from __future__ import annotations

import csv
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from .paths import DATA_DIR
from .schema import MEASURES, MODALITIES
from .tokenizer import Analysis, analyze, normalized

POWER_MEASURES = frozenset({"capacity", "demand", "contract"})   # contract: 電力購入契約
DEFAULT_MEASURE = {"power": "capacity", "money": "other"}
LABELLED_KINDS = frozenset({"power", "money"})               # measure and speaker
TENSE_KINDS = frozenset({"power", "money", "energy"})        # modality even without a cue
MODALITY_KINDS = TENSE_KINDS     # counts, percents, ratios, durations and dates get none (see below)
SPEAKER_TYPES = frozenset({"person", "company", "media", "government", "research", ""})
_COMPOUND_TAILS = ("額", "高", "総額", "残高", "金額", "期間", "費", "枠")
_QUOTATIVE = frozenset({"と", "って", "とか"})
_CHUNK_ENDS = frozenset("、，,「」。")
_BRACKETS = frozenset("「」『』")
_CREDIT_DASHES = frozenset("―—－")
_MEDIA_VERBS = frozenset({"伝える", "報じる", "報道"})
_OWN_ASSUMPTIONS = frozenset({"想定"})
_CANDIDATES = _QUOTATIVE | _BRACKETS | frozenset("、，,") | {"ば", "だ", "た"}   # where a clause may end
PRECEDENCE = {"hypothetical": 4, "forecast": 3, "plan": 2, "actual": 1}
VOCABULARY = {"measure": MEASURES, "modality": MODALITIES, "speaker": ("source", "report", "document")}

_TOPIC_PARTICLES = frozenset({"は", "が", "も", "を", "で", "では", "には", "として", "とは", ""})
# What happens rather than what anyone does: without a cue, a non-past 費用が掛かる, 需要が増える is a forecast.
_OUTCOME_VERBS = frozenset({"掛かる", "増える", "膨らむ"})
_FORECAST_MEASURES = frozenset({"demand", "market"})
_FACT_MEASURES = frozenset({"revenue", "valuation", "demand", "contract", "funding"})   # a bare figure of these: actual
# …and in prose (not a title), a bare capacity or other amount: 受電容量は約50MW。 (a title's 1GW級の新拠点 is a plan)
_PROSE_FACT_MEASURES = frozenset({"capacity", "other"})
_RECALLING = frozenset({"此の", "其の"})
_STATE_VERBS = frozenset({"居る", "有る", "おる", "言う",      # ている, ある: a present state
                          "持つ", "続く", "当たる", "御座る"})     # 設備を持つ, 2倍に当たる, …でございます
_STATE_AUX = frozenset({"てる", "とる"})                                  # 取り組んでる
_STATIVE_NOUNS = frozenset({"相当", "匹敵", "該当", "存在", "意味"})       # 相当する: "is worth"
_TIME_ADVERBS = frozenset({"一時", "現在", "足元", "今年", "昨年", "今回", "当初", "合計", "総額", "計"})
_PERSON_ANAPHORS = frozenset({"同氏", "彼", "彼女"})
_ANAPHORS = frozenset({"同社", "同氏", "同省", "同庁", "同グループ", "同行", "彼", "彼女", "同機関"})


@dataclass(frozen=True)
class CueTable:
    labels: dict[str, dict[str, str]]         # normalized cue -> {field: label}
    lengths: dict[str, list[int]] = field(default_factory=dict)   # first character -> cue lengths, longest first
    prefixes: frozenset = frozenset()         # every prefix of every cue: where a cue may start
    compounds: dict = field(default_factory=dict)     # noun -> labels of the cue inside it, or None

    def compound(self, norm: str) -> dict | None:
        """A cue inside one compound noun Sudachi keeps whole: its head (年間売上高 ends in 売上高; 工事費 in 費, a
        one-character head of a measure only) or its start before 額/期間/… (契約期間, 出資額); never 投資家."""
        if norm not in self.compounds:
            last = norm[-1:]                  # a one-character head only for what a noun measures (工事費 ends in 費)
            heads = [norm[k:] for k in range(1, len(norm) - 1)] + (
                [last] if self.labels.get(last, {}).keys() == {"measure"} else [])
            self.compounds[norm] = next(
                (self.labels[head] for head in heads if head in self.labels),
                next((self.labels[norm[:-len(t)]] for t in _COMPOUND_TAILS
                      if norm.endswith(t) and norm[:-len(t)] in self.labels), None))
        return self.compounds[norm]


@lru_cache(maxsize=4)
def load_cues(path: Path = DATA_DIR / "cues.csv") -> CueTable:
    labels: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cue, field, label = row["cue"].strip(), row["field"].strip(), row["label"].strip()
            if not cue or cue.startswith("#"):
                continue
            if label not in VOCABULARY.get(field, ()):
                raise ValueError(f"{path}: cue {cue!r} has unknown {field or 'field'} label {label!r}")
            labels.setdefault(normalized(cue), {})[field] = label
    lengths: dict[str, set[int]] = {}
    for c in labels:
        lengths.setdefault(c[0], set()).add(len(c))
    return CueTable(labels, {ch: sorted(ns, reverse=True) for ch, ns in lengths.items()},
                    frozenset(c[:k] for c in labels for k in range(1, len(c) + 1)))


@dataclass(frozen=True, slots=True)
class Labels:
    measure: str = ""
    modality: str = ""
    speaker: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    first: int          # morpheme indices, end exclusive
    end: int
    labels: dict        # field -> label


class SentenceSemantics:
    """One sentence's morphemes, clauses and cue hits (built only for sentences with figures)."""

    def __init__(self, text: str, analysis: Analysis | None = None, cues: CueTable | None = None,
                 headline: bool = False):
        self.text = text
        self.headline = headline      # the article's title: it leaves out the verbs of what is planned
        analysis = analysis if analysis is not None and analysis.pieces else analyze(text)
        cues = cues or load_cues()
        self.norms: list[str] = []
        self.begins: list[int] = []
        self.pos: list[tuple] = []
        for offset, ms, norms in analysis.pieces:
            self.norms.extend(norms)
            morphs = list(ms)                  # one Python object per morpheme, made once
            self.begins.extend([offset + m.begin() for m in morphs] if offset else [m.begin() for m in morphs])
            self.pos.extend([m.part_of_speech() for m in morphs])
        self.ends = self.begins[1:] + [len(text)]     # morphemes (spaces included) tile the text
        self.hits = self._match(cues, analysis.norm)
        self.speech = self._speech()
        self.clauses = self._clauses()

    # ------------------------------------------------------------ building

    def _match(self, cues: CueTable, joined: str) -> list[Hit]:
        """Cues that start and end on morpheme boundaries, and cues heading a compound noun."""
        norms = self.norms
        offs = list(accumulate(map(len, norms), initial=0))
        bounds = set(offs)
        hits: list[Hit] = []
        done = 0
        for i in [i for i, n in enumerate(norms) if n in cues.prefixes]:
            if i < done:
                continue
            at = offs[i]
            # the longest cue starting here that ends on a morpheme boundary
            cue = next((joined[at:at + n] for n in cues.lengths[norms[i][0]]
                        if at + n in bounds and joined[at:at + n] in cues.labels), None)
            if cue is not None:
                done = bisect_left(offs, at + len(cue))
                hits.append(Hit(i, done, cues.labels[cue]))
        known = cues.compounds
        for n in [n for n in norms if len(n) > 2 and n not in known]:
            cues.compound(n)
        compound = [i for i, n in enumerate(norms) if known.get(n)]
        if compound:
            covered = {k for h in hits for k in range(h.first, h.end)}
            hits.extend(Hit(i, i + 1, known[norms[i]]) for i in compound
                        if i not in covered and self.pos[i][0] == "名詞")
            hits.sort(key=lambda h: h.first)
        return hits

    def _speech(self) -> set[int]:
        """Morphemes 「 and 」 that enclose speech: followed by と/って, or open at either end of the
        sentence. A name or a scare quote (AI「スターゲイト」, 「直ちに」投じる) cuts nothing."""
        out: set[int] = set()
        stack: list[int] = []
        n = len(self.norms)
        for i in [i for i, n in enumerate(self.norms) if n in _BRACKETS]:
            norm = self.norms[i]
            if self.pos[i][1] == "括弧開" and norm in "「『":
                stack.append(i)
            elif self.pos[i][1] == "括弧閉" and norm in "」』":
                opened = stack.pop() if stack else -1
                after = self.norms[i + 1] if i + 1 < n else ""
                if after in ("と", "って", "との") or after.isspace() or opened <= 0 or all(
                        self.pos[k][0] == "補助記号" for k in range(i + 1, n)):
                    out.update((opened, i) if opened >= 0 else (i,))
        out.update(stack)                 # never closed: the rest of the sentence is quoted
        return out

    def _is_boundary(self, i: int) -> str:
        """What ends a clause at morpheme i: 'quote' (「」 of speech, or the quotative と/って after a
        predicate: …を助成すると発表した), 'if' (a conditional ば, たら, なら, with or without 、),
        'cond' (a 、 after と or ても: 持とうとすると、 下がっても、), 'clause' (a 、 after another
        conjunctive form: て, が, 連用形 達し, …で、, ため(に), 一方), '' (no boundary)."""
        p, norm = self.pos[i], self.norms[i]
        if i in self.speech:
            return "quote"
        if i == 0:
            return ""
        prev, before = self.pos[i - 1], self.norms[i - 2] if i > 1 else ""
        if norm in _QUOTATIVE and p[1] == "格助詞" and (
                prev[0] in ("動詞", "助動詞", "形容詞") and prev[5].startswith(("終止形", "連体形"))):
            return "quote"
        if ((norm == "ば" and p[1] == "接続助詞") or (p[0] == "助動詞" and p[5].startswith("仮定形"))) \
                and self.norms[i - 1] not in ("よる", "出来る"):
            return "if"                      # 16万6000ドルまでなら | 正当化できる
        if p[1] != "読点":
            return ""
        if prev[1] == "接続助詞" and self.norms[i - 1] == "と" and before != "よる":
            return "cond"
        if self.norms[i - 1] in ("も",) and i > 1 and self.pos[i - 2][1] == "接続助詞":
            return "cond"
        if prev[1] == "接続助詞" or (self.norms[i - 1] == "は" and i > 1 and self.pos[i - 2][1] == "接続助詞"):
            return "clause"
        if prev[0] in ("動詞", "形容詞", "助動詞") and prev[5].startswith(("連用形", "仮定形")):
            return "clause"
        if self.norms[i - 1] in ("為", "一方", "で") or (self.norms[i - 1] == "に" and before == "為"):
            return "clause"
        return ""

    def _clauses(self) -> list[tuple[int, int, str]]:
        """(first morpheme, end morpheme, what ends it: 'quote', 'if', 'clause' or 'end')."""
        out, first = [], 0
        for i in [i for i, n in enumerate(self.norms) if n in _CANDIDATES]:
            kind = self._is_boundary(i)
            if kind:
                if i > first:
                    out.append((first, i, kind))
                first = i + 1
        if first < len(self.norms):
            out.append((first, len(self.norms), "end"))
        return out or [(0, 0, "end")]

    # ------------------------------------------------------------ per figure

    def _morphs(self, start: int, end: int) -> tuple[int, int]:
        first = max(bisect_right(self.begins, start) - 1, 0)
        return first, max(bisect_left(self.begins, end, first), first + 1)

    def _clause_of(self, i: int) -> int:
        for c, (a, b, _) in enumerate(self.clauses):
            if i < b:
                return c if i >= a else max(c - 1, 0)
        return len(self.clauses) - 1

    def labels(self, kind: str, start: int, end: int, *, time_start: date | None = None,
               time_end: date | None = None, ref: date | None = None,
               quote_speaker: Sequence[str] = (), find: Callable[[str, str], list[str]] | None = None,
               types: dict[str, str] | None = None, context: Sequence[str] = ()) -> Labels:
        """Labels of the figure at [start, end) of the sentence."""
        if kind not in MODALITY_KINDS:
            return Labels()
        first, last = self._morphs(start, end)
        c = self._clause_of(first)
        price = kind == "money" and self._per_unit(first, self.clauses[c][0])
        measure = self.measure(kind, first, last, c, price) if kind in LABELLED_KINDS else ""
        # この10GWという…: a figure named again keeps the status it had, which a bare mention does not say
        recalled = first > 0 and self.norms[first - 1] in _RECALLING
        modality = self.modality(kind, c, time_start, time_end, ref, measure, recalled, price)
        if kind not in LABELLED_KINDS:
            return Labels(modality=modality)
        speaker = self.speaker(first, modality, quote_speaker, find, types or {}, context) if find else \
            _choose(quote_speaker, types or {})
        return Labels(measure, modality, speaker)

    def measure(self, kind: str, first: int, last: int, c: int, price: bool = False) -> str:
        allowed = (lambda lab: lab in POWER_MEASURES) if kind == "power" else \
            (lambda lab: bool(lab) and lab not in ("capacity", "demand"))
        lo, hi, _ = self.clauses[c]
        # the bunsetsu before: particles, then a run of nouns (時価総額 が | 1兆ドル)
        j = first - 1
        while j >= lo and (self.pos[j][0] == "副詞" or self.pos[j][1] in ("読点", "括弧開")
                           or self.pos[j][2] == "副詞可能" or self.norms[j] in _TIME_ADVERBS):
            j -= 1                               # 時価総額は、一時 | 5兆ドル;  年間投資額（ | 約5400億ドル
        after = j + 1
        while j >= lo and (self.pos[j][0] == "助詞" or self.norms[j] in ("：", ":")):
            j -= 1                               # 出資額：最大1620億円
        particles = "".join(self.norms[j + 1:after]).replace("：", "").replace(":", "")
        k = self._noun_phrase_start(j, lo)
        if particles in _TOPIC_PARTICLES and k < j:
            before = [h.labels["measure"] for h in self.hits
                      if k < h.first and h.end <= j + 1 and allowed(h.labels.get("measure", ""))]
            if before:
                return before[-1]
        stop = next((i for i in range(last, hi) if self.pos[i][1] == "読点"), hi)
        for h in self.hits:
            if last <= h.first and h.end <= stop and allowed(h.labels.get("measure", "")):
                return h.labels["measure"]
        # the clause's nearer subject: 売上高は前年同期比3割増の330億ドル
        for i in range(first - 1, lo, -1):
            if self.norms[i] in ("は", "が") and self.pos[i][0] == "助詞":
                k = self._noun_phrase_start(i - 1, lo)
                found = [h.labels["measure"] for h in self.hits
                         if k < h.first and h.end <= i and allowed(h.labels.get("measure", ""))]
                if found:
                    return found[-1]
                break
        if price:
            return "cost"                        # 1台約1500万円, 1泊500円, 1基当たり約1兆円: a price
        # else the cue nearest to the figure anywhere in the sentence (国内DC投資、…2兆3000億円に)
        near = [(min(abs(h.first - last), abs(first - h.end)), h.labels["measure"]) for h in self.hits
                if allowed(h.labels.get("measure", "")) and (kind == "money" or h.labels["measure"] != "contract")]
        return min(near)[1] if near else DEFAULT_MEASURE[kind]

    def _per_unit(self, first: int, lo: int) -> bool:
        """The figure is a price per unit: 1 and a counter (1台, 1泊), or 当たり, just before it; not a
        subsidy's cap per case (補助は1件当たり上限50億円)."""
        if any(h.labels.get("measure") == "subsidy" for h in self.hits):
            return False
        j = first - 1
        while j >= lo and self.pos[j][0] == "接頭辞":
            j -= 1                               # 1台 | 約 | 1500万円
        if j >= lo and self.norms[j] in ("当たり", "辺り"):
            return True
        return j - 1 >= lo and self.norms[j - 1] == "1" and self.pos[j][2] == "助数詞可能"

    def _noun_phrase_start(self, j: int, lo: int) -> int:
        """Index before the noun phrase ending at j (nouns joined by の: 時価総額の合計)."""
        k = j
        while k >= lo:
            if self.pos[k][0] in ("名詞", "接頭辞", "接尾辞") and self.pos[k][1] != "数詞":
                k -= 1
            elif self.norms[k] == "の" and k - 1 >= lo and k < j and self.pos[k - 1][0] == "名詞" \
                    and self.pos[k - 1][1] != "数詞":
                k -= 1
            else:
                break
        return k

    def _cues(self, lo: int, hi: int) -> list[str]:
        return [h.labels["modality"] for h in self.hits if lo <= h.first < hi and "modality" in h.labels]

    def modality(self, kind: str, c: int, time_start, time_end, ref, measure: str = "", recalled: bool = False,
                 price: bool = False) -> str:
        lo, hi, ends = self.clauses[c]
        own = self._cues(lo, hi)
        if ends == "if" or (c > 0 and self._conditional(c - 1)):
            if "た" not in self.norms[lo:hi]:
                return "hypothetical"        # 6000億ドルなら、 / もし…動かせば、消費電力は1.2GWに上る
        if ends == "quote" and c + 1 < len(self.clauses) and "forecast" in self._cues(*self.clauses[c + 1][:2]) \
                and "hypothetical" not in own:
            return "forecast"                # …1兆円規模に達するとみている
        if own:
            best = max(own, key=PRECEDENCE.__getitem__)
            if best == "actual" and "た" not in self.norms[lo:hi] and _by_time(time_start, time_end, ref) == "plan":
                return "forecast"            # 30年に130GWに達する: an amount verb, not in the past, of a time to come
            return "forecast" if best == "plan" and measure in _FORECAST_MEASURES else best
        mlo, mhi = (self._main(c)[:2]) if ends in ("clause", "cond") else (lo, hi)
        main = self._cues(self._predicate(mlo, mhi), mhi) if (mlo, mhi) != (lo, hi) else []
        if main:                             # a て/し clause takes its main predicate's status
            return max(main, key=PRECEDENCE.__getitem__)
        if (mlo, mhi) != (lo, hi) and self._in_state(lo, hi):
            return _by_time(time_start, time_end, ref) or "actual"     # 約380万kWあるが、…: its own ある
        status = _by_time(time_start, time_end, ref) or self._tense(mlo, mhi, measure, prose=not (
            self.headline or recalled), price=price)
        # nobody plans a level of demand or a market's size: still to come, it is a forecast (需要は30年に130GWになる)
        return "forecast" if status == "plan" and measure in _FORECAST_MEASURES else status

    def _in_state(self, lo: int, hi: int) -> bool:
        """The clause ends in a state (…kWあるが、 / 出力があり、 / 持っており、): not its main predicate's tense."""
        words = [i for i in range(lo, hi) if self.pos[i][0] not in ("補助記号", "空白", "助詞")]
        return bool(words) and self.norms[words[-1]] in _STATE_VERBS | _STATE_AUX

    def _predicate(self, lo: int, hi: int) -> int:
        """Start of a clause's predicate: after its last case or topic particle (…を | 超える見通しとなった)."""
        return next((i + 1 for i in range(hi - 1, lo - 1, -1) if self.pos[i][0] == "助詞"
                     and self.pos[i][1] in ("格助詞", "係助詞") and self.norms[i] not in ("と", "の")), lo)

    def _main(self, c: int) -> tuple[int, int, str]:
        """The clause holding the predicate that governs clause c: the next one ending a quote
        or the sentence."""
        return next((cl for cl in self.clauses[c + 1:] if cl[2] in ("quote", "end")), self.clauses[-1])

    def _conditional(self, c: int) -> bool:
        """Clause c states a condition: ば/たら/なら, or と/ても with 仮に/もし in it."""
        lo, hi, ends = self.clauses[c]
        return ends == "if" or (ends == "cond" and "hypothetical" in self._cues(lo, hi))

    def _tense(self, lo: int, hi: int, measure: str = "", prose: bool = False, price: bool = False) -> str:
        """No cue: a non-past verb (投資する, となる), a headline's へ or action noun, or a bare figure
        is a plan; a state (ている, ある, 相当する), an adjective or a result (売上高は…) is actual, and so is a bare
        price, or a bare capacity or other amount in prose (`prose`: not a title, not a figure named again)."""
        tail = [i for i in range(lo, hi) if self.pos[i][0] not in ("補助記号", "空白")]
        if tail and self.norms[tail[-1]] == "へ":
            return "plan"                    # 見出し: …6000億ドル規模へ / 提供へ
        last = next((i for i in reversed(tail) if self.pos[i][0] not in ("助詞", "助動詞")), None)
        if last is not None and self.pos[last][0] == "名詞" and self.pos[last][2] == "サ変可能" \
                and last == tail[-1]:
            return "plan"                    # 見出し: …最大1300億円の助成 / 15億ドルの出資
        if last is not None and self.pos[last][0] in ("形容詞", "形状詞"):
            return "actual"                  # …の案件が多い
        if last is None or self.pos[last][0] != "動詞":
            # a spec sheet or headline: 総事業費：1兆円 / 投資額は2400億円程度です; results, a level of demand,
            # a contract and money raised are facts (最大電力は約45万kWです, 契約額は300億ドル)
            return "actual" if measure in _FACT_MEASURES or (price and measure == "cost") or (
                prose and measure in _PROSE_FACT_MEASURES) else "plan"      # a price (1泊500円) is a fact; a cap
                                                                         # per case (1件当たり上限50億円) a plan
        verb = self.norms[last]
        stative = verb == "為る" and last > lo and self.norms[last - 1] in _STATIVE_NOUNS     # 相当する
        if verb in _STATE_VERBS or stative or any(n in _STATE_AUX for n in self.norms[last + 1:hi]):
            return "actual"
        return "forecast" if verb in _OUTCOME_VERBS else "plan"

    def speaker(self, first: int, modality: str, quote_speaker: Sequence[str],
                find: Callable[[str, str], list[str]], types: dict[str, str], context: Sequence[str]) -> str:
        if quote_speaker:
            return _choose(quote_speaker, types)
        named = self._quoted_by(first, find, types) or self._credited(first, find, types)
        if named:
            return _choose(named, types)
        for h in reversed(self.hits):           # 〜によると, 経産省の資料では: the source named just before it
            note = self._source_note(h)
            if (h.end <= first or note) and self._is_source(h, note):
                k = next((j for j in range(h.first - 1, -1, -1) if self.norms[j] in _CHUNK_ENDS
                          or note and self.pos[j][1] == "括弧開"), -1)
                names = _speakers(self._find(find, k + 1, h.first), types)
                chunk = [n for n in self.norms[k + 1:h.first] if n.strip()]
                if not names and (any(n in _ANAPHORS for n in chunk) or chunk == ["会社"]):
                    # 同社によると, 会社によりますと: the one carried (not 調査会社によると: some firm); 同社 is
                    # a company even when a person was named with it, 同氏 a person
                    person = any(n in _PERSON_ANAPHORS for n in chunk)
                    names = [n for n in _speakers(context, types) if (types.get(n) == "person") == person]
                if names:
                    return _choose(names, types)
        for h in reversed(self.hits):           # Xが19日発表した決算は…: who announced what the figure is in
            if h.labels.get("speaker") == "report" and h.end <= first and self._announced_noun(h):
                owner = next((s for s in reversed(self._subjects(find, types)) if s[0] < h.first), None)
                if owner is not None and owner[1]:
                    return _choose(owner[1], types)
                break
        report = next((h for h in self.hits if h.labels.get("speaker") == "report" and h.first >= first
                       and self._reports(h)), None)
        if report is None and modality not in ("plan", "forecast"):
            return ""
        subjects = self._subjects(find, types)
        if report is not None:
            # …と同社は述べた: a subject after the reported clause, else the topic before the figure
            cut = max((i for i in range(first, report.first) if self._is_boundary(i) == "quote"), default=-1)
            late = [s for s in subjects if cut < s[0] < report.first]
            subject = (late or [s for s in subjects if s[0] < first] or [None])[0]
            if subject is None:                 # no subject written: the one carried from before,
                if self.norms[report.end - 1] in _MEDIA_VERBS and any(
                        n in ("れる", "られる") for n in self.norms[report.end:report.end + 3]):
                    return ""                   # but と伝えられている, と報じられた: some unnamed media's word
                if self.norms[report.first] in _OWN_ASSUMPTIONS:
                    return ""                   # and …を想定している: often the writer's own (本研究では…想定した)
                return _choose(_speakers(context, types), types)
        else:                                   # a plan or forecast: its owner (メタは…を投じる)
            subject = next((s for s in reversed(subjects) if s[0] < first), None)
            if subject is None:
                return ""
        names = subject[1] if subject[1] is not None else _speakers(context, types)
        return _choose(names, types)

    def _quoted_by(self, first: int, find, types) -> list[str]:
        """孫氏「10GW、数十兆円」, 東電PG「増強に3700億円」: a quote opened right after its speaker's name (a headline's
        way of saying who said it)."""
        opened: list[int] = []
        for i in [i for i in sorted(self.speech) if i < first]:
            if self.pos[i][1] == "括弧開":
                opened.append(i)
            elif opened:
                opened.pop()
        if not opened:
            return []
        j = opened[-1]
        named = _speakers(self._find(find, self._name_start(j, 0), j), types)
        if not named:             # アルトマンCEOは「…10億ドルを超えた。: the subject that opens the quote
            topic = j - 1 - (j > 1 and self.pos[j - 1][1] == "読点")
            named = next((names or [] for i, names in self._subjects(find, types) if i == topic), [])
        return named

    def _credited(self, first: int, find, types) -> list[str]:
        """A headline's credit after a dash (…7兆円規模―広域機関) or a closing bracket of names only
        (…1,000万kW超（経済産業省）): the source of every figure before it."""
        n = len(self.norms)
        end = n
        while end > first and self.pos[end - 1][0] == "補助記号" and self.pos[end - 1][1] != "括弧閉":
            end -= 1
        k = end - (end > 0 and self.pos[end - 1][1] == "括弧閉")
        j = self._name_start(k, first)
        if j == k or j <= first or not (self.norms[j - 1] in _CREDIT_DASHES if k == end
                                        else self.pos[j - 1][1] == "括弧開"):
            return []
        return _speakers(self._find(find, j, k), types)

    def _name_start(self, k: int, floor: int) -> int:
        """Where the run of nouns (a name with its title: 孫氏, 東電PG, ピチャイCEO) ending before morpheme k starts."""
        while k > floor and (self.pos[k - 1][0] in ("名詞", "接尾辞", "接頭辞", "空白") or self.norms[k - 1] == "・"):
            k -= 1
        return k

    def _latin_space(self, i: int) -> bool:
        """An ASCII space between two Latin words (inside a name), not an ideographic one (A　マイクロソフト)."""
        return (self.norms[i] == " " and 0 < i < len(self.norms) - 1
                and self.text[self.begins[i - 1]:self.ends[i - 1]][-1:].isascii()
                and self.text[self.begins[i + 1]:self.ends[i + 1]][:1].isascii())

    def _is_source(self, h: Hit, note: bool) -> bool:
        """A source cue (によると), or a document or report noun read as one: 経産省の資料では, 広域機関の想定でも,
        国の試算だと, （広域機関の資料より）, or a closing note (`note`, from _source_note): （IDC調べ）."""
        label = h.labels.get("speaker")
        if label == "source":
            return True
        if label not in ("report", "document") or self.pos[h.end - 1][0] != "名詞":
            return False
        after = self.norms[h.end:h.end + 2]
        return after in (["で", "は"], ["で", "も"], ["だ", "と"]) or after[:1] == ["より"] or note

    def _source_note(self, h: Hit) -> bool:
        """A bracketed note naming where a figure comes from, closing the sentence: …増える（IDC調べ）。"""
        k = h.end + (h.end < len(self.norms) and self.norms[h.end] == "より")
        return (h.labels.get("speaker") in ("report", "document") and k < len(self.norms)
                and self.pos[k][1] == "括弧閉" and all(self.pos[j][0] == "補助記号" for j in range(k, len(self.norms)))
                and any(self.pos[j][1] == "括弧開" for j in range(h.first)))

    def _find(self, find, a: int, b: int) -> list[str]:
        """Names in morphemes a..b (their text and normalized forms: no second tokenization)."""
        return find(self.text[self.begins[a]:self.ends[b - 1]], "".join(self.norms[a:b])) if b > a else []

    def _announced_noun(self, h: Hit) -> bool:
        """A reporting verb in the past modifying the noun after it (発表した決算, 公表した概算要求)."""
        i = h.end + (h.end < len(self.norms) and self.norms[h.end] == "為る")
        if i + 1 < len(self.norms) and self.norms[i] == "た" and self.pos[i + 1][1] == "読点":
            i += 1                    # Xが12日発表した、4〜9月期の決算は
        elif i >= len(self.norms) or self.norms[i] != "た":
            return False
        return i + 1 < len(self.norms) and self.pos[i + 1][0] == "名詞"

    def _reports(self, h: Hit) -> bool:
        """A reporting verb, not its look-alikes: …とした (not として, 〜をXとし), 言う (not という)."""
        if self.norms[h.first] == "と":
            after = self.norms[h.end:h.end + 2]
            if after[:1] == ["て"] and after[1:] in (["居る"], ["おる"]):
                return True                   # 投資額を6兆円としている: puts it at, after a figure too
            return self._is_boundary(h.first) == "quote" and after[:1] != ["て"]      # not として
        if self.norms[h.first] == "言う":
            return not self.pos[h.first][5].startswith("連体形")
        if self.pos[h.end - 1][0] == "名詞":
            # 想定している, 開示した, …と発表。, …という想定だ; not 増える想定だ, 適時開示アラート
            before = self.norms[max(h.first - 2, 0):h.first]
            return (h.end < len(self.norms) and self.norms[h.end] == "為る" or before[-1:] == ["と"]
                    or before == ["と", "言う"] or all(p[0] == "補助記号" for p in self.pos[h.end:]))
        return True

    def _subjects(self, find, types) -> list[tuple[int, list[str] | None]]:
        """Noun phrases marked は/が (or a headline's opening 「経産省、」) that name a speaker, as
        (index of the particle, names); names None for 同社/同氏 (the carried subject)."""
        out = []
        run = owner = -1
        for i in range(len(self.norms)):
            p = self.pos[i]
            if p[0] in ("名詞", "接頭辞", "接尾辞") or self.norms[i] == "・" or p[1] in ("括弧開", "括弧閉") or (
                    run >= 0 and self._latin_space(i)):    # Sundar Pichai CEOは: a Latin name's spaces
                run = i if run < 0 else run
                continue
            if run >= 0 and self.norms[i] == "の" and p[0] == "助詞":
                owner = run if owner < 0 else owner  # ラピダスの社長は: the owner names the speaker
                run = -1
                continue
            marked = self.norms[i] in ("は", "が", "も") and p[0] == "助詞"
            headline = p[1] == "読点" and owner < 0 and run == 0
            if run >= 0 and (marked or headline):
                start = owner if owner >= 0 else run
                if self.norms[i - 1] in _ANAPHORS:
                    out.append((i, None))
                else:
                    names = _speakers(self._find(find, start, i), types)
                    if names:
                        out.append((i, names))
            run = owner = -1
        return out


def _speakers(names: Sequence[str], types: dict[str, str]) -> list[str]:
    """Names that can assert a figure: people and organisations, not projects, products, places."""
    return [n for n in names if types.get(n, "") in SPEAKER_TYPES]


def _by_time(time_start: date | None, time_end: date | None, ref: date | None) -> str:
    """A figure whose period lies after the reference date is a plan, one wholly before it a fact."""
    if ref is None or (time_start is None and time_end is None):
        return ""
    if (time_start or time_end) > ref:
        return "plan"
    if time_end is not None and time_end < ref:
        return "actual"
    return ""


def _choose(names: Sequence[str], types: dict[str, str]) -> str:
    """A person before an organisation: 「Google CEOのピチャイ氏」 is Pichai's."""
    if not names:
        return ""
    return next((n for n in names if types.get(n) == "person"), names[0])


def label(sentence: str, surface: str, kind: str = "", **kw) -> Labels:
    """Labels of the first figure written `surface` in `sentence`, for one-line tests:
    label("時価総額が1兆ドルを超えた。", "1兆ドル").measure == "valuation"."""
    from .entities import load_entities
    from .extract import extract_sentence

    analysis = analyze(sentence)
    res = extract_sentence(sentence, kw.get("ref"), analysis)
    at = sentence.index(surface)
    q = next(q for q in res.quantities if q.start <= at < q.end)
    table = load_entities()
    t = q.time
    return SentenceSemantics(sentence, analysis, headline=kw.get("headline", False)).labels(
        kind or q.kind, q.start, q.end, time_start=t.time_start if t else None,
        time_end=t.time_end if t else None, ref=kw.get("ref"), quote_speaker=kw.get("quote_speaker", ()),
        find=table.find, types=table.types, context=kw.get("context", ()))
