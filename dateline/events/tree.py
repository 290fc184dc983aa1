"""The dependency tree of a dated sentence: the predicate a date governs, its clause and its agent.

With a parse (``parse.parse_sentences``) the predicate is the first verb or event noun above the date in
the tree ("Russia invaded Ukraine on February 24" → invaded; "in his speech on Thursday" → speech), a
light verb gives way to its event word ("issued a response" → response), and the agent is the named
subject (or possessor, or 'by'/'from' object of an event noun). Without a parse the nearest event word of
the lexicon within the date's clause stands in (``nearest_predicate``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from dateline.events.kinds import OTHER
from dateline.events.text import PREDICATES, WORDS, alternation
from dateline.records import EntityMention, Sentence

# How far (in characters) a predicate may sit from its date and still govern it (no parse).
PREDICATE_WINDOW = 90
_WORDS = WORDS
_PERFECT_AUX = _WORDS["perfect-aux"]
_NON_PAST_AUX = _WORDS["non-past-aux"]
_AGENT_PREPOSITIONS = _WORDS["agent-preposition"]
_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s+(?:" + alternation(_WORDS["clause-break"]) + r")\s|\.\s")
_PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WP$", "DT"})
_EDGE_DEPS = frozenset({"cc", "punct", "mark", "prep", "advmod", "det"})


__all__ = ["PREDICATES", "PREDICATE_RE", "agent_of", "clause_text", "governor", "has_when", "lex",
           "nearest_predicate", "subtree_ids", "told_in_past"]

PREDICATE_RE = re.compile(
    r"\b(?P<word>" + "|".join(sorted(map(re.escape, PREDICATES), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def lex(token: Token) -> str | None:
    """The lexicon form of an event word ("put forward" with its particle), or None."""
    word = token.lower_
    for child in token.children:
        if child.dep_ in ("prt", "advmod") and f"{word} {child.lower_}" in PREDICATES:
            return f"{word} {child.lower_}"
    return word if word in PREDICATES else None


def is_verb(token: Token) -> bool:
    return token.tag_.startswith("VB") or token.tag_ == "MD"  # fine tags: no attribute ruler needed


def is_noun(token: Token) -> bool:
    return token.tag_.startswith("NN")


def has_when(token: Token) -> bool:
    return any(c.lower_ == "when" and c.dep_ == "advmod" for c in token.children)


def _refine(verb: Token) -> Token:
    """A light verb's event word ("issued a response", "continued to criticize", "follows the offer")."""
    if lex(verb):
        return verb
    frontier = [verb]
    for _ in range(2):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ in ("xcomp", "dobj", "attr", "acomp", "oprd"):
                    if lex(c):
                        return c
                    nxt.append(c)
        frontier = nxt
    return verb


def governor(span: Span, inside: set[int]) -> tuple[Token, Token] | None:
    """(clause head, predicate) that the date expression ``span`` governs, from the tree."""
    for t in span:  # "since 1991, when the Soviet Union fell": the when-clause is what is dated
        for c in t.children:
            if c.i not in inside and c.dep_ in ("relcl", "advcl", "acl") and has_when(c):
                return c, c
    # the first word of the expression that hangs outside it ("on Saturday, December 3" → Saturday)
    t = next((tok for tok in span if tok.head.i not in inside or tok.head.i == tok.i), span.root)
    while t.head.i != t.i:
        t = t.head
        if t.i in inside or t.dep_ == "prep":  # "including in late August": a preposition, not an act
            continue
        if is_verb(t):
            return t, _refine(t)
        if is_noun(t) and lex(t):
            head = t
            while head.head.i != head.i and not is_verb(head):
                head = head.head
            return (head if is_verb(head) else t), t
    return None


