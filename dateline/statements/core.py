"""Statement attribution from NER, token patterns and a cue lexicon (no dependency parse).

The doc comes from the fast pipeline (tok2vec + ner, maybe senter), so everything here works from token
text, entity labels and the quotation marks: cheap enough to run on every article of a large corpus.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from dateline.records import StatementMatch
from dateline.statements import clauses
from dateline.statements.lexicon import Cue, cue_table, cue_words, strong_cue_words, words_of
from dateline.statements.quotes import Quote, find_quotes

NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
HONORIFICS = frozenset({"mr.", "mr", "mrs.", "mrs", "ms.", "ms", "dr.", "dr", "sen.", "rep.", "gov.", "gen.", "prof."})
DETERMINERS = frozenset({
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that", "these", "those",
    "some", "many", "several", "two", "three", "four", "other", "another", "one", "most", "few", "both",
})
# Words that cannot be inside a speaker mention: where one starts or ends.
BOUNDARY = frozenset({
    "that", "which", "who", "whom", "whose", "and", "or", "but", "because", "while", "when", "where", "if",
    "as", "since", "after", "before", "than", "to", "in", "on", "at", "with", "by", "from", "about",
    "into", "during", "under", "over", "is", "was", "are", "were", "be", "being", "been", "has", "have",
    "had", "not", "however", "meanwhile", "then", "so", "yet", "although", "though", "also", "there",
    "it", "this", "what", "how", "why", "here", "now", "still", "even", "just", "only", "do", "does", "did",
    "will", "would", "can", "could", "should", "may", "might", "must", "against", "through", "without",
    "instead", "despite", "like", "per", "via", "among", "between", "for", "of", "all",
})
# Capitalised words that start sentences rather than names.
SENTENCE_WORDS = frozenset({
    "but", "and", "so", "yet", "however", "meanwhile", "still", "now", "then", "later", "earlier", "in",
    "on", "at", "last", "this", "that", "after", "before", "while", "when", "if", "as", "also", "today",
    "yesterday", "instead", "indeed", "moreover", "furthermore", "finally", "separately", "asked", "speaking",
})
ADJUNCT_STARTS = frozenset({
    "in", "on", "at", "during", "after", "before", "late", "early", "last", "this", "earlier", "later",
    "yesterday", "today", "tonight", "via", "through", "while", "when", "from", "with", "of",
    "again", "also", "recently", "previously", "repeatedly", "once", "then", "afterward", "afterwards",
    "privately", "publicly", "separately", "flatly", "bluntly", "simply", "only", "even", "further",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "for", "about", "over",
})
ADDRESSEES = frozenset({
    "reporters", "journalists", "the", "press", "him", "her", "them", "me", "us", "you", "lawmakers",
    "supporters", "viewers", "listeners", "readers", "audience", "crowd", "congress", "parliament",
})
RELATIVES = frozenset({"who", "which"})
SUBORDINATORS = frozenset({"though", "although", "while", "when", "if", "as", "because", "after", "before", "since",
                           "whereas", "unless", "once", "despite", "in", "on", "at", "during"})
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "him", "her", "them"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
PASSIVE = frozenset({"been", "being", "was", "were", "is", "are", "be", "get", "got"})
OPEN_MARKS = "“\"«„‘`'"
DASHES = "–—―"
CLOSE_MARKS = "”\"'’»“"
_SENT_END = re.compile(r"[.!?]+(?P<close>[\"”’'»)\]]*)(?P<gap>\s+)")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|Jan|Feb|Mar|"
    r"Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft|Rev|Hon|Gov|Pres|approx|etc|e\.g|i\.e)|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z])$"
)
_TRANSCRIPT = re.compile(r"[ \t]*[\"“]?(?P<name>[A-Z][A-Z.'\- ]{1,40}[A-Z.]):[ \t]+(?P<rest>\S[^\n]*)")
_HEADLINE = re.compile(r"[ \t]*(?P<name>[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3}):[ \t]+(?P<rest>\S[^\n]*)")
_EPIGRAPH = re.compile(r"[ \t\u00a0]*[–—―][ \t\u00a0]*(?P<name>[A-Z][\w.'\-]*(?:[ \t\u00a0]+[A-Z][\w.'\-]*){0,4})")
_PARA = re.compile(r"[^\n]+")
_TRIM = " \t\n\u00a0,;:"


@dataclass(slots=True)
class Mention:
    """A speaker mention: ``start``/``end`` char span, what it is, and the named span it stands for."""

    start: int
    end: int
    kind: str  # "named" | "pronoun" | "description" | "group"
    ref: tuple[int, int] | None = None
    head: str = ""
    person: bool = True


@dataclass(slots=True)
class Found:
    content: tuple[int, int]
    direct: bool
    speaker: Mention | None
    cue: tuple[int, int, str]
    order: int = 0


class _Article:
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
        self.paragraphs = [(m.start(), m.end()) for m in _PARA.finditer(self.text) if m.group().strip()]
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
        return spans

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


# --- speaker mentions ---------------------------------------------------------------------------------
def _name_span(art: _Article, k: int, lo: int) -> tuple[int, int]:
    """The token span of the name around token ``k``: its entity widened over capitalised neighbours."""
    a, b = art.ent_span[k] or (k, k + 1)
    titles = words_of("title") | words_of("role") | words_of("group")
    while a - 1 >= lo and not art.is_punct(a - 1) and art.capitalised(a - 1) and art.lower[a - 1] not in titles \
            and art.ent[a - 1] in ("", "PERSON", art.ent[k]) and art.lower[a - 1] not in BOUNDARY:
        a -= 1
    while b < art.n and art.words[b][:1].isupper() and art.lower[b] not in cue_words() \
            and art.ent[b] in ("", art.ent[k]) and not art.is_punct(b) and art.lower[b] not in titles:
        b += 1
    if a - 1 >= lo and art.lower[a - 1] in HONORIFICS:
        a -= 1
    while b - 1 > a and (art.lower[b - 1] in ("'s", "’s", "'", "’") or art.is_punct(b - 1)):
        b -= 1
    return a, b


def _mention(art: _Article, a: int, b: int, lo: int) -> Mention | None:
    """Classify the token span ``[a, b)`` as a speaker mention."""
    if a >= b or art.in_quote[a] or art.in_quote[b - 1]:
        return None  # a speaker is never inside the quotation
    if b - a == 1 and (art.lower[a] in DETERMINERS or art.ent[a] in ("DATE", "TIME", "CARDINAL", "ORDINAL")
                       or art.lower[a].endswith("ly") or not art.words[a][:1].isalpha()):
        return None
    if all(art.ent[k] in ("DATE", "TIME") for k in range(a, b)):
        return None
    pronouns = words_of("pronoun-m") | words_of("pronoun-f") | words_of("pronoun-p") | words_of("pronoun-x")
    if b - a == 1 and art.lower[a] in pronouns:
        return Mention(art.starts[a], art.ends[a], "pronoun", head=art.lower[a],
                       person=art.lower[a] not in words_of("pronoun-x"))
    head = b - 1
    possessive = any(art.lower[k] in ("'s", "’s") for k in range(a, b))
    persons = [k for k in range(a, b) if art.ent[k] == "PERSON"]
    if art.ent[head] in NAMED_LABELS or (art.capitalised(head) and art.lower[head] not in words_of("role")
                                          and art.lower[head] not in words_of("group")):
        if art.ent[head] == "PERSON" or (not art.ent[head] and art.capitalised(head)):
            na, nb = _name_span(art, head, a)
            if not possessive:
                return Mention(art.starts[na], art.ends[nb - 1], "named", (art.starts[na], art.ends[nb - 1]),
                               art.lower[head], person=True)
        span = art.ent_span[head] or (head, head + 1)
        person = art.ent[head] == "PERSON" or (span[1] - span[0] == 1 and art.lower[head] in art.surnames)
        mention_start = a if not persons or possessive else span[0]
        return Mention(art.starts[mention_start], art.ends[b - 1], "named" if not possessive else "group",
                       (art.starts[span[0]], art.ends[span[1] - 1]) if not possessive else None,
                       art.lower[head], person=person)
    # a common noun phrase: a description of a person, or a group / institution
    named = [k for k in range(a, b) if art.ent[k] in ORG_LABELS or (art.ent[k] == "PERSON" and not possessive)]
    ref = None
    if named:
        e = art.ent_span[named[-1]] or (named[-1], named[-1] + 1)
        ref = (art.starts[e[0]], art.ends[e[1] - 1])
    if persons and not possessive:
        na, nb = _name_span(art, persons[-1], a)
        return Mention(art.starts[na], art.ends[nb - 1], "named", (art.starts[na], art.ends[nb - 1]),
                       art.lower[nb - 1], person=True)
    h = art.lower[head]
    kind = "description" if h in words_of("role") and art.lower[a] in DETERMINERS | {"the"} else "group"
    if h in words_of("group") or h.endswith("s") and h not in words_of("role"):
        kind = "group"
    return Mention(art.starts[a], art.ends[b - 1], kind, ref, h, person=kind == "description")


def _np_left(art: _Article, end: int, lo: int) -> tuple[int, int] | None:
    """The noun phrase ending just before token ``end`` (exclusive), not reaching before ``lo``."""
    j = end - 1
    if j < lo or art.is_punct(j) and art.lower[j] not in ("'s", "’s"):
        return None
    if art.lower[j] in BOUNDARY - {"it"} or art.lower[j] in cue_words():
        return None
    if art.lower[j] in PRONOUNS:
        return j, j + 1
    a = j
    if art.ent_span[j]:
        a = max(lo, art.ent_span[j][0])
    named = bool(art.ent[j]) or art.capitalised(j)
    count = 0
    while a - 1 >= lo and count < 8:
        p = a - 1
        w = art.lower[p]
        if w in ("'s", "’s"):
            a = p
            continue
        if art.is_punct(p):
            break
        if w in DETERMINERS and w != "that":
            a = p
            break
        if w in ("of", "for") and p - 1 >= lo and not art.is_punct(p - 1) and art.lower[p - 1] not in BOUNDARY \
                and art.lower[p - 1] not in cue_words():
            a = p - 1
            named = False
            count += 2
            continue
        if w in BOUNDARY or w in cue_words() or w in words_of("skip"):
            break
        if named and not (art.capitalised(p) or w in words_of("title") or w in words_of("role")
                          or w in words_of("group") or art.ent[p] or w in HONORIFICS):
            break
        if art.words[p][:1].isupper() and w in SENTENCE_WORDS:
            break
        a = max(lo, art.ent_span[p][0]) if art.ent_span[p] else p
        count += 1
    return a, j + 1


def _skip_back(art: _Article, k: int, lo: int) -> int:
    """Step left over adverbs, auxiliaries and dates between a speaker and its cue ("Peskov on Friday said")."""
    skip = words_of("skip")
    while k - 1 >= lo:
        w = art.lower[k - 1]
        if w in skip:
            k -= 1
        elif w in ("--", "—", "–") and k - 2 >= lo:
            depth = k - 2
            while depth >= lo and art.words[depth] != w and k - depth <= 40:
                depth -= 1
            if depth < lo or art.words[depth] != w:
                break
            k = depth  # "John Dickey -- the chief executive of Ora -- told me"
        elif w == ")":
            depth = k - 1
            while depth >= lo and art.words[depth] != "(":
                depth -= 1
            if depth < lo or k - 1 - depth > 8:
                break
            k = depth
        elif art.ent[k - 1] in ("DATE", "TIME"):
            a = art.ent_span[k - 1][0] if art.ent_span[k - 1] else k - 1
            k = max(lo, a)
            if k - 1 >= lo and art.lower[k - 1] in ("on", "in", "at", "last", "this", "earlier", "late"):
                k -= 1
        else:
            break
    return k


def _speaker_left(art: _Article, cue_tok: int, lo: int) -> tuple[Mention, int] | None:
    """The subject of a cue: ``(mention, first token of the whole subject phrase)``."""
    k = _skip_back(art, cue_tok, lo)
    if k - 1 < lo:
        return None
    w = art.lower[k - 1]
    if w in RELATIVES:
        k2 = k - 1
        if k2 - 1 >= lo and art.words[k2 - 1] == ",":
            k2 -= 1
        np = _np_left(art, k2, lo)
        if np is None:
            return None
        m = _mention(art, *np, lo)
        return (m, np[0]) if m else None
    if art.words[k - 1] == ",":
        # an appositive: "Dmitri S. Peskov, a Kremlin spokesman, said"
        c1 = k - 1
        for c2 in range(c1 - 1, max(lo, c1 - 22) - 1, -1):
            if art.words[c2] in (".", ";", ":", "!", "?") or art.lower[c2] in cue_words():
                return None
            if art.words[c2] == ",":
                if c2 + 1 >= c1:
                    return None
                inner = _mention(art, c2 + 1, c1, c2 + 1)
                np = _np_left(art, c2, lo)
                m = _mention(art, *np, lo) if np is not None else None
                if m is not None and m.kind == "named":
                    return m, np[0]
                if inner is not None and inner.kind == "named" and inner.person and c1 - c2 <= 6:
                    return inner, np[0] if np is not None else c2 + 1  # "The state's chairman, Phil Lovas, said"
                return None
        return None
    np = _np_left(art, k, lo)
    if np is None:
        return None
    m = _mention(art, *np, lo)
    return (m, np[0]) if m else None


def _np_right(art: _Article, start: int, hi: int) -> tuple[int, int] | None:
    """The noun phrase starting at token ``start``: an inverted speaker or the object of "according to"."""
    b = start
    while b < hi and b - start < 12:
        w = art.lower[b]
        if art.is_punct(b) and w not in ("'s", "’s"):
            break
        if b > start and art.ent_span[b - 1] and art.ent_span[b - 1][1] == b and not art.ent[b] \
                and art.ent[b - 1] in ("PERSON", "ORG", "GPE", "FAC") and w not in ("of", "for", "'s", "’s") \
                and not art.words[b][:1].isupper() and w not in words_of("role") and w not in words_of("group"):
            break  # a name ends the phrase: "according to the United Nations an illegal occupation"
        if w in ("of", "for", "from", "at", "with") and b > start:
            b += 1
            continue
        if w in BOUNDARY - {"the", "it"} or (w in cue_words() and b > start):
            break
        if art.ent[b] in ("DATE", "TIME") and b > start:
            break
        b += 1
    while b > start and art.lower[b - 1] in ("of", "for", "from", "at", "with", "the", "a"):
        b -= 1
    return (start, b) if b > start else None


# --- cues ---------------------------------------------------------------------------------------------
def _find_cues(art: _Article) -> list[tuple[int, int, Cue]]:
    """Cue occurrences outside quotations, as token spans."""
    table = cue_table()
    found = []
    k = 0
    while k < art.n:
        options = table.get(art.lower[k])
        if options and not art.in_quote[k]:
            for cue in options:
                n = len(cue.words)
                if tuple(art.lower[k : k + n]) == cue.words:
                    found.append((k, k + n, cue))
                    k += n - 1
                    break
        k += 1
    return found


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink ``[a, b)`` over spaces and clause punctuation (a leading "that" too)."""
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM + ".":
        b -= 1
    if text[a : a + 5].lower() == "that " and b - a > 5:
        a += 5
    return a, b


