"""An article as token arrays, sentences, paragraphs and quotations: what every token rule looks up.

The doc comes from the fast pipeline (tok2vec + ner, maybe senter), so everything here works from token
text, entity labels and the quotation marks: cheap enough to run on every article of a large corpus.
Sentences are cut from punctuation, because the fast pipeline may carry no sentence boundaries.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from dateline.nlp import bounded_spans
from dateline.statements import clauses
from dateline.statements.lexicon import HONORIFICS, SENTENCE_WORDS, rows, words_of
from dateline.statements.quotes import Quote, find_quotes

# spaCy's entity labels (the model's schema, not a word list): the labels that name a speaker.
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
# Quotation marks and dashes: punctuation, not vocabulary (they stay in code).
OPEN_MARKS = "“\"«„‘`'"
DASHES = "–—―"
CLOSE_MARKS = "”\"'’»“"
_SENT_END = re.compile(r"[.!?]+(?P<close>[\"”’'»)\]]*)(?P<gap>\s+)")
# a period after a listed abbreviation, a single initial or a dotted acronym does not end a sentence
_ABBREV = re.compile(r"(?:\b(?:" + "|".join(re.escape(row[0]) for row in rows("abbreviations.txt"))
                     + r")|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z])$")
PARA = re.compile(r"[^\n]+")
_TRIM = " \t\n\u00a0,;:"


class ArticleTokens:
    """Token arrays and spans of one doc, precomputed once so every rule is a cheap index lookup."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        n = len(doc)
        self.n = n
        self.words = [t.text for t in doc]
        self.starts = [t.idx for t in doc]
        self.ends = [a + len(w) for a, w in zip(self.starts, self.words, strict=True)]
        self.lower = [w.lower() for w in self.words]
        self.ent = [""] * n
        self.ent_span: list[tuple[int, int] | None] = [None] * n
        ents = list(doc.ents)
        for ent in ents:
            label = ent.label_
            for k in range(ent.start, ent.end):
                self.ent_span[k] = (ent.start, ent.end)
                self.ent[k] = label
        # People named anywhere in the article: PERSON entities, and names the small model mislabels but a
        # title gives away ("Chancellor Olaf Scholz" tagged ORG). Their surnames make later mentions persons.
        titles = words_of("title") | words_of("role") | HONORIFICS
        self.person_spans: list[tuple[int, int]] = []
        for ent in ents:
            titled = ent.start > 0 and doc[ent.start - 1].lower_ in titles and len(ent) >= 2 and all(
                t.text[:1].isupper() for t in ent)
            if ent.label_ == "PERSON" or (ent.label_ in ORG_LABELS and titled):
                self.person_spans.append((ent.start_char, ent.end_char))
        # unlabelled names right after a title: "the Chancellor of Germany Olaf Scholz" (the model missed it)
        for k in range(n - 2):
            if self.lower[k] not in titles:
                continue
            j = k + 1
            if self.lower[j] == "of" and j + 2 < n and self.words[j + 1][:1].isupper():
                j = self.ent_span[j + 1][1] if self.ent_span[j + 1] else j + 2
            e = j
            while e < n and e - j < 4 and self.words[e].istitle() and self.words[e].isalpha() and \
                    self.lower[e] not in titles and self.ent[e] in ("", "PERSON"):
                e += 1
            if e - j >= 2 and not any(self.ent[i] == "PERSON" for i in range(j, e)):
                self.person_spans.append((self.starts[j], self.ends[e - 1]))
        self.person_spans.sort()
        # candidates for a role description ("the Chancellor"): people, and multi-word names of any label
        self.name_spans = sorted(set(self.person_spans) | {
            (e.start_char, e.end_char) for e in ents if e.label_ in ORG_LABELS and len(e) >= 2})
        self.surnames = {self.text[a:b].split()[-1].lower() for a, b in self.person_spans if self.text[a:b].split()}
        self.quotes = find_quotes(self.text)
        self.q_starts = [q.start for q in self.quotes]
        self.paragraphs = [(m.start(), m.end()) for m in PARA.finditer(self.text) if m.group().strip()]
        self.p_starts = [p[0] for p in self.paragraphs]
        self.sentences = self._split_sentences()
        self.s_starts = [s[0] for s in self.sentences]
        self._tags: list[str] | None = None
        self.in_quote = [False] * n
        for q in self.quotes:
            a = bisect.bisect_left(self.starts, q.start)
            b = bisect.bisect_left(self.starts, q.end)
            for k in range(a, b):
                self.in_quote[k] = True

    @property
    def tags(self) -> list[str]:
        """Penn tags, computed on first use (only speaker checks need them)."""
        if self._tags is None:
            self._tags = clauses.tags_of(self.doc)
        return self._tags

    # --- spans -----------------------------------------------------------------------------------------
    def _split_sentences(self) -> list[tuple[int, int]]:
        """Sentence char spans from punctuation (the fast pipeline may carry no sentence boundaries)."""
        spans = []
        for p_start, p_end in self.paragraphs:
            start = p_start
            para = self.text[p_start:p_end]
            for m in _SENT_END.finditer(para):
                cut = p_start + m.end("close")
                nxt = self.text[p_start + m.end() : p_start + m.end() + 1]
                if nxt and nxt.islower():
                    continue
                # bounded look-behind: searching the whole paragraph prefix made this quadratic
                if self.text[p_start + m.start()] == "." and _ABBREV.search(para, max(0, m.start() - 64), m.start()):
                    continue
                spans.append((start, cut))
                start = p_start + m.end()
            if start < p_end:
                spans.append((start, p_end))
        return bounded_spans(self.text, spans)  # a "sentence" of a scraped table: cut at the model's cap

    def sentence_of(self, char: int) -> tuple[int, int]:
        k = max(0, bisect.bisect_right(self.s_starts, char) - 1)
        return self.sentences[k] if self.sentences else (0, len(self.text))

    def paragraph_of(self, char: int) -> tuple[int, int]:
        k = max(0, bisect.bisect_right(self.p_starts, char) - 1)
        return self.paragraphs[k] if self.paragraphs else (0, len(self.text))

    def tok_at(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect.bisect_left(self.starts, char)

    def quote_covering(self, char: int) -> Quote | None:
        k = bisect.bisect_right(self.q_starts, char) - 1
        if k >= 0 and self.quotes[k].outer_start <= char < self.quotes[k].outer_end:
            return self.quotes[k]
        return None

    def is_punct(self, k: int) -> bool:
        return not any(ch.isalnum() for ch in self.words[k])

    def capitalised(self, k: int) -> bool:
        w = self.words[k]
        return w[:1].isupper() and self.lower[k] not in SENTENCE_WORDS


def trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink ``[a, b)`` over spaces and clause punctuation (a leading "that" too)."""
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM + ".":
        b -= 1
    if text[a : a + 5].lower() == "that " and b - a > 5:
        a += 5
    return a, b


def title_words(quoted: str) -> bool:
    """Quoted words that are all capitalised: a title ("American Skin"), not words someone said."""
    words = [w for w in quoted.split() if w[:1].isalpha()]
    return bool(words) and all(w[:1].isupper() for w in words)


def too_short(text: str, span: tuple[int, int], words: int = 2) -> bool:
    """Reported content of fewer words than this is an adverb or a date misread as a clause ("on Thursday")."""
    inner = text[span[0] : span[1]]
    return len(inner) < 3 or (len(inner.split()) < words and not any(ch in OPEN_MARKS for ch in inner))
