"""Continuations: quotations no cue claimed, carried on by the speaker before them.

A long quote runs over several paragraphs, or is interrupted ("“...,” he said. “...”"); the later parts
have no cue of their own. A quotation continues the last speaker's quote in its paragraph, or the last
statement of the paragraph before when the quotation is a paragraph of its own. Quotations signed with a
dash (``layouts.epigraph``) are read here too, since they also lack a cue word.
"""

from __future__ import annotations

import bisect
import itertools

from dateline.statements.layouts import epigraph
from dateline.statements.quotes import Quote
from dateline.statements.spans import Found
from dateline.statements.tokens import CLOSE_MARKS, ArticleTokens, title_words, trim


def continuations(art: ArticleTokens, found: list[Found], claimed_spans: set[tuple[int, int]]) -> list[Found]:
    """The statements of the quotations that no content in ``claimed_spans`` overlaps; ``found`` are the
    statements so far, sorted by content start."""
    # quotations are disjoint, so only the contents claimed so far can overlap one: prefix maxima of their
    # ends, in start order, answer "does anything claimed overlap [a, b)?" with one bisection
    claimed = sorted(claimed_spans)
    claimed_starts = [c[0] for c in claimed]
    reach = list(itertools.accumulate((c[1] for c in claimed), max))
    direct_found = sorted((f for f in found if f.speaker is not None), key=lambda f: f.content[1])
    pointer, last = 0, None
    extra: list[Found] = []
    for q in art.quotes:
        k = bisect.bisect_left(claimed_starts, q.end)
        if k and reach[k - 1] > q.start:
            continue
        epi = epigraph(art, q)
        if epi is not None:
            extra.append(epi)
            continue
        if not _spoken(art, q):
            continue
        p_start, _ = art.paragraph_of(q.start)
        while pointer < len(direct_found) and direct_found[pointer].content[1] <= q.start:
            if last is None or direct_found[pointer].content[1] >= last.content[1]:
                last = direct_found[pointer]
            pointer += 1
        if extra and extra[-1].content[1] <= q.start and (last is None or extra[-1].content[1] >= last.content[1]):
            last = extra[-1]
        if last is None:
            continue
        same_para = last.content[0] >= p_start and last.direct
        prev_para_start = art.paragraph_of(max(0, p_start - 1))[0] if p_start > 0 else p_start
        whole_para = art.text[p_start:q.outer_start].strip() == ""
        if same_para or (whole_para and last.content[0] >= prev_para_start and q.words(art.text) >= 4):
            extra.append(Found((q.start, q.end), True, last.speaker, last.cue, 0))
    return extra


def _spoken(art: ArticleTokens, q: Quote) -> bool:
    """The quotation can be words someone said: not scare quotes or a title, and not a fragment quoted in
    the middle of the writer's own clause (those have no speaker to carry on)."""
    if q.words(art.text) < 4 and not art.text[q.start:q.end].rstrip().endswith((".", "?", "!", ",")):
        return False  # scare quotes and titles
    if title_words(art.text[q.start : q.end]):
        return False  # "on CNN's “State of the Union.”"
    lead = art.text[max(0, q.outer_start - 40) : q.outer_start].rstrip(" \t\u00a0")
    # mid-clause: a fragment of the writer's sentence, not a continuation of a quote
    return not (lead and lead[-1] not in ".!?:,\n" + CLOSE_MARKS)


def cut_at_attributions(art: ArticleTokens, found: list[Found]) -> None:
    """End a content where another statement's trailing attribution starts ("..., said Peskov.")."""
    marks = []
    for f in found:
        if f.speaker is None:
            continue
        at = min(f.speaker.start, f.cue[0])
        if f.content[1] <= at:
            marks.append(at)
    marks.sort()
    for f in found:
        a, b = f.content
        k = bisect.bisect_right(marks, a)
        if k < len(marks) and marks[k] < b:
            cut = trim(art.text, a, marks[k])
            if cut[1] - cut[0] >= 3:
                f.content = cut