def _quote_ending_before(art: _Article, char: int, lo: int) -> Quote | None:
    """A quotation closing just before ``char`` with only punctuation or a dash between."""
    k = bisect.bisect_right(art.q_starts, char) - 1
    while k >= 0:
        q = art.quotes[k]
        if q.outer_end <= char:
            gap = art.text[q.outer_end : char]
            inner = art.text[q.start : q.end].rstrip()
            closed = inner.endswith((".", "…", ";")) and "," not in gap
            if q.outer_end >= lo - 1 and all(ch in " \t\u00a0,.;:!?" + DASHES for ch in gap) and not closed:
                return q
            return None
        k -= 1
    return None


def _quote_starting_at(art: _Article, char: int) -> Quote | None:
    k = bisect.bisect_left(art.q_starts, char)
    if k < len(art.quotes):
        q = art.quotes[k]
        gap = art.text[char : q.outer_start]
        if all(ch in " \t\u00a0,:" for ch in gap) and "\n" not in gap:
            return q
    return None


def _forward_start(art: _Article, e: int, hi: int, cue: Cue) -> tuple[int, bool]:
    """First token of content after a cue ending at token ``e``; the flag says "that", a colon or a quote was seen.

    Adjuncts ("in a statement on Friday") and, for verbs like "told", the addressee are stepped over when a
    clause marker follows them; an adjunct running to the sentence end means there is no content after.
    """
    f = e
    while f < hi and art.ent[f] in ("DATE", "TIME"):
        f += 1
    marker = None
    for k in range(f, min(hi, f + 12)):
        w = art.words[k]
        if art.lower[k] == "that" or w in (":", ",") or w[:1] in OPEN_MARKS:
            marker = k
            break
        if art.lower[k] in cue_words() or w in (".", ";", "?", "!"):
            break
    addressee = cue.kind == "object" and f < hi and (
        art.lower[f] in ADDRESSEES or art.ent[f] in ("PERSON", "ORG", "NORP", "GPE") or art.words[f][:1].isupper())
    if marker is not None and cue.kind == "object" and art.lower[marker] in ("that", ":"):
        f = marker  # "told an invited crowd at the club that ..."
    elif f < hi and (art.lower[f] in ADJUNCT_STARTS or addressee):
        if marker is None:
            if addressee:
                g = f
                while g < hi and (art.lower[g] in ADDRESSEES or art.ent[g] in ("PERSON", "ORG", "NORP", "GPE")):
                    g += 1
                if g < hi and art.lower[g] in ("'s", "’s"):
                    return f, False  # "questioned Cruz's eligibility": a possessor, not an addressee
                return g, False
            return hi, False  # "said in a recent interview." : nothing after the cue
        f = marker
    clause = False
    while f < hi and (art.lower[f] == "that" or art.words[f] in (":", ",")):
        clause = clause or art.words[f] != ","
        f += 1
    return f, clause


