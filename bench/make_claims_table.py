"""Make a large synthetic claims table (and its articles table) from the shipped one, streaming.

usage:
    python bench/make_claims_table.py OUT --rows 1000000 [--layout both|dataset|single]
                                          [--src data/claims.parquet] [--seed 0] [--no-progress]

    # 10M rows as a partitioned dataset only (no single-file copy):
    python bench/make_claims_table.py /tmp/claims_10M --rows 10000000 --layout dataset

Outputs (`--layout`, default `both`):

- `dataset`: a partitioned Parquet dataset, the layout `python -m claims build … --out DIR`
  writes: `OUT/claims/part-00000.parquet …` and `OUT/articles/part-00000.parquet …`
  (part k of the articles holds exactly the articles of part k of the claims; PART_ROWS
  claims per part, one row group per generated batch of ~BATCH_ROWS claims, zstd).
- `single`: `OUT/claims.parquet` + `OUT/articles.parquet` (what `bench/app_scale.py` and
  the tests load), written batch by batch too.
- `both`: both of the above, with the same rows in the same order.

Memory stays flat: articles are generated in batches that are written and dropped, so peak
RSS does not grow with `--rows`: 0.52 GB at 1M rows (39 s), 0.53 GB at 3M (113 s) and at 10M
(453 s, `--layout dataset`) on the shared 2-core dev box.
Progress is a tqdm bar on stderr; the end prints rows, articles, time and peak RSS.
From Python: `make_tables(out, rows, src=..., seed=0, layout="both")` -> (rows, articles).

Each synthetic article is a copy of one shipped article (they are used in turn; every copy
takes all its claims in order, the last copy is cut to hit `--rows` exactly), with:

- a new source_id `sNNNNNNN_<original id>`, new claim_ids (hash of the new source_id and the
  original claim_id: unique and stable) and mention groups unique to the copy;
- its publication date (and reference date, and every claim's time_start/time_end) shifted by
  the same random number of days, so relative periods stay consistent;
- a text of its own, so distinct sentences (and article texts) grow with the row count:
  * figures: in each mention group whose surfaces hold one number (not dates or durations,
    whose periods would change), the leading digits are replaced by random ones, the same
    number in every mention (`5000億ドル`/`5,000億ドル` -> `3700億ドル`/`3,700億ドル`, keeping
    separators and full-width digits), and value/value_low/value_high are rescaled by
    new/old number, so values match the text.  Other groups with values (vague `数百億`,
    ranges `2〜3年`, …) keep their text and get a random log-normal factor on all three values,
    except dates and durations, which keep text and values;
  * entities: every alias of an entity in data/entities.csv found in the text (outside the
    claims' surfaces) is replaced by an alias, in the same script, of the entity it maps to
    under a random per-copy permutation within its type (company -> company, person ->
    person); `entities`, `context_entities` (and `speaker`, when the schema has it) are mapped
    with the same permutation;
  * filler: body sentences get a random lead phrase (`なお、欧州では、…`) and a bracketed note
    before their `。`, and random filler sentences (`業界関係者は電力網の整備を注視している。`)
    go between sentences that hold no claim (small vocabularies below);
  * sentence_norm gets the same edits (best effort: it is not re-normalized with Sudachi).
  The offsets are recomputed, so `text[span_start:span_end] == surface` and
  `text[sentence_start:sentence_end] == sentence`.
- Bounds stay consistent with the qualifier: the three values of a row are scaled by one
  positive factor, per mention group, so NaNs stay NaN and low <= value <= high holds.

Columns come from claims/schema.py at run time (CLAIM_FIELDS / ARTICLE_FIELDS, in that order);
columns of the source tables that the schema does not declare are copied through after them.
Deterministic for a given seed: each copy draws from its own generator seeded with (seed,
copy number), so a smaller table is a prefix of a larger one (up to the cut last copy).
"""
import argparse
import csv
import hashlib
import random
import re
import resource
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from claims import schema  # noqa: E402

# (no `from __future__ import annotations`: tests load this file without registering it in
# sys.modules, and dataclasses then cannot resolve string annotations)

