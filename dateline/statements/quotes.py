"""Quotation spans, found paragraph by paragraph so that one unbalanced mark costs one quote, not the article."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> the marks that may close it. Curly single quotes count at the top level too (British
# outlets use them as primary quotes); inside a double quote they are nested and simply skipped.
CLOSERS: dict[str, tuple[str, ...]] = {
    "``": ("''", "”", '"'),
    "''": ("''",),
    "“": ("”", '"'),
    "„": ("“", "”"),
    "«": ("»",),
    '"': ('"', "”"),
    "‘": ("’",),
    "”": ("”",),  # some outlets open with a closing curly mark at a paragraph start
}
_OPENERS = ("``", "''", "“", "„", "«", '"', "‘", "”")
_PARA = re.compile(r"[^\n]+")
_MARK = re.compile(r"``|''|[\"“„«‘”’»]")  # every character where a quotation may open or close
_ALNUM = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start``/``end`` delimit the text inside the marks, ``outer_*`` include the marks."""

    outer_start: int
    start: int
    end: int
    outer_end: int

    def words(self, text: str) -> int:
        return len(text[self.start : self.end].split())


def _is_word(ch: str) -> bool:
    return bool(ch) and bool(_ALNUM.match(ch))


def _opener_at(text: str, i: int, para_start: int) -> str | None:
    """The opening mark starting at ``i``, if the characters around it make it an opening."""
    for mark in _OPENERS:
        if not text.startswith(mark, i):
            continue
        before = text[i - 1] if i > para_start else " "
        after = text[i + len(mark) : i + len(mark) + 1]
        if not after or after.isspace():
            return None
        if mark in {'"', "‘", "''"} and _is_word(before):
            return None  # a straight mark or an apostrophe glued to a word closes or elides, never opens
        if mark == "”" and i != para_start and not before.isspace():
            return None
        if mark == "”" and i != para_start and text[para_start:i].strip():
            return None
        return mark
    return None


def _closer_at(text: str, i: int, opener: str) -> str | None:
    """The closing mark for ``opener`` starting at ``i``, if it closes (a "’" inside a word is an apostrophe)."""
    for mark in CLOSERS[opener]:
        if not text.startswith(mark, i):
            continue
        after = text[i + len(mark) : i + len(mark) + 1]
        if mark in {"’", '"', "''"} and opener in {"‘", '"', "''"} and _is_word(after):
            return None
        if mark == "’" and i > 0 and text[i - 1].isspace():
            return None
        return mark
    return None


def find_quotes(text: str) -> list[Quote]:
    """All balanced quotations in ``text``; a quote may continue into the next paragraph if that opens anew."""
    paragraphs = [(m.start(), m.end()) for m in _PARA.finditer(text) if m.group().strip()]
    quotes: list[Quote] = []
    pending: tuple[int, int, str] | None = None  # (outer_start, start, opener) carried into the next paragraph
    for start, end in paragraphs:
        i = start
        opener: str | None = None
        q_outer = q_start = -1
        if pending is not None:
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            mark = _opener_at(text, start + lead, start)
            if mark is not None and (mark == pending[2] or {mark, pending[2]} <= {"“", "„", "``", "«"}):
                q_outer, q_start, opener = pending
                i = start + lead + len(mark)
            pending = None
        while i < end:
            hit = _MARK.search(text, i, end)
            if hit is None:
                break
            i = hit.start()
            if opener is None:
                mark = _opener_at(text, i, start)
                if mark is None:
                    i += 1
                    continue
                opener, q_outer, q_start = mark, i, i + len(mark)
                i = q_start
                continue
            mark = _closer_at(text, i, opener)
            if mark is not None:
                if text[q_start:i].strip():
                    quotes.append(Quote(q_outer, q_start, i, i + len(mark)))
                opener = None
                i += len(mark)
                continue
            if opener in {"“", "«", "``"} and text.startswith(opener, i):
                q_outer, q_start = i, i + len(opener)  # the earlier mark was never closed: drop it, restart
                i = q_start
                continue
            i += 1
        if opener is not None:
            pending = (q_outer, q_start, opener)
    return quotes