def _content_end(art: _Article, f_char: int, s_end: int) -> int:
    """End of a reported clause: the sentence end, pushed past any quotation that opened inside it, or the
    start of a coordinated cue of the same subject ("called it a “unique nation” and stated that ...")."""
    end = s_end
    for k in range(art.tok_at(f_char) + 1, art.tok_at(s_end) - 1):
        if art.lower[k] in ("and", "but") and not art.in_quote[k] and _new_attribution(art, k + 1):
            end = art.starts[k]
            break
    k = bisect.bisect_left(art.q_starts, f_char)
    while k < len(art.quotes) and art.quotes[k].outer_start < end:
        end = max(end, art.quotes[k].outer_end)
        k += 1
    return end


def _new_attribution(art: _Article, k: int) -> bool:
    """Tokens from ``k`` open another attribution: a cue ("and stated that"), or a short subject and a
    cue (", but he said that", "and Mr. Price added")."""
    for j in range(k, min(art.n, k + 5)):
        if art.lower[j] in strong_cue_words():
            return True
        if not (art.lower[j] in SUBJECT_PRONOUNS or art.capitalised(j) or art.lower[j] in words_of("skip")
                or art.lower[j] in HONORIFICS):
            return False
    return False


def _main_subject(art: _Article, lo: int, before: int) -> Mention | None:
    """The subject a participle cue ("..., saying ...") hangs on: the first mention of its sentence."""
    k = lo
    if art.lower[k] in SUBORDINATORS:
        commas = [i for i in range(lo, before) if art.words[i] == ","]
        if commas:
            k = commas[0] + 1
    while k < before and (art.is_punct(k) or art.lower[k] in SENTENCE_WORDS | DETERMINERS and not art.ent[k]):
        k += 1
    if k >= before:
        return None
    b = k + 1
    if art.ent_span[k]:
        b = art.ent_span[k][1]
    while b < before and not art.is_punct(b) and art.lower[b] not in BOUNDARY and art.lower[b] not in cue_words() \
            and b - k < 6:
        b += 1
    return _mention(art, k, min(b, before), lo)