DAY_SHIFT = (-700, 300)     # days added to each copy's dates
VALUE_SIGMA = 0.35          # log-normal spread of the value factor (groups whose text keeps its number)
BATCH_ROWS = 50_000         # claims generated (and written as one row group) at a time
PART_ROWS = 1_000_000       # claims per dataset part file
LAYOUTS = ("both", "dataset", "single")
ENTITY_LIST_COLUMNS = ("entities", "context_entities")
ENTITY_STR_COLUMNS = ("speaker",)
NO_DIGIT_KINDS = ("date", "duration")   # their periods follow the text: keep their numbers

LEAD_P, NOTE_P, FILLER_P = 0.7, 0.5, 0.25
CONNECTIVES = ("なお、", "一方、", "また、", "さらに、", "実際、", "ただし、", "同時に、", "結果として、",
               "現時点では、", "改めて言えば、", "要するに、", "当面、", "")
SCOPES = ("国内では、", "欧州では、", "北米では、", "アジア市場では、", "業界全体で見ると、", "今回の計画では、",
          "中東では、", "新興国では、", "既存の拠点では、", "次の段階では、", "長期的には、", "短期的には、",
          "競合他社と比べると、", "供給側から見ると、", "需要側から見ると、", "技術面では、", "財務面では、",
          "規制面では、", "地域別に見ると、", "関係者の間では、", "")
NOTES = ("（関係者）", "（速報）", "（詳細は後述）", "（要確認）", "（前回比）", "（編集部注）", "（推計）",
         "（会見より）", "（続報あり）", "（一部抜粋）", "（訂正済み）", "（現地報道）", "（英語版より）",
         "（筆者注）", "（概算）", "（公式発表）", "（再掲）", "（参考値）", "（未確認）", "（追記）")
FILLER_SUBJECTS = ("業界関係者は", "アナリストの多くは", "投資家は", "地元自治体は", "規制当局は", "電力会社は",
                   "技術者たちは", "専門家は", "利用者は", "競合各社は", "研究者は", "報道各社は")
FILLER_TOPICS = ("電力網の整備を", "半導体の供給を", "冷却技術の進歩を", "建設費の上昇を", "人材の確保を",
                 "送電線の増強を", "用地の選定を", "水資源の利用を", "再生可能エネルギーの調達を", "計画の遅れを",
                 "資金の流れを", "需要の見通しを")
FILLER_PREDICATES = ("注視している。", "課題に挙げた。", "慎重に見ている。", "歓迎している。", "懸念している。",
                     "議論している。", "検討している。", "評価している。", "重視している。", "問題視している。")

NUMBER = re.compile(r"\d+(?:[.,．，]\d+)*")
_TO_ASCII = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
# component kinds, and their order among components at the same offset (see _offset_keys)
FILLER, NOTE, LEAD, NUM, ENT = "F", "T", "L", "N", "E"
ORDER = {FILLER: 0, NOTE: 0, LEAD: 1, NUM: 2, ENT: 2}


# ---------------------------------------------------------------- entities

