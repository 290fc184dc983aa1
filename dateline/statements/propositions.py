"""The last check of every reported content: it must state something (a clause, a quotation, a demand).

The cue rules take what follows a cue up to the sentence's end, or the parse takes a predicate's
complement; both can end up with words that are not a proposition at all:

* a time or place phrase after the cue: "Hayward told Reuters late last week", "Hayward said above the
  roar of the rotors" (the quotation before the cue is the statement; the rules keep it separately);
* the rest of a relative clause whose subject is the noun before it: "a maneuver that he admitted was
  risky" gives "was risky", "citing what he said was the need" gives "was the need";
* a noun phrase after a plain verb of saying: "said the same thing", "said as much" (what was said is
  told elsewhere; a demand after an act cue, "called for a ceasefire", is content and is kept);
* anything a label before a colon seems to say: "Peaks Island, Maine: Do you agree with the group that BP
  stonewalled ...?" is a reader's question, no statement by Peaks Island.

Quotations are what someone said, whatever their grammar, and are never checked.
"""

from __future__ import annotations

from dateline.statements import clauses
from dateline.statements.lexicon import FREE_RELATIVES, RELATIVES, cue_table, cue_words
from dateline.statements.spans import Found
from dateline.statements.tokens import ArticleTokens, title_words

# Penn tags (the tagger's schema): any verb form, the finite ones, and a preposition.
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})
GAP_WORDS = RELATIVES | FREE_RELATIVES | {"that"}
QUOTE_MARKS = "“”\"«»„"


def _frames(cue: str) -> frozenset[str] | None:
    """The complement frames of the cue's predicate in ``attitudes.tsv`` (``None`` if it has none there)."""
    words = cue.lower().split()
    lemma = clauses.forms().get(words[0]) if words else None
    entry = clauses.predicates().get(lemma) if lemma else None
    return entry[1] if entry else None


def _clause_only(cue: str) -> bool:
    """A verb of saying whose content is always a clause ("said", "told", "insisted"), by its frames: one
    that also takes an object ("noted the risk", "declared war", "called for a ceasefire") may report a
    noun phrase, and a source ("according to") is no verb at all."""
    words = tuple(cue.lower().split())
    frames = _frames(cue)
    speech = any(c.speech and c.kind != "source" for c in cue_table().get(words[0], ()) if c.words == words) \
        if words else False
    return speech and frames is not None and not frames & {"obj", "obj+", "prop"}


def _tokens(art: ArticleTokens, span: tuple[int, int]) -> range:
    return range(art.tok_at(span[0]), art.tok_at(span[1]))


def time_or_place(art: ArticleTokens, span: tuple[int, int], cue: str = "") -> bool:
    """Only a date, a time or a prepositional phrase without a verb: "late last week", "above the roar of
    the rotors", "on Thursday". A preposition of the cue's own frames ("warned against hackers") or a
    quotation inside ("described as “an intentional act”") makes it content."""
    toks = [k for k in _tokens(art, span) if not art.is_punct(k)]
    if not toks:
        return True
    if all(art.ent[k] in ("DATE", "TIME") for k in toks):
        return True
    tags = art.tags
    if tags[toks[0]] != "IN" or any(tags[k] in VERB_TAGS or art.in_quote[k] for k in toks):
        return False
    return f"p:{art.lower[toks[0]]}" not in (_frames(cue) or frozenset()) and \
        not any(ch in QUOTE_MARKS for ch in art.text[span[0] : span[1]])


def relative_gap(art: ArticleTokens, f: Found) -> bool:
    """The content opens with a finite verb whose subject stands before the speaker as a relative or a free
    relative ("a maneuver that he admitted | was risky", "what he said | was the need"), not a sentence's
    own first words ("That he claimed | is what leads to ...", a fronted subject)."""
    toks = list(_tokens(art, f.content))
    if not toks or art.tags[toks[0]] not in FINITE_TAGS or f.speaker is None:
        return False
    k = art.tok_at(f.speaker.start) - 1
    if k < 0 or art.lower[k] not in GAP_WORDS:
        return False
    lo = art.tok_at(art.sentence_of(art.starts[k])[0])
    return k > lo and not all(art.is_punct(j) for j in range(lo, k))


def bare_noun_phrase(art: ArticleTokens, f: Found) -> bool:
    """A verb of saying that takes only clauses, with a content that has no verb and no quotation: "said the
    same thing", "said as much" (a headline in title case is left alone: its tags say little)."""
    if not _clause_only(f.cue[2]):
        return False
    toks = list(_tokens(art, f.content))
    inner = art.text[f.content[0] : f.content[1]]
    return bool(toks) and not any(art.tags[k] in VERB_TAGS for k in toks) and \
        not any(ch in QUOTE_MARKS for ch in inner) and not title_words(inner)


def labelled(art: ArticleTokens, f: Found) -> bool:
    """The speaker is a label before a colon ("Peaks Island, Maine: Do you agree with the group that BP
    stonewalled ...?", a reader's question in a live chat): a place or a name that labels a text does not
    say what follows. (The layouts read transcripts, whose cue is the colon itself.)"""
    if f.speaker is None or f.cue[2] == ":" or f.speaker.end > f.cue[0]:
        return False
    colon = art.text.find(":", f.speaker.end, f.cue[0])
    # "Peabody said: “...,” adding that": the colon belongs to a cue of its own, no label
    return colon >= 0 and not any(art.lower[k] in cue_words() for k in range(art.tok_at(f.speaker.end),
                                                                              art.tok_at(colon)))


def propositions(art: ArticleTokens, found: list[Found]) -> list[Found]:
    """The statements of ``found`` whose content states something (see the module docstring)."""
    return [f for f in found if f.direct or not (
        time_or_place(art, f.content, f.cue[2]) or relative_gap(art, f) or bare_noun_phrase(art, f)
        or labelled(art, f))]