def _too_short(text: str, span: tuple[int, int], words: int = 2) -> bool:
    """Reported content of fewer words than this is an adverb or a date misread as a clause ("on Thursday")."""
    inner = text[span[0] : span[1]]
    return len(inner) < 3 or (len(inner.split()) < words and not any(ch in OPEN_MARKS for ch in inner))


def _title_words(quoted: str) -> bool:
    """Quoted words that are all capitalised: a title ("American Skin"), not words someone said."""
    words = [w for w in quoted.split() if w[:1].isalpha()]
    return bool(words) and all(w[:1].isupper() for w in words)


def _block_after_colon(art: _Article, char: int) -> tuple[int, int] | None:
    """The quotation opening the paragraph after a cue that ends its paragraph with a colon; an unclosed block
    quote (a mark at the start, none at the end) runs to its paragraph's end."""
    colon = art.text.find(":", char, char + 8)
    line_end = art.text.find("\n", colon)
    if colon < 0 or line_end < 0 or art.text[colon + 1 : line_end].strip():
        return None
    k = bisect.bisect_right(art.p_starts, colon)
    if k >= len(art.paragraphs):
        return None
    p_start, p_end = art.paragraphs[k]
    lead = p_start + len(art.text[p_start:p_end]) - len(art.text[p_start:p_end].lstrip())
    if art.text[lead : lead + 1] not in OPEN_MARKS:
        return None
    q = art.quote_covering(lead)
    if q is not None and q.outer_start == lead:
        return q.start, q.end
    a, b = _trim(art.text, lead + 1, p_end)
    while b > a and art.text[b - 1] in CLOSE_MARKS:
        b -= 1
    return (a, b) if b - a >= 3 else None


def _title_case(art: _Article, lo: int, hi: int) -> bool:
    """A headline in title case ("Obama Says Museum Will Tell ..."), where a capitalised cue is still a cue."""
    words = [k for k in range(lo, hi) if art.words[k].isalpha() and len(art.words[k]) > 3]
    return len(words) >= 3 and sum(art.words[k][:1].isupper() for k in words) >= 0.8 * len(words)


def _quote_before_cue(art: _Article, c_start: int, lo: int) -> tuple[Quote, int] | None:
    """A quotation followed, in the same sentence, by a speaker phrase and then the cue:
    "“...,” Scott Pruitt, the attorney general of Oklahoma, said". Returns the quote and the speaker's token."""
    k = bisect.bisect_right(art.q_starts, art.starts[c_start]) - 1
    if k < 0:
        return None
    q = art.quotes[k]
    if q.outer_end > art.starts[c_start] or _title_words(art.text[q.start : q.end]):
        return None
    between = art.text[q.outer_end : art.starts[c_start]]
    if len(between) > 250 or re.search(r"[!?;“”\"\n]", between):
        return None
    inner_end = art.text[q.start : q.end].rstrip()
    if not (inner_end.endswith((",", "?", "!", "—", "–")) or between.lstrip().startswith(",")):
        return None
    cue_sentence = art.sentence_of(art.starts[c_start])
    if art.sentence_of(q.end - 1) != cue_sentence and art.sentence_of(q.outer_end + 1) != cue_sentence:
        return None
    t = art.tok_at(q.outer_end)
    while t < c_start and art.is_punct(t):
        t += 1
    if t >= c_start or any(art.lower[i] in strong_cue_words() for i in range(t, c_start)):
        return None
    return q, t