@dataclass
class Entities:
    names: list[str]                  # canonical names (code -> name); extra names map to themselves
    code: dict[str, int]
    groups: list[np.ndarray]          # codes of each type with more than one entity (permuted among themselves)
    aliases: list[tuple[list[str], list[str]]]   # per code: (ASCII aliases, other aliases)
    pattern: re.Pattern | None
    alias_owner: dict[str, int]       # alias -> code

    @classmethod
    def load(cls, path: Path) -> "Entities":
        by_name: dict[str, tuple[str, list[str]]] = {}
        if path.exists():
            with open(path, encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(fh):
                    if (row.get("scope") or "").strip():          # an alias for one article only
                        continue
                    name = row["canonical"].strip()
                    typ, al = by_name.setdefault(name, ((row.get("type") or "").strip(), []))
                    al += [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        names = list(by_name)
        code = {n: i for i, n in enumerate(names)}
        types: dict[str, list[int]] = {}
        for n, (typ, _) in by_name.items():
            types.setdefault(typ, []).append(code[n])
        groups = [np.array(c) for c in types.values() if len(c) > 1]
        aliases = [([a for a in by_name[n][1] if a.isascii()], [a for a in by_name[n][1] if not a.isascii()])
                   for n in names]
        alts = sorted({a for _, al in by_name.values() for a in al}, key=len, reverse=True)
        parts = [rf"(?<![A-Za-z0-9]){re.escape(a)}(?![A-Za-z0-9])" if a.isascii() else re.escape(a) for a in alts]
        pattern = re.compile("|".join(parts)) if parts else None
        alias_owner: dict[str, int] = {}
        for n, (_, al) in by_name.items():
            for a in al:
                alias_owner.setdefault(a, code[n])
        return cls(names, code, groups, aliases, pattern, alias_owner)

    def add(self, name: str) -> int:
        if name not in self.code:
            self.code[name] = len(self.names)
            self.names.append(name)
            self.aliases.append(([], []))
        return self.code[name]

    def permutation(self, rnd: random.Random) -> np.ndarray:
        perm = np.arange(len(self.names))
        for g in self.groups:
            shuffled = list(g)
            rnd.shuffle(shuffled)
            perm[g] = shuffled
        return perm

    def alias(self, code: int, ascii_: bool, rnd: random.Random) -> str | None:
        same = self.aliases[code][0 if ascii_ else 1]
        pool = same or self.aliases[code][0] + self.aliases[code][1]
        return rnd.choice(pool) if pool else None


# ---------------------------------------------------------------- one source article

def _num_parts(s: str) -> tuple[str, str]:
    a = s.translate(_TO_ASCII).replace(",", "")
    whole, _, frac = a.partition(".")
    return whole, frac


def _format_like(whole: str, frac: str, like: str) -> str:
    """Digits `whole`.`frac` written like `like` (thousands separators, decimal mark, full width)."""
    sep = next((c for c in like if c in ",，"), None)
    dot = next((c for c in like if c in ".．"), ".")
    if sep is not None:
        head = len(whole) % 3 or 3
        whole = sep.join([whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)])
    s = whole + (dot + frac if frac else "")
    if any("０" <= c <= "９" for c in like):
        s = s.translate(_FULLWIDTH)
    return s


@dataclass
class Template:
    """One shipped article and its claims, prepared so a copy is a few string joins and array adds."""
    index: int                 # row of the article in the source articles table
    row_index: np.ndarray      # its claims' rows in the source claims table
    text: str
    kinds: list[str]           # per component
    origs: list[str]
    args: list                 # per component: group (NUM), entity code (ENT), else None
    literals: list[str]        # text between components (len = components + 1)
    offsets: np.ndarray        # original span_start, span_end, sentence_start, sentence_end (4 x rows, flat)
    keys: np.ndarray           # index into the cumulative deltas for each of those offsets
    sent_of_row: list[int]
    sentences: list[tuple[int, int]]
    norm_pieces: list[tuple[list[str], list[int], str] | None]
    group_of_row: np.ndarray
    group_num: list[tuple[str, str, float] | None]   # (whole digits, fraction digits, number) for digit groups
    group_scaled: np.ndarray   # groups that get a random factor (values present, text kept, not a period)
    entity_codes: dict[str, tuple[np.ndarray, list[bool]]]   # list/str entity column -> flat codes


def _template(index: int, text: str, rows: pa.Table, row_index: np.ndarray, ent: Entities) -> Template:
    n = rows.num_rows
    col = {c: rows[c].to_pylist() for c in ("claim_id", "span_start", "span_end", "surface", "sentence_start",
                                              "sentence_end", "section", "kind", "value", "mention_group")}
    norms = rows["sentence_norm"].to_pylist() if "sentence_norm" in rows.column_names else [None] * n
    spans = list(zip(col["span_start"], col["span_end"], strict=True))
    mg = [m if m is not None else c for m, c in zip(col["mention_group"], col["claim_id"], strict=True)]
    group_ids = list(dict.fromkeys(mg))
    gidx = {g: i for i, g in enumerate(group_ids)}
    group_of_row = np.array([gidx[m] for m in mg], dtype=np.int64)

    comps: list[tuple[int, int, str, str, object]] = []    # (pos, order, kind, orig, arg)
    # figures: one number per surface, the same number across the group, no overlap with other groups
    group_num: list[tuple[str, str, float] | None] = [None] * len(group_ids)
    has_value = np.zeros(len(group_ids), dtype=bool)
    for g, gid in enumerate(group_ids):
        rows_g = [i for i in range(n) if mg[i] == gid]
        vals = [col["value"][i] for i in rows_g]
        has_value[g] = any(v is not None and np.isfinite(v) for v in vals)
        if any(col["kind"][i] in NO_DIGIT_KINDS for i in rows_g):
            has_value[g] = False              # values stay as the text and the period say
            continue
        if not has_value[g] or not all(v is not None and np.isfinite(v) and v > 0 for v in vals):
            continue
        runs, canon = [], set()
        for i in rows_g:
            found = list(NUMBER.finditer(col["surface"][i]))
            if len(found) != 1:
                break
            m = found[0]
            runs.append((col["span_start"][i] + m.start(), col["span_start"][i] + m.end(), m.group()))
            canon.add(_num_parts(m.group()))
        else:
            if len(canon) != 1:
                continue
            whole, frac = canon.pop()
            number = float(whole + ("." + frac if frac else ""))
            clash = any(a < e and s < b for a, b, _ in runs for j, (s, e) in enumerate(spans) if mg[j] != gid)
            if number <= 0 or clash:
                continue
            group_num[g] = (whole, frac, number)
            for a, _, s in dict.fromkeys(runs):
                comps.append((a, ORDER[NUM], NUM, s, g))
    taken = sorted((a, a + len(s)) for a, _, _, s, _ in comps)
    # entity aliases outside the surfaces (and outside the digits just taken)
    if ent.pattern is not None:
        for m in ent.pattern.finditer(text):
            a, b = m.span()
            if any(a < e and s < b for s, e in spans) or any(a < e and s < b for s, e in taken):
                continue
            comps.append((a, ORDER[ENT], ENT, m.group(), ent.alias_owner[m.group()]))
    # lead phrases and notes in body sentences; filler sentences between sentences without claims
    sentences = list(dict.fromkeys(zip(col["sentence_start"], col["sentence_end"], strict=True)))
    body = {(s, e) for s, e, sec in zip(col["sentence_start"], col["sentence_end"], col["section"], strict=True)
            if sec == "body"}
    for s, e in sentences:
        if (s, e) in body:
            comps.append((s, ORDER[LEAD], LEAD, "", None))
            if e > s and text[e - 1] == "。" and not any(s_ < e and e - 1 < e_ for s_, e_ in spans):
                comps.append((e - 1, ORDER[NOTE], NOTE, "", None))
    for p in [i + 1 for i, c in enumerate(text) if c in "。\n"]:
        if not any(s < p < e for s, e in sentences) and not any(s < p < e for s, e in spans):
            comps.append((p, ORDER[FILLER], FILLER, "", None))
    comps = sorted(dict.fromkeys(comps), key=lambda c: (c[0], c[1]))

    literals, cursor = [], 0
    for pos, _, _, orig, _ in comps:
        if pos < cursor:
            raise AssertionError(f"overlapping edits at {pos} in article {index}")
        literals.append(text[cursor:pos])
        cursor = pos + len(orig)
    literals.append(text[cursor:])

    # offsets: an end moves with every edit before it; a sentence start also with filler at it,
    # a span start also with the lead phrase at it (see ORDER)
    keys_sorted = np.array([pos * 3 + order for pos, order, *_ in comps], dtype=np.int64)
    offs = np.array([col["span_start"], col["span_end"], col["sentence_start"], col["sentence_end"]],
                    dtype=np.int64)
    thresholds = offs * 3 + np.array([2, 0, 1, 0])[:, None]
    keys = np.searchsorted(keys_sorted, thresholds.ravel(), side="left")

    sidx = {s: i for i, s in enumerate(sentences)}
    sent_of_row = [sidx[(s, e)] for s, e in zip(col["sentence_start"], col["sentence_end"], strict=True)]
    norm_of_sentence = {}
    for i, s in enumerate(sent_of_row):
        norm_of_sentence.setdefault(s, norms[i])
    norm_pieces: list[tuple[list[str], list[int], str] | None] = []
    for si, (s, e) in enumerate(sentences):
        norm = norm_of_sentence[si]
        if norm is None:
            norm_pieces.append(None)
            continue
        lits, ids, cur = [], [], 0
        for j, (pos, _, kind, orig, _) in enumerate(comps):
            if not s <= pos < e:
                continue
            if kind == LEAD:
                at = 0 if pos == s else None
            elif kind == NOTE:
                at = len(norm) - 1 if norm.endswith("。") else len(norm)
            elif kind == NUM:              # the same number, not digits of another one
                m = re.compile(rf"(?<![0-9０-９.,．，]){re.escape(orig)}(?![0-9０-９])").search(norm, cur)
                at = m.start() if m else None
            elif kind == ENT:
                at = norm.find(orig, cur)
                at = None if at < 0 else at
            else:
                at = None
            if at is None or at < cur:
                continue
            lits.append(norm[cur:at])
            ids.append(j)
            cur = at + len(orig)
        norm_pieces.append((lits, ids, norm[cur:]))

    entity_codes = {}
    for name in ENTITY_LIST_COLUMNS + ENTITY_STR_COLUMNS:
        if name not in rows.column_names:
            continue
        arr = rows[name].combine_chunks()
        if pa.types.is_list(arr.type):
            flat = arr.flatten().to_pylist()
        elif pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
            flat = arr.to_pylist()
        else:
            continue
        codes = np.array([ent.add(v if v is not None else "") for v in flat], dtype=np.int64)
        entity_codes[name] = (codes, [v is None for v in flat])

    return Template(index=index, row_index=row_index, text=text, kinds=[c[2] for c in comps],
                    origs=[c[3] for c in comps], args=[c[4] for c in comps], literals=literals,
                    offsets=offs.ravel(), keys=keys, sent_of_row=sent_of_row, sentences=sentences,
                    norm_pieces=norm_pieces, group_of_row=group_of_row, group_num=group_num,
                    group_scaled=has_value & np.array([g is None for g in group_num], dtype=bool),
                    entity_codes=entity_codes)


# ---------------------------------------------------------------- one copy

@dataclass
class Copy:
    sid: str
    shift: int
    text: str
    offsets: np.ndarray        # new offsets, same layout as Template.offsets
    sentences: list[str]       # per template sentence
    norms: list[str | None]
    num: np.ndarray            # per group: new values = old * num / den
    den: np.ndarray
    perm: np.ndarray


def _copy(t: Template, k: int, sid: str, seed: int, ent: Entities) -> Copy:
    rnd = random.Random(f"{seed}:{k}")
    shift = rnd.randint(*DAY_SHIFT)
    perm = ent.permutation(rnd)
    n_groups = len(t.group_num)
    num, den = np.ones(n_groups), np.ones(n_groups)
    new_digits: dict[int, tuple[str, str]] = {}
    for g, gn in enumerate(t.group_num):
        if gn is None:
            if t.group_scaled[g]:
                num[g] = rnd.lognormvariate(0.0, VALUE_SIGMA)
            continue
        whole, frac, number = gn
        if whole.strip("0"):
            w = str(rnd.randint(1, 9)) + "".join(str(rnd.randint(0, 9)) for _ in whole[1:2]) + whole[2:]
            f = "".join(str(rnd.randint(0, 9)) for _ in frac)
        else:                                 # 0.x: keep the 0, vary the fraction (not all zeros)
            w = whole
            f = "".join(str(rnd.randint(0, 9)) for _ in frac[:-1]) + str(rnd.randint(1, 9))
        new_digits[g] = (w, f)
        num[g], den[g] = float(w + ("." + f if f else "")), number
    ascii_ = str.isascii
    strings = []
    for kind, orig, arg in zip(t.kinds, t.origs, t.args, strict=True):
        if kind == NUM:
            strings.append(_format_like(*new_digits[arg], orig))
        elif kind == ENT:
            strings.append(ent.alias(int(perm[arg]), ascii_(orig), rnd) or orig)
        elif kind == LEAD:
            strings.append(rnd.choice(CONNECTIVES) + rnd.choice(SCOPES) if rnd.random() < LEAD_P else "")
        elif kind == NOTE:
            strings.append(rnd.choice(NOTES) if rnd.random() < NOTE_P else "")
        else:
            strings.append(rnd.choice(FILLER_SUBJECTS) + rnd.choice(FILLER_TOPICS) + rnd.choice(FILLER_PREDICATES)
                           if rnd.random() < FILLER_P else "")
    text = "".join([x for pair in zip(t.literals[:-1], strings, strict=True) for x in pair] + [t.literals[-1]])
    deltas = np.fromiter((len(s) - len(o) for s, o in zip(strings, t.origs, strict=True)), dtype=np.int64,
                         count=len(strings))
    cum = np.concatenate(([0], np.cumsum(deltas)))
    offsets = t.offsets + cum[t.keys]
    n = len(t.sent_of_row)
    ss, se = offsets[2 * n:3 * n].tolist(), offsets[3 * n:].tolist()
    first = {}
    for i, s in enumerate(t.sent_of_row):
        first.setdefault(s, i)
    sentences = [text[ss[first[s]]:se[first[s]]] for s in range(len(t.sentences))]
    norms = []
    for piece in t.norm_pieces:
        if piece is None:
            norms.append(None)
        else:
            lits, ids, tail = piece
            norms.append("".join([x for lit, j in zip(lits, ids, strict=True) for x in (lit, strings[j])]) + tail)
    return Copy(sid, shift, text, offsets, sentences, norms, num, den, perm)


# ---------------------------------------------------------------- batches

def _conform(table: pa.Table, fields: dict[str, pa.DataType]) -> pa.Table:
    """Declared columns in schema order (cast; missing ones null), then the source's other columns."""
    cols, names = [], []
    for name, typ in fields.items():
        if name in table.column_names:
            arr = table[name].combine_chunks()
            cols.append(arr.cast(typ) if arr.type != typ else arr)
        else:
            cols.append(pa.nulls(table.num_rows, type=typ))
        names.append(name)
    for name in table.column_names:
        if name not in fields:
            cols.append(table[name].combine_chunks())
            names.append(name)
    return pa.table(cols, names=names)


def _hex(texts, n: int) -> list[str]:
    return [hashlib.sha1(t.encode()).hexdigest()[:n] for t in texts]


def _shift_dates(arr: pa.Array, days: np.ndarray) -> pa.Array:
    """date32 + per-row whole days (nulls stay null)."""
    import pyarrow.compute as pc

    return pc.add(arr.cast(pa.int32()), pa.array(days.astype(np.int32))).cast(pa.date32())


def _set(table: pa.Table, name: str, arr: pa.Array) -> pa.Table:
    i = table.schema.get_field_index(name)
    return table if i < 0 else table.set_column(i, table.schema.field(i), arr.cast(table.schema.field(i).type))


def _batch(templates: list[Template], copies: list[tuple[int, Copy]], claims_src: pa.Table,
           articles_src: pa.Table, ent: Entities) -> tuple[pa.Table, pa.Table]:
    """The claims and articles rows of these copies, in copy order."""
    ts = [templates[i] for i, _ in copies]
    cs = [c for _, c in copies]
    take = np.concatenate([t.row_index for t in ts])
    claims = claims_src.take(pa.array(take))
    reps = np.array([len(t.row_index) for t in ts])
    n_rows = int(reps.sum())

    sid = np.repeat(np.array([c.sid for c in cs], dtype=object), reps)
    old_ids = claims["claim_id"].to_pylist()
    claims = _set(claims, "source_id", pa.array(sid.tolist(), pa.string()))
    claims = _set(claims, "claim_id", pa.array(_hex((f"{s}|{c}" for s, c in zip(sid, old_ids, strict=True)), 16),
                                               pa.string()))
    mg = claims["mention_group"].to_pylist()
    mg = [m if m is not None else c for m, c in zip(mg, old_ids, strict=True)]
    memo: dict[tuple[str, str], str] = {}
    claims = _set(claims, "mention_group", pa.array(
        [memo.get((s, m)) or memo.setdefault((s, m), "mg_" + _hex([f"{s}|{m}"], 12)[0])
         for s, m in zip(sid, mg, strict=True)], pa.string()))

    # offsets, surfaces, sentences
    span_s, span_e, sent_s, sent_e, surfaces, sentences, norms = [], [], [], [], [], [], []
    num_rows, den_rows = [], []
    for t, c in zip(ts, cs, strict=True):
        n = len(t.row_index)
        o = c.offsets
        span_s.append(o[:n])
        span_e.append(o[n:2 * n])
        sent_s.append(o[2 * n:3 * n])
        sent_e.append(o[3 * n:])
        text = c.text
        surfaces += [text[a:b] for a, b in zip(o[:n].tolist(), o[n:2 * n].tolist(), strict=True)]
        sentences += [c.sentences[s] for s in t.sent_of_row]
        norms += [c.norms[s] for s in t.sent_of_row]
        num_rows.append(c.num[t.group_of_row])
        den_rows.append(c.den[t.group_of_row])
    for name, parts in (("span_start", span_s), ("span_end", span_e), ("sentence_start", sent_s),
                        ("sentence_end", sent_e)):
        claims = _set(claims, name, pa.array(np.concatenate(parts)))
    claims = _set(claims, "surface", pa.array(surfaces, pa.string()))
    claims = _set(claims, "sentence", pa.array(sentences, pa.string()))
    claims = _set(claims, "sentence_norm", pa.array(norms, pa.string()))

    # values: one positive factor per (copy, mention group)
    num, den = np.concatenate(num_rows), np.concatenate(den_rows)
    for name in ("value", "value_low", "value_high"):
        if name in claims.column_names:
            vals = claims[name].to_numpy(zero_copy_only=False).astype(float)
            claims = _set(claims, name, pa.array(vals / den * num, pa.float64(), from_pandas=True))
    shift = np.repeat(np.array([c.shift for c in cs]), reps)
    for name in ("published", "time_start", "time_end"):
        if name in claims.column_names:
            claims = _set(claims, name, _shift_dates(claims[name].combine_chunks(), shift))

    # entities: the copy's permutation
    vocab = pa.array(ent.names, pa.string())
    for name in ENTITY_LIST_COLUMNS + ENTITY_STR_COLUMNS:
        if name not in claims.column_names or name not in ts[0].entity_codes:
            continue
        codes = np.concatenate([c.perm[t.entity_codes[name][0]] for t, c in zip(ts, cs, strict=True)])
        nulls = np.concatenate([np.array(t.entity_codes[name][1], dtype=bool) for t in ts])
        values = vocab.take(pa.array(codes))
        if nulls.any():
            import pyarrow.compute as pc

            values = pc.if_else(pa.array(nulls), pa.scalar(None, pa.string()), values)
        arr = claims[name].combine_chunks()
        if pa.types.is_list(arr.type):
            offs = arr.offsets
            values = pa.ListArray.from_arrays(pa.array(offs.to_numpy() - offs[0].as_py(), pa.int32()), values,
                                              mask=arr.is_null() if arr.null_count else None)
        claims = _set(claims, name, values)
    assert claims.num_rows == n_rows

    # articles
    arts = articles_src.take(pa.array([t.index for t in ts]))
    days = np.array([c.shift for c in cs])
    arts = _set(arts, "source_id", pa.array([c.sid for c in cs], pa.string()))
    arts = _set(arts, "text", pa.array([c.text for c in cs], pa.string()))
    arts = _set(arts, "n_chars", pa.array([len(c.text) for c in cs], pa.int64()))
    for name in ("published", "reference_date"):
        if name in arts.column_names:
            arts = _set(arts, name, _shift_dates(arts[name].combine_chunks(), days))
    return claims, arts


class _Out:
    """The writers of one run: single files (atomic via TableSink) and/or dataset parts."""

    def __init__(self, out: Path, layout: str, claims_schema: pa.Schema, articles_schema: pa.Schema):
        from claims.sink import TableSink

        self.out, self.layout = out, layout
        self.schemas = (claims_schema, articles_schema)
        self.sinks = []
        if layout in ("both", "single"):
            self.sinks = [TableSink(out / "claims.parquet", claims_schema),
                          TableSink(out / "articles.parquet", articles_schema)]
        self.tmp = None
        if layout in ("both", "dataset"):
            self.tmp = [out / ".claims.partial", out / ".articles.partial"]
            for d in self.tmp:
                shutil.rmtree(d, ignore_errors=True)
                d.mkdir(parents=True)
        self.part, self.part_rows, self.writers = 0, 0, None

    def write(self, claims: pa.Table, articles: pa.Table) -> None:
        for sink, t in zip(self.sinks, (claims, articles), strict=False):
            sink.write(t)
        if self.tmp is None:
            return
        if self.writers is None:
            self.writers = [pq.ParquetWriter(d / f"part-{self.part:05d}.parquet", s, compression="zstd")
                            for d, s in zip(self.tmp, self.schemas, strict=True)]
        for w, t in zip(self.writers, (claims, articles), strict=True):
            w.write_table(t, row_group_size=max(t.num_rows, 1))
        self.part_rows += claims.num_rows
        if self.part_rows >= PART_ROWS:
            self._close_part()

    def _close_part(self) -> None:
        if self.writers is not None:
            for w in self.writers:
                w.close()
            self.writers, self.part, self.part_rows = None, self.part + 1, 0

    def commit(self) -> None:
        for sink in self.sinks:
            sink.commit()
        if self.tmp is not None:
            self._close_part()
            for d, name in zip(self.tmp, ("claims", "articles"), strict=True):
                final = self.out / name
                if final.exists():
                    shutil.rmtree(final)
                d.rename(final)

    def abort(self) -> None:
        for sink in self.sinks:
            sink.abort()
        if self.writers is not None:
            for w in self.writers:
                w.close()
        for d in self.tmp or []:
            shutil.rmtree(d, ignore_errors=True)


# ---------------------------------------------------------------- driver

def make_tables(out: Path, rows: int, src: Path = ROOT / "data" / "claims.parquet", seed: int = 0,
                layout: str = "both", progress: bool = False) -> tuple[int, int]:
    """Write the synthetic tables under `out` (see the module docstring); returns (claims rows, articles)."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    if rows < 1:
        raise SystemExit("--rows must be at least 1")
    out, src = Path(out), Path(src)
    claims_src = _conform(pq.read_table(src), schema.CLAIM_FIELDS)
    art_path = schema.TablePaths.beside(src).articles
    if not art_path.exists():
        raise SystemExit(f"{art_path}: the articles table (with texts) is needed to vary the text")
    articles_src = _conform(pq.read_table(art_path), schema.ARTICLE_FIELDS)
    if claims_src.num_rows == 0:
        raise SystemExit("the source table has no rows")
    ent = Entities.load(ROOT / "data" / "entities.csv")

    src_ids = claims_src["source_id"].to_pylist()
    art_pos = {s: i for i, s in enumerate(articles_src["source_id"].to_pylist())}
    texts = articles_src["text"].to_pylist()
    templates = []
    for sid in sorted(set(src_ids)):
        if sid not in art_pos or texts[art_pos[sid]] is None:
            raise SystemExit(f"{art_path}: no article text for {sid!r}")
        idx = np.array([i for i, s in enumerate(src_ids) if s == sid], dtype=np.int64)
        templates.append(_template(art_pos[sid], texts[art_pos[sid]], claims_src.take(pa.array(idx)), idx, ent))

    out.mkdir(parents=True, exist_ok=True)
    sink = _Out(out, layout, claims_src.schema, articles_src.schema)
    from tqdm import tqdm

    bar = tqdm(total=rows, unit="rows", unit_scale=True, disable=not progress, file=sys.stderr,
               desc="claims")
    total, k, n_articles = 0, 0, 0
    try:
        while total < rows:
            batch, batch_rows = [], 0
            while total + batch_rows < rows and batch_rows < BATCH_ROWS:
                i = k % len(templates)
                t = templates[i]
                sid = f"s{k:07d}_{src_ids[t.row_index[0]]}"
                batch.append((i, _copy(t, k, sid, seed, ent)))
                batch_rows += len(t.row_index)
                k += 1
            claims, arts = _batch(templates, batch, claims_src, articles_src, ent)
            if total + claims.num_rows > rows:                      # the last copy, cut
                claims = claims.slice(0, rows - total)
            schema.validate(schema.to_frame(claims), where=f"synthetic claims (rows {total:,}…)")
            schema.validate(schema.to_frame(arts.drop_columns(["text"])),
                            tuple(c for c in schema.ARTICLE_REQUIRED if c != "text"), where="synthetic articles")
            sink.write(claims, arts)
            total += claims.num_rows
            n_articles += arts.num_rows
            bar.update(claims.num_rows)
            del batch, claims, arts            # before the next batch is built: one batch alive at a time
        sink.commit()
    except BaseException:
        sink.abort()
        raise
    finally:
        bar.close()
    return total, n_articles


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--src", type=Path, default=ROOT / "data" / "claims.parquet")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--layout", choices=LAYOUTS, default="both",
                    help="dataset: OUT/claims/part-*.parquet + OUT/articles/part-*.parquet; single: "
                         "OUT/claims.parquet + OUT/articles.parquet; both (default)")
    ap.add_argument("--single", dest="layout", action="store_const", const="single",
                    help="same as --layout single")
    ap.add_argument("--no-progress", action="store_true")
    a = ap.parse_args()
    t0 = time.perf_counter()
    n, k = make_tables(a.out, a.rows, a.src, a.seed, a.layout, progress=not a.no_progress)
    print(f"{n:,} claims in {k:,} articles -> {a.out} ({a.layout}): {time.perf_counter() - t0:.1f} s, "
          f"peak RSS {peak_rss_mb():,.0f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
