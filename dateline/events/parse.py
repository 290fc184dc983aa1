"""Dependency parses of the few sentences that hold a date, for finding the predicate a date governs.

The build runs the fast pipeline (senter + ner) over whole articles. Parsing everything would cost about
as much again, so only sentences with a resolved or anchored date expression are parsed. The tagger and
parser of the same model read the ``tok2vec`` output already in ``doc.tensor`` (spaCy's listeners use it
at inference), so a parse costs only the parser's own layers; when the fast pipeline did not fill the
tensor, ``tok2vec`` runs on just those sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from dateline.nlp import load_nlp
from dateline.records import Sentence


def parse_sentences(doc: Doc, sentences: Sequence[Sentence], wanted: Iterable[int]) -> dict[int, Doc]:
    """Parsed copies of the sentences at positions ``wanted`` (indices into ``sentences``).

    Offsets in a parsed copy are relative to its sentence's ``char_start``.
    """
    picks = sorted(set(wanted))
    if not picks:
        return {}
    nlp = load_nlp()
    names = set(nlp.component_names)
    if not {"tagger", "parser"} <= names:
        return {}
    docs: list[Doc] = []
    keep: list[int] = []
    for i in picks:
        s = sentences[i]
        span = doc.char_span(s.char_start, s.char_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        # A bare copy of the sentence's tokens with its slice of the tensor: ``Span.as_doc`` would scan the
        # whole article for every sentence (entities, arrays) and cost more than the parse itself.
        sent_doc = Doc(doc.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span])
        if doc.tensor.size:
            sent_doc.tensor = doc.tensor[span.start:span.end]
        docs.append(sent_doc)
        keep.append(i)
    if not docs:
        return {}
    if any(d.tensor.size == 0 for d in docs):
        docs = list(nlp.get_pipe("tok2vec").pipe(docs))
    steps = ["tagger", "parser"]  # fine tags suffice: the attribute ruler would cost more than both
    for name in steps:
        if name in names:
            docs = list(nlp.get_pipe(name).pipe(docs))
    return dict(zip(keep, docs, strict=True))