def _attribute(art: _Article, c_start: int, c_end: int, cue: Cue, order: int,
               sentence_speakers: dict[int, Mention]) -> Found | None:
    """Speaker and content for one cue occurrence."""
    text = art.text
    cue_a, cue_b = art.starts[c_start], art.ends[c_end - 1]
    s_start, s_end = art.sentence_of(cue_a)
    q_around = art.quote_covering(s_start)
    lo = art.tok_at(s_start)
    hi = art.tok_at(s_end)
    cue_info = (cue_a, cue_b, text[cue_a:cue_b])
    if art.words[c_start][:1].isupper() and c_start != lo and art.words[c_start - 1] not in ("“", '"', "‘") \
            and not _title_case(art, lo, hi):
        return None  # "State Department", "the United States": a capitalised cue word inside a name
    if c_start - 1 >= lo and cue.kind != "source" and (
            art.lower[c_start - 1] in ("'s", "’s", "the", "a", "an", "his", "her", "its", "their", "our", "this")):
        return None  # "Trump's tweet", "the claims": a noun, not a cue verb
    if c_end < hi and art.lower[c_end] == "by" and cue.kind != "source":
        return None  # "a view echoed by everyone": passive, the speaker is the agent after "by"
    if cue.kind == "object" and c_start - 1 >= lo and art.lower[c_start - 1] in PASSIVE:
        return None  # "I have been told that": the subject is the addressee, not the speaker

    if cue.kind == "source":
        np = _np_right(art, c_end, hi)
        if np is None:
            return None
        speaker = _mention(art, *np, lo)
        np_end_char = art.ends[np[1] - 1]
        after = _trim(text, np_end_char, s_end)
        before_start = s_start if q_around is None else q_around.outer_start
        before = _trim(text, before_start, cue_a)
        content = after if after[1] - after[0] >= before[1] - before[0] else before
        if _too_short(text, content):
            return None
        q = art.quote_covering(content[0])
        direct = q is not None and q.start <= content[0] + 1 and q.end >= content[1] - 1
        return Found(content, direct, speaker, cue_info, order)

    participle = art.lower[c_start].endswith("ing") and len(cue.words) == 1 and not (
        c_start - 1 >= lo and art.lower[c_start - 1] in PASSIVE | {"am", "'s", "’s", "'re", "’re", "not"})
    k_conj = _skip_back(art, c_start, lo)
    if k_conj - 1 >= lo and art.lower[k_conj - 1] in ("and", "but") and k_conj - 1 > lo:
        participle = True  # "Trump is telling a veterans group ... and says he will": the clause's subject
    left = None if participle else _speaker_left(art, c_start, lo)
    subject_start = left[1] if left is not None else c_start
    before_subject = art.starts[subject_start] if subject_start < art.n else cue_a
    prev_tok = subject_start - 1
    after_comma = prev_tok >= lo and art.words[prev_tok] in (",", "—", "–", "―") or (
        prev_tok >= 0 and art.words[prev_tok] in CLOSE_MARKS)
    speaker = left[0] if left is not None else None
    q_before = None if participle else _quote_ending_before(art, before_subject, s_start)
    after_cue = c_end
    opening = left is None and c_start == lo  # "Said Ellis: “...”"
    if left is None and not participle:
        np = _np_right(art, c_end, hi)
        if np is not None and (after_comma or q_before is not None or opening):
            speaker = _mention(art, *np, lo)
            after_cue = np[1]
    if participle:
        speaker = sentence_speakers.get(s_start) or _main_subject(art, lo, c_start - 1)
    if q_before is None and not participle:
        qb = _quote_before_cue(art, c_start, lo)
        if qb is not None:
            np = _np_right(art, qb[1], c_start)
            m = _mention(art, *np, qb[1]) if np is not None else None
            k = _skip_back(art, c_start, lo)
            # the speaker phrase must reach the cue, or only an appositive between commas may separate
            # them: "a clear reference to the regions that Mr. Putin announced" is not a speaker
            adjacent = np is not None and (np[1] >= k or art.words[np[1]] == "," and art.words[k - 1] == ",")
            if m is not None and adjacent:
                return Found((qb[0].start, qb[0].end), True, m, cue_info, order)
    if speaker is None:
        return None
    # 1. a quotation right before the subject (or the cue): "“...,” he said" / "“...,” said Mr. Kirby"
    if q_before is not None:
        return Found((q_before.start, q_before.end), True, speaker, cue_info, order)
    # 2. content after the cue: "Peskov said that ...", "X tweets: “...”"
    what = left is not None and prev_tok >= lo and art.lower[prev_tok] in ("what", "whatever")
    f, clause = _forward_start(art, after_cue, hi, cue)
    rest = [k for k in range(f, hi) if not art.is_punct(k) or text[art.starts[k]] in OPEN_MARKS]
    if rest and after_cue > c_end and all(art.lower[k] in ADJUNCT_STARTS or art.ent[k] or not art.words[k][:1].isupper()
                                          for k in rest[:1]) and not clause:
        rest = []  # "..., said Mr. Kirby in an interview."
    if rest and (left is not None or participle or (opening and speaker is not None)):
        f = rest[0]
        f_char = art.starts[f]
        q = _quote_starting_at(art, f_char) if text[f_char] in OPEN_MARKS else None
        if q is not None:
            tail = _trim(text, q.outer_end, s_end)
            whole = tail[1] <= tail[0] or (q.words(text) >= 4 and not _title_words(text[q.start : q.end])) \
                or q.outer_end >= s_end
            if whole and (cue.strong or clause or q.words(text) >= 3):
                return Found((q.start, q.end), True, speaker, cue_info, order)
            clause = True
        end = _content_end(art, f_char, s_end)
        fragment = any(f_char <= q.outer_start < end and not _title_words(text[q.start : q.end])
                       for q in art.quotes[bisect.bisect_left(art.q_starts, f_char):][:3])
        if not cue.strong and not clause and art.lower[f] not in SUBJECT_PRONOUNS and not fragment:
            return None  # a weak cue needs "that", a colon, a quoted fragment or a clause subject
        if what and not fragment:
            return None  # "citing what he said was the need ...": the content is "what", not a clause
        content = _trim(text, f_char, end)
        if _too_short(text, content):
            return None
        if after_comma and left is not None and text[cue_b : cue_b + 1] == ",":
            # parenthetical "Climate change, Mr. Obama says, is ...": keep the longer side
            before = _trim(text, s_start, before_subject)
            if before[1] - before[0] > content[1] - content[0]:
                content = before
        return Found(content, False, speaker, cue_info, order)
    if not rest and left is not None and text[cue_b : cue_b + 8].lstrip(" \t").startswith(":"):
        block = _block_after_colon(art, art.ends[c_end - 1])
        if block is not None:
            return Found(block, True, speaker, cue_info, order)  # "He said:" then a quoted paragraph
    if rest or not after_comma:
        return None
    # 3. content before the subject: "..., Peskov said." / "..., said Mr. Kirby." / a dash quote
    start = s_start
    if q_around is not None and q_around.outer_start < s_start:
        start = q_around.outer_start
    p_start, p_end = art.paragraph_of(cue_a)
    lead = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
    dash = text[lead : lead + 1] in tuple(DASHES) + ("-",) and text[lead + 1 : lead + 2].isspace()
    if dash:
        start = lead + 1  # a dash quote runs from the dash to its attribution, over sentence breaks
    content = _trim(text, start, before_subject)
    if _too_short(text, content, 3):
        return None
    return Found(content, dash, speaker, cue_info, order)