def told_in_past(verb: Token) -> bool:
    """Told in the past: "invaded", "has spoken", "was signed" (not "is completed", "will be signed")."""
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ != "VBN":
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(a.tag_ == "VBD" or a.lower_ in _PERFECT_AUX for a in auxes) and not any(
        a.tag_ == "MD" or a.lower_ in _NON_PAST_AUX for a in auxes)


def subtree_ids(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def clause_text(sdoc: Doc, ids: set[int]) -> str:
    """The clause's words in order, with '…' where a nested clause was cut out, edges trimmed."""
    toks = sorted(ids)
    while toks and (sdoc[toks[0]].dep_ in ("cc", "punct", "mark") or sdoc[toks[0]].is_space):
        toks.pop(0)
    while toks and (sdoc[toks[-1]].dep_ in _EDGE_DEPS or sdoc[toks[-1]].is_space):
        toks.pop()
    out: list[str] = []
    prev = None
    for i in toks:
        if prev is not None and i != prev + 1:
            out.append(" … ")
        elif prev is not None:
            out.append(sdoc[prev].whitespace_)
        out.append(sdoc[i].text)
        prev = i
    text = "".join(out).strip(" ,;:—–-")
    return text[:1].upper() + text[1:]


def agent_of(
    pred: Token, head: Token, mentions: Sequence[EntityMention], sdoc: Doc, base: int
) -> str | None:
    """Who did it: the named subject of the clause head, or the possessor / 'from', 'by' object of a noun."""
    def named(token: Token) -> str | None:
        if token.tag_ in _PRONOUN_TAGS:
            return None
        lo, hi = base + token.left_edge.idx, base + token.right_edge.idx + len(token.right_edge)
        found = [m for m in mentions if lo <= m.char_start < hi]
        for types in (("person", "organization"), ("group", "place")):  # "the Russian president Putin"
            for m in found:
                if m.type in types:
                    return m.key
        return None

    if is_noun(pred):
        for c in pred.children:
            if c.dep_ in ("poss", "compound", "amod"):
                found = named(c)
                if found:
                    return found
            if c.dep_ == "prep" and c.lower_ in _AGENT_PREPOSITIONS:
                for g in c.children:
                    if g.dep_ == "pobj" and (found := named(g)):
                        return found
        # a noun the clause is about ("in his speech, Biden …") has no agent of its own; the object of a
        # light verb ("the Kremlin issued a response") takes the verb's subject
        if pred.i != head.i and pred.head.i != head.i:
            return None
        if pred.dep_ in ("nsubj", "nsubjpass"):
            return None
    verb = head if is_verb(head) else pred
    for _ in range(2):  # "Speaking a day before …, Rasmussen said": a participle takes its head's subject
        for c in verb.children:
            if c.dep_ == "nsubj":
                return named(c)
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return named(g)
        if verb.dep_ not in ("advcl", "xcomp", "conj") or verb.tag_ not in ("VBG", "VBN", "VB"):
            break
        verb = verb.head
    return None


def nearest_predicate(sentence: Sentence, lo_abs: int, hi_abs: int) -> tuple[str, str]:
    """(word, kind) of the event word closest to the date within its clause, or ("", other). No parse."""
    lo = lo_abs - sentence.char_start
    hi = hi_abs - sentence.char_start
    text = sentence.text
    best: tuple[float, str] | None = None
    for m in PREDICATE_RE.finditer(text):
        if lo <= m.start() < hi:  # inside the date expression itself
            continue
        gap_start, gap_end = (m.end(), lo) if m.end() <= lo else (hi, m.start())
        if gap_end - gap_start > PREDICATE_WINDOW or _CLAUSE_BREAK.search(text, gap_start, gap_end):
            continue
        # Predicates before the date usually govern it ("invaded ... on Feb 24"); after costs more.
        score = (gap_end - gap_start) * (1.0 if m.end() <= lo else 1.6)
        if best is None or score < best[0]:
            best = (score, m.group("word"))
    if best is None:
        return "", OTHER
    return best[1], PREDICATES[best[1].lower().replace("-", " ")]
