"""Entities a claim is about that its sentence leaves implicit (`context_entities`).

- the speaker of a quote: 「…」 opened after "ピチャイさんはこう言うてはったわ。" is
  Pichai's, and a person's affiliation (Pichai -> Google) comes with them; the names the
  text itself gives as the speaker are kept in `quote_speaker` (the `speaker` column), as is
  the person of a transcript turn ("孫正義氏：…" and the lines after it);
- else, for a sentence naming nobody, the subject carried from the previous
  sentence, or from the section heading.
"""
from __future__ import annotations

import re

from .entities import ArticleNames, EntityTable
from .segment import Line, Sentence
from .tokenizer import normalized


class ContextTracker:
    def __init__(self, table: EntityTable, lines: list[Line], source_id: str, names: ArticleNames | None = None):
        self.table = table
        self.names = names or ArticleNames(table, source_id)
        self.lines = lines
        self.source_id = source_id
        self.carried: list[str] = []
        self.heading: list[str] = []
        self.last_speaker: list[str] = []
        self.last_named_speaker: list[str] = []
        self.quote_speaker: list[str] = []    # who the text says speaks the current sentence
        self.turn: list[str] = []             # the person whose transcript turn this is
        self.turn_lines = 0                   # lines opening with "名前：" so far
        self.previous: list[str] = []     # entities the previous sentence itself names
        self.last_line = -1
        self._quotes_line: Line | None = None
        self._quotes: list[tuple[int, int | None]] = []

    def _find(self, text: str) -> list[str]:
        return self.names.find(text, normalized(text)) if text.strip() else []

    def _with_affiliations(self, names: list[str]) -> list[str]:
        out = list(names)
        for n in names:
            org = self.table.affiliation.get(n)
            if org and org not in out and self.table.types.get(n) == "person":
                out.append(org)
        return out

    def _speaker(self, line: Line, offset: int, length: int) -> tuple[list[str], list[str]] | None:
        """Speaker of the quote the sentence at `offset` in `line` sits in, as (names for the
        context, names the text gives as the speaker); None if not quoted.

        Quoted means: a 「 opened before the sentence is still open, or the sentence
        opens a 「 at its start that runs to (or past) its end.  A line that starts with a
        quote naming nobody continues the previous speaker's (for the context, else the
        subject carried so far).
        """
        text = line.text
        if "「" not in text:
            return None
        quotes = self._quotes_of(line)
        inside = next(((o, c) for o, c in quotes if o < offset and (c is None or c >= offset)), None)
        if inside is None:
            inside = next(((o, c) for o, c in quotes if o == offset), None)
            if inside is None:
                return None
            if inside[1] is not None and inside[1] < offset + length - 2:
                return None               # 「スターゲイト」の重要性は… names a thing, not a quote
        opened, close = inside
        names = self._find(text[:opened])
        if not names and close is not None:
            names = self._find(text[close + 1:].split("。")[0])
        named = names
        if not names and text.lstrip().startswith("「"):
            named = self.last_named_speaker
            names = self.last_speaker or self.carried
        return names, named

    def _turn(self, line: Line, index: int) -> None:
        """A line "孫正義氏：…" opens that person's turn; the lines right after it (no blank line
        between) continue it in a transcript (two or more "名前：" lines so far), else only
        while they are quotes. "司会：", "・総事業費：", a blank line or a heading ends it."""
        m = _TURN.match(line.text)
        if line.is_heading:
            self.turn = []
        elif m:
            self.turn_lines += 1
            names = self._find(m.group(1) or m.group(2))
            self.turn = [n for n in names if self.table.types.get(n) == "person"][:1]
        elif index and line.start > self.lines[index - 1].end + 1:
            self.turn = []
        elif self.turn_lines < 2 and not line.text.lstrip().startswith("「"):
            self.turn = []

    def _quotes_of(self, line: Line) -> list[tuple[int, int | None]]:
        if self._quotes_line is not line:
            self._quotes_line, self._quotes = line, top_level_quotes(line.text)
        return self._quotes

    def context(self, sent: Sentence, entities: list[str]) -> list[str]:
        line = self.lines[sent.line_index]
        if sent.line_index != self.last_line:
            if line.is_heading:
                self.heading = self._find(line.text)
                self.carried = list(self.heading)
                self.previous = []
            if not line.text.lstrip().startswith("「"):
                self.last_speaker = []
                self.last_named_speaker = []
            self._turn(line, sent.line_index)
            self.last_line = sent.line_index
        found = self._speaker(line, sent.start - line.start, sent.end - sent.start)
        self.quote_speaker = (found[1] if found is not None else []) or self.turn
        if found is not None:
            speaker, self.last_named_speaker = found
            self.last_speaker = speaker
            ctx = self._with_affiliations(speaker)
        elif not entities:
            ctx = list(self.carried or self.heading)
        else:
            # a sentence naming parties but no project stays in the project the previous
            # sentence named: "…まだProject Stargateがあります。Oracleと SoftBank との5000億ドルの…"
            ctx = [] if self._projects(entities) else self._projects(self.previous)
        ctx = [c for c in dict.fromkeys(ctx) if c not in entities]
        if sent.section in ("body", "title"):
            self.carried = list(entities) or ctx or self.carried
            self.previous = list(entities)
        return ctx

    def _projects(self, names: list[str]) -> list[str]:
        return [n for n in names if self.table.types.get(n) == "project"]


_BRACKET = re.compile("[「」]")
# "孫正義氏：…", or an interview's "孫氏　…" (a name with 氏/さん, then an ideographic space)
_TURN = re.compile(r"\s*(?:([^：:、。「」\s]{1,24})\s?[：:]|([^：:、。「」\s]{1,20}?(?:氏|さん))\u3000)")


def top_level_quotes(text: str) -> list[tuple[int, int | None]]:
    """(offset of 「, offset of its matching 」 or None if never closed) for each outermost quote.

    One pass per line; a stray 」 outside any quote is ignored."""
    out: list[tuple[int, int | None]] = []
    depth, opened = 0, -1
    for m in _BRACKET.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "「":
            if depth == 0:
                opened = i
            depth += 1
        elif ch == "」" and depth:
            depth -= 1
            if depth == 0:
                out.append((opened, i))
    if depth:
        out.append((opened, None))
    return out