def _transcripts(art: _Article) -> list[Found]:
    """Interview transcripts: a paragraph opening with a speaker's name in capitals and a colon."""
    out = []
    matches = [_TRANSCRIPT.match(art.text, a, b) for a, b in art.paragraphs]
    names = [m.group("name") for m in matches if m is not None]
    for (_p_start, p_end), m in zip(art.paragraphs, matches, strict=True):
        if m is None or len(m.group("name").split()) > 4 or m.group("name").count(".") > 2:
            continue
        if names.count(m.group("name")) < 2:
            continue  # a transcript repeats its speakers; a lone "CLARIFICATION:" is a label
        a, b = _trim(art.text, m.start("rest"), p_end)
        while b > a and art.text[b - 1] in "\"”":
            b -= 1
        if b - a < 3:
            continue
        colon = m.end("name")
        speaker = Mention(m.start("name"), m.end("name"), "named", (m.start("name"), m.end("name")),
                          m.group("name").lower(), True)
        out.append(Found((a, b), True, speaker, (colon, colon + 1, ":"), -1))
    return out


def _headline(art: _Article) -> list[Found]:
    """A headline that gives a source and what it says: "Poll: Clinton and Trump in dead heat",
    "Sanders: Clinton needs to ...". Only the article's first paragraph, and only a name or a source noun."""
    if not art.paragraphs:
        return []
    p_start, p_end = art.paragraphs[0]
    m = _HEADLINE.match(art.text, p_start, p_end)
    if m is None or p_end - p_start > 200:
        return []
    a, b = art.tok_at(m.start("name")), art.tok_at(m.end("name"))
    named = any(art.ent[k] in ("PERSON", "ORG", "GPE", "NORP") for k in range(a, b))
    if not named and art.lower[b - 1] not in clauses.source_nouns():
        return []
    content = _trim(art.text, m.start("rest"), p_end)
    if len(art.text[content[0] : content[1]].split()) < 3:
        return []
    speaker = _mention(art, a, b, a) or Mention(m.start("name"), m.end("name"), "group", None, art.lower[b - 1], False)
    colon = m.end("name")
    q = art.quote_covering(content[0])
    direct = q is not None and q.start <= content[0] + 1 and q.end >= content[1] - 1
    return [Found(content, direct, speaker, (colon, colon + 1, ":"), -1)]


def _epigraph(art: _Article, q: Quote) -> Found | None:
    """A quotation signed with a dash: "“...” ― Sonya Herridge"."""
    m = _EPIGRAPH.match(art.text, q.outer_end)
    if m is None:
        return None
    name = (m.start("name"), m.end("name"))
    dash_at = next(i for i in range(m.start(), m.end()) if art.text[i] in DASHES)
    a, b = art.tok_at(name[0]), art.tok_at(name[1])
    speaker = _mention(art, a, b, a) if b > a else None
    if speaker is None:
        speaker = Mention(name[0], name[1], "named", name, "", True)
    return Found((q.start, q.end), True, speaker, (dash_at, dash_at + 1, art.text[dash_at]), 0)


