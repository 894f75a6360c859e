"""A line classifier for site chrome and reader comments that no boilerplate rule names yet.

The rules of data/boilerplate.csv know the wordings seen so far; each new batch of real pages brings
headings nobody listed (■この社説を読んだ人はこちらも, ランキング経済, このニュースに関するつぶやき).
This logistic model, trained by scripts/train_chrome_model.py on the labelled lines of the realistic
corpus (a line with a labelled figure is content, a line with only figures labelled absent is chrome),
reads what such lines share instead: the shape of a list item, the heading above its run, casual
speech, where the line sits after the article's last paragraph. Its weights are data
(data/chrome_lines.tsv); scoring is a sum of weights, so the build needs no machine-learning library.

Only short lines are scored (a chrome line is almost never longer than MAX_CHARS), and only when the
rules left them in the body and they hold a money or power unit.
"""
import math
import re
import unicodedata
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from .paths import DATA_DIR

MODEL_PATH = DATA_DIR / "chrome_lines.tsv"
THRESHOLD = 0.8             # probability of chrome from which a body line is read as chrome: chosen on
                            # simulated first scorings of the ninth and tenth parts (0.5 lost 61 more figures
                            # for 23 fewer chrome spans; 0.9 kept 22 more chrome spans to save 8 figures)
MAX_CHARS = 120             # longer lines are paragraphs: 17 of 8,728 labelled chrome lines are longer
MIN_PAGE_LINES = 8          # a shorter text is a pasted passage, not a captured page (no labelled page with
                            # chrome has fewer lines)
_LINE_CHARS = 60            # the line's own n-grams: its first characters
_HEAD_CHARS = 40            # the heading above a run of items

_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"[0-9]")
# A money or power unit on the line: the model is asked only about lines that can give such a row.
UNIT_HINT = re.compile(r"円|ドル|ユーロ|元|ウォン|ポンド|ルピー|リンギ|バーツ|ディルハム|リヤル|フラン|キープ"
                       r"|ディナール|[$＄€£₹₩₱₫฿㎿㎾]|RM|Rp|[0-9０-９万千億]\s?[kKmMgGｋＫｍＭｇＧ]?[WwＷｗ]|ワット")


def _norm(line: str) -> str:
    return _DIGIT.sub("0", _SPACE.sub(" ", unicodedata.normalize("NFKC", line)))


def _ends_sentence(line: str) -> bool:
    return line.endswith("。") or line.endswith("。」")


def _is_paragraph(line: str) -> bool:
    """A long line holding a sentence: what an article's body is made of."""
    return "。" in line and len(line) > 40


_PAREN_NUM = re.compile(r"[(（]0+[)）]")
_DAI = re.compile(r"第0+回")
_NAME_COLON = re.compile(r"\S{1,12}[：:]")


def _shape(norm: str) -> str:
    """A list item's leading mark: a digit, (1), 第1回, `name：`, or its first character."""
    if not norm:
        return "empty"
    if norm[0].isdigit():
        return "digit"
    if _PAREN_NUM.match(norm):
        return "paren_num"
    if _DAI.match(norm):
        return "dai"
    if _NAME_COLON.match(norm):
        return "name_colon"
    return "c:" + norm[0]


def _ngrams(prefix: str, text: str) -> list[str]:
    return [prefix + ch for ch in text] + [prefix + text[j:j + 2] for j in range(len(text) - 1)]


class Page:
    """One document's lines, with what every line's features need computed once."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self._norms: list[str | None] = [None] * len(texts)     # filled as lines are asked about
        self._shapes: list[str | None] = [None] * len(texts)
        n = len(texts)
        ends = sum(_ends_sentence(t) for t in texts)
        self.maru_bucket = str(int(5 * ends / n)) if n else "0"
        self.paragraphs_before = []          # long sentence lines before each line
        seen = 0
        for t in texts:
            self.paragraphs_before.append(seen)
            seen += _is_paragraph(t)
        self.paragraphs = seen

    def norm(self, j: int) -> str:
        if (v := self._norms[j]) is None:
            v = self._norms[j] = _norm(self.texts[j])
        return v

    def shape(self, j: int) -> str:
        if (v := self._shapes[j]) is None:
            v = self._shapes[j] = _shape(self.norm(j))
        return v

    def features(self, i: int) -> set[str]:
        """The names of the line's features (each present feature has the value 1)."""
        text, norm = self.texts[i], self.norm(i)
        shape = self.shape(i)
        end = int(_ends_sentence(norm))
        before = self.paragraphs_before[i]
        after = self.paragraphs - before - _is_paragraph(text)
        f = set(_ngrams("S:", norm[:_LINE_CHARS]))
        f.update(("shape=" + shape, f"len={min(len(norm) // 20, 6)}", f"pos={10 * i // len(self.texts)}",
                  "doc_maru=" + self.maru_bucket, f"doc_maru_x_end={self.maru_bucket}{end}",
                  f"after={min(after, 4)}", f"before={min(before, 4)}"))
        if end:
            f.add("end_maru")
        j, run = i - 1, 0            # back over the run of items of the same shape to its heading
        while j >= 0 and len(self.texts[j]) <= MAX_CHARS and self.shape(j) == shape:
            j, run = j - 1, run + 1
        f.add(f"run={min(run, 4)}")
        if j >= 0:
            head = self.norm(j)
            if len(head) <= _HEAD_CHARS and not head.endswith("。"):
                f.update(_ngrams("H:", head))
                f.add("head_short")
            else:
                f.add("head_prose")
        if i > 0 and self.norm(i - 1).endswith("。"):
            f.add("prev_maru")
        return f


@lru_cache(maxsize=2)
def weights(path: Path = MODEL_PATH) -> tuple[float, dict[str, float]]:
    """The model's intercept and feature weights (empty when the file is missing: nothing is flagged)."""
    if not path.is_file():
        return 0.0, {}
    intercept, table = 0.0, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            name, _, value = line.rstrip("\n").rpartition("\t")
            if name == "(intercept)":
                intercept = float(value)
            elif name:
                table[name] = float(value)
    return intercept, table


def chrome_probability(page: Page, i: int) -> float:
    intercept, table = weights()
    if not table:
        return 0.0
    z = intercept + sum(map(table.get, page.features(i), repeat(0.0)))
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def is_candidate(text: str) -> bool:
    """A line the model is asked about: short, with a money or power unit."""
    return len(text) <= MAX_CHARS and UNIT_HINT.search(text) is not None


def is_chrome(page: Page, i: int) -> bool:
    return chrome_probability(page, i) >= THRESHOLD