def extract(art: _Article) -> list[Found]:
    """All statements of an article, unresolved (see ``resolve``)."""
    found: list[Found] = _transcripts(art)
    found += [h for h in _headline(art) if h.content not in {f.content for f in found}]
    seen = {f.content for f in found}
    sentence_speakers: dict[int, Mention] = {}  # the first speaker of each sentence, for "..., adding that"
    for order, (a, b, cue) in enumerate(_find_cues(art)):
        f = _attribute(art, a, b, cue, order, sentence_speakers)
        if f is None or f.speaker is None:
            continue
        sentence_speakers.setdefault(art.sentence_of(art.starts[a])[0], f.speaker)
        if f.content in seen:
            continue
        found.append(f)
        seen.add(f.content)
    # quotations no cue claimed: continuations of a speaker's quote, or signed with a dash
    found.sort(key=lambda f: f.content[0])
    # quotations are disjoint, so only the contents claimed so far can overlap one: prefix maxima of their
    # ends, in start order, answer "does anything claimed overlap [a, b)?" with one bisection
    claimed = sorted(seen)
    claimed_starts = [c[0] for c in claimed]
    reach = list(itertools.accumulate((c[1] for c in claimed), max))
    # a quotation carries on the last speaker: of a quote in its paragraph, or of any statement in the
    # paragraph before when the quotation is a paragraph of its own
    direct_found = sorted((f for f in found if f.speaker is not None), key=lambda f: f.content[1])
    pointer, last = 0, None
    extra: list[Found] = []
    for q in art.quotes:
        span = (q.start, q.end)
        k = bisect.bisect_left(claimed_starts, q.end)
        if k and reach[k - 1] > q.start:
            continue
        epi = _epigraph(art, q)
        if epi is not None:
            extra.append(epi)
            continue
        if q.words(art.text) < 4 and not art.text[q.start:q.end].rstrip().endswith((".", "?", "!", ",")):
            continue  # scare quotes and titles
        if _title_words(art.text[q.start : q.end]):
            continue  # "on CNN's “State of the Union.”"
        lead = art.text[max(0, q.outer_start - 40) : q.outer_start].rstrip(" \t\u00a0")
        if lead and lead[-1] not in ".!?:,\n" + CLOSE_MARKS:
            continue  # mid-clause: a fragment of the writer's sentence, not a continuation of a quote
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
            extra.append(Found(span, True, last.speaker, last.cue, 0))
    found.extend(extra)
    _cut_at_attributions(art, found)
    found.sort(key=lambda f: (f.content[0], f.order))
    return found


def _cut_at_attributions(art: _Article, found: list[Found]) -> None:
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
            cut = _trim(art.text, a, marks[k])
            if cut[1] - cut[0] >= 3:
                f.content = cut


# --- resolution of pronouns and descriptions ----------------------------------------------------------
def _has_role(text: str, name: tuple[int, int], role: str) -> bool:
    """The role word is a title before the name ("Chancellor of Germany Olaf Scholz") or in its appositive
    ("Olaf Scholz, the German chancellor,")."""
    word = re.escape(role)
    before = text[max(0, name[0] - 60) : name[0]]
    if re.search(rf"(?i:\b{word})(?:\s+(?:of|the|[A-Z][\w.'’-]*))*\s*$", before):
        return True
    return re.match(rf"\s*,\s*(?:[\w'’-]+\s+){{0,5}}?(?i:{word})\b", text[name[1] : name[1] + 80]) is not None


def resolve(art: _Article, found: list[Found]) -> None:
    """Point each pronoun or description speaker at the nearest compatible earlier named speaker or person."""
    text = art.text
    persons = art.person_spans
    female = words_of("pronoun-f")
    male = words_of("pronoun-m")
    paragraph_starts = [m.start() for m in _PARA.finditer(text)]
    speakers: list[tuple[int, Mention]] = []  # (position, resolved named mention) of earlier statements
    for f in sorted(found, key=lambda f: f.speaker.start if f.speaker else f.content[0]):
        m = f.speaker
        if m is None:
            continue
        pos = m.start
        if m.kind == "named":
            speakers.append((pos, m))
            continue
        if m.kind == "pronoun" and m.person and m.head not in ("they", "we"):
            k = bisect.bisect_right(paragraph_starts, pos) - 1
            window = paragraph_starts[max(0, k - 2)] if paragraph_starts else 0
            gender_clash = {"mr.", "mr"} if m.head in female else {"mrs.", "mrs", "ms.", "ms"} if m.head in male else set()
            cand = [s for p, s in speakers if s.person and s.ref and p >= window and p < pos
                    and text[s.start : s.end].split()[0].lower() not in gender_clash]
            if cand:
                m.ref = cand[-1].ref
            else:
                earlier = [p for p in persons if p[1] <= pos and text[max(0, p[0] - 5):p[0]].strip().lower()
                           not in gender_clash]
                m.ref = earlier[-1] if earlier else None
        elif m.kind == "pronoun" and m.head in ("they", "we", "it"):
            cand = [s for p, s in speakers if p < pos and (not s.person or s.kind == "group")]
            m.ref = cand[-1].ref if cand else None
        elif m.kind == "description" and m.ref is None:
            matching = [p for p in art.name_spans if p[1] <= pos and _has_role(text, p, m.head)]
            if matching:
                m.ref = matching[-1]
            else:
                cand = [s for p, s in speakers if s.person and s.ref and p < pos]
                m.ref = cand[-1].ref if cand else None
        elif m.kind == "group" and m.ref is None:
            continue
        if m.ref is not None:
            speakers.append((pos, Mention(m.start, m.end, "named", m.ref, m.head, m.person)))


def _speech_cue(text: str) -> bool:
    """A cue of the token rules that is a plain verb of saying ("said", "told"), not an act ("called for",
    "criticized") or an attitude ("believes"), which the parse reads better."""
    words = tuple(text.lower().split())
    return any(c.speech for c in cue_table().get(words[0], ()) if c.words == words) if words else True


def _trigger(art: _Article, k: int) -> bool:
    """Token ``k`` may be a predicate worth a parse: its word and its tag agree (a verb form tagged as a
    verb, a stance adjective as an adjective, a noun predicate as a noun). The tagger is nearly free;
    the parser is not, so this keeps it to the few sentences that need it."""
    word = art.lower[k]
    if art.in_quote[k]:
        return False
    tag = art.tags[k]
    if word in clauses.forms() and (tag in clauses.VERB_TAGS or tag == "JJ" and word in clauses.stance_words()):
        return True
    return word in clauses.noun_forms() and tag in ("NN", "NNS")


def clause_statements(art: _Article, found: list[Found]) -> list[Found]:
    """Beliefs, intentions, judgements and evidence attributed to a source, from a parse of only the
    sentences that hold such a predicate (see ``clauses``).

    A cue the token rules already used keeps their reading, unless it is not a verb of saying and the
    parse puts its content elsewhere ("questioned the health of Trump, who is 70": the object, not the
    relative clause); then the parse's reading replaces it.
    """
    by_cue = {f.cue[0]: f for f in found}
    fixed = {k for k, f in by_cue.items() if f.direct or _speech_cue(f.cue[2])}
    spans = []
    for s_start, s_end in art.sentences:
        a, b = art.tok_at(s_start), art.tok_at(s_end)
        if any(_trigger(art, k) and art.starts[k] not in fixed for k in range(a, b)):
            spans.append((a, b))
    out: list[Found] = []
    claimed = {f.content for f in found}

    def is_cue(k: int) -> bool:
        return not art.in_quote[k] and art.starts[k] not in fixed

    for offset, tokens in clauses.parse_spans(art.doc, spans, art.tags):
        lo = offset + tokens[0].i if len(tokens) else offset
        for cue, subj, c_start, c_end in clauses.attributions(tokens, offset, is_cue, lambda k: art.ent[k]):
            content = _trim(art.text, art.starts[offset + c_start], art.ends[offset + c_end - 1])
            if content[1] - content[0] < 2 or content in claimed:
                continue
            k = offset + cue.i
            earlier = by_cue.get(art.starts[k])  # an act or attitude cue the rules read: the parse reads better
            a, b = offset + subj.left_edge.i, offset + subj.i + 1
            of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > subj.i and
                       any(g.dep_ == "pobj" and g.tag_.startswith("NN") for g in c.children)), None)
            if of is not None:
                b = offset + of.right_edge.i + 1  # "a number of tax experts", "one of his aides"
            while a < b and (art.is_punct(a) or art.in_quote[a]):
                a += 1
            speaker = _mention(art, a, b, lo) if a < b else None
            if speaker is None:
                speaker = Mention(art.starts[b - 1], art.ends[b - 1], "group", None, art.lower[b - 1], False)
            q = art.quote_covering(content[0])
            direct = q is not None and q.start <= content[0] + 1 and q.end >= content[1] - 1
            if earlier is not None:
                earlier.content, earlier.speaker, earlier.direct = content, speaker, direct
            else:
                out.append(Found(content, direct, speaker, (art.starts[k], art.ends[k], art.words[k]), 1000 + k))
            claimed.add(content)
    return out


def _overlap_share(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Overlap of two spans as a share of the shorter."""
    shorter = min(a[1] - a[0], b[1] - b[0])
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / shorter if shorter > 0 else 0.0


SPEAKER_HEAD_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP", "CD"})
VERB_TAGS = frozenset({"VB", "VBD", "VBP", "VBZ", "MD"})


def plausible_speaker(art: _Article, m: Mention) -> Mention | None:
    """The speaker mention if it can say or hold something, trimmed of trailing adverbs and participles
    ("his aides increasingly", "a Quinnipiac poll released"); ``None`` for a phrase the rules cut badly:
    a modifier without its noun ("a clear", "an hourlong"), a clause ("Scott beamed", "It goes"), a cue
    word ("According"), a date ("Friday")."""
    if m.kind == "pronoun":
        return m
    tags = art.tags
    a, b = art.tok_at(m.start), art.tok_at(m.end)
    while b > a and (art.is_punct(b - 1) or tags[b - 1] in ("RB", "RBR", "POS", "VBN", "VBG")
                     and not art.ent[b - 1] or art.lower[b - 1] in ("'s", "’s")):
        b -= 1
    if b <= a:
        return None
    named = {k for k in range(a, b) if art.ent[k] in NAMED_LABELS}
    if not named and art.ent[a] in ("DATE", "TIME"):
        return None  # "mid-November interview", "Friday for releasing the videos"
    if any(tags[k] in VERB_TAGS and k not in named for k in range(a, b)):
        return None
    head = next((k - 1 for k in range(a + 1, b) if art.lower[k] == "of"), b - 1)  # "mother of three"
    if tags[head] in ("CD", "DT", "JJ", "JJS"):
        head = b - 1  # "one of the advisers", "eight of 10 voters"
    word = art.lower[head]
    if word in ("according", "accordingly") or art.ent[head] in ("DATE", "TIME"):
        return None
    ok = head in named or tags[head] in SPEAKER_HEAD_TAGS - {"CD"} or word in clauses.source_nouns() or (
        tags[head] == "CD" and b < art.n and art.lower[b] in ("percent", "%"))
    if not ok:
        return None
    m.end = art.ends[b - 1]
    return m


def _with_plausible_speakers(art: _Article, found: list[Found]) -> list[Found]:
    """The statements whose speaker passes ``plausible_speaker`` (trimmed)."""
    out = []
    for f in found:
        if f.speaker is not None:
            f.speaker = plausible_speaker(art, f.speaker)
            if f.speaker is not None:
                out.append(f)
    return out


def find(doc: Doc) -> list[StatementMatch]:
    """The public entry point's body: extract, resolve, convert to records."""
    art = _Article(doc)
    found = _with_plausible_speakers(art, extract(art))
    # a cue whose speaker the rules cut badly is left to the parse ("Cruz has long said that ...")
    found += _with_plausible_speakers(art, clause_statements(art, found))
    resolve(art, found)
    text = doc.text
    out: list[StatementMatch] = []
    seen = set()
    for f in found:
        a, b = f.content
        if b <= a or (a, b) in seen:
            continue
        seen.add((a, b))
        m = f.speaker
        out.append(StatementMatch(
            text=text[a:b], char_start=a, char_end=b, direct=f.direct,
            speaker_text=text[m.start:m.end] if m else "",
            speaker_start=m.start if m else None, speaker_end=m.end if m else None,
            cue=f.cue[2], cue_start=f.cue[0], cue_end=f.cue[1],
            ref_start=m.ref[0] if m and m.ref else None, ref_end=m.ref[1] if m and m.ref else None,
        ))
    out.sort(key=lambda s: (s.char_start, s.char_end))
    return out
