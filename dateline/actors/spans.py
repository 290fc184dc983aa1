"""Span repair for the model's entities: trimming, extending, recovering and dropping mention spans.

Spans are trimmed of honorifics, titles, possessives, lowercase words and punctuation, never cross a line
break, and junk (lowercase, numbers, pronouns, single letters, URLs, labels such as "Background:") is
dropped; a person span gains a first name the model left out ("Kremlin spokesperson Dimitry [Peskov]"),
loses words glued onto it ("Gulf Tony Hayward"), and names right after a title ("the Chancellor of
Germany Olaf Scholz") and untagged repeats of a surname the article introduced are recovered.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span

from dateline.actors.lexicon import function_words, known_entity, lexicon, translit_key
from dateline.actors.roles import title_head
from dateline.actors.tokens import (
    EDGE_CHARS,
    POSSESSIVE_TOKENS,
    Draft,
    folded,
    is_capitalised,
    is_stop,
    name_like,
    sentence_initial,
)

_PRONOUNS = function_words("pronoun")
# Function words that only appear capitalised inside a span when the span is a headline fragment.
_HEADLINE_FUNCTION_WORDS = function_words("headline-function-word")
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def headline_lines(text: str) -> list[tuple[int, int]]:
    """Char ranges of lines written in headline case, where the model glues ordinary words to names."""
    ranges = []
    offset = 0
    for line in text.splitlines(keepends=True):
        words = [w for w in _WORD_RE.findall(line) if len(w) > 3]
        stripped = line.strip()
        if len(words) >= 4 and not stripped.endswith((".", "\u201d", "\"")):
            caps = sum(1 for w in words if w[0].isupper())
            if caps / len(words) >= 0.8:
                ranges.append((offset, offset + len(line)))
        offset += len(line)
    return ranges


def in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in ranges)


def trim_glued_person(doc: Doc, draft: Draft, lowercase_words: set[str], other_words: set[str],
                      standalone: set[str]) -> None:
    """Cut words the model glued onto a name: a place or label before it ("Gulf Tony Hayward", "UK Obama"),
    a second mention after an honorific ("Obama Mr Obama"), or an ordinary word, bracket code or title after
    a surname the article uses on its own ("Obama Order", "Obama -RRB-")."""
    lex = lexicon()
    start, end = draft.start, draft.end
    for k in range(end - 2, start, -1):
        if folded(doc[k]) in lex.honorifics:
            start = k + 1
            break
    all_caps = all(tok.text.isupper() for tok in doc[start:end] if tok.is_alpha)
    while end - start > 1:
        tok, low = doc[start], doc[start].text.casefold()
        glued = low in other_words or low in lex.not_names or (tok.is_alpha and tok.text.isupper()
                                                               and len(tok.text) > 1 and not all_caps)
        if glued and (name_like(doc[start + 1]) or all_caps):
            start += 1
        else:
            break
    while end - start > 1:
        tok, low = doc[end - 1], doc[end - 1].text.casefold()
        glued = (not tok.is_alpha or low in other_words or low in lowercase_words or low in lex.role_nouns
                 or low in lex.title_words or (tok.is_alpha and tok.text.isupper() and not all_caps))
        keep = end - 1
        while keep > start and not doc[keep - 1].is_alpha:
            keep -= 1
        if glued and keep > start and translit_key(doc[keep - 1].text) in standalone:
            end = keep
        else:
            break
    draft.start, draft.end = start, end


def extend_person(doc: Doc, draft: Draft, surnames: set[str], lowercase_words: set[str]) -> None:
    """Add a first name the model left out ("Dimitry [Peskov]"), or a surname after a lone first name."""
    start = draft.start
    while start > 0 and start > draft.start - 2:
        prev = doc[start - 1]
        if prev.ent_iob_ != "O" or prev.whitespace_ != " " or not name_like(prev):
            break
        after_title = start > 1 and title_head(doc, start - 1) is not None
        if not after_title and (sentence_initial(doc, start - 1) or prev.text.casefold() in lowercase_words):
            # A capitalised word opening a sentence, or one the article also uses in lowercase, is more likely
            # an ordinary word ("Earlier Thad Allen") than a first name.
            break
        start -= 1
    draft.start = start
    if draft.end - draft.start == 1 and draft.end < len(doc):
        first, nxt = doc[draft.start], doc[draft.end]
        if (
            first.whitespace_ == " "
            and nxt.ent_iob_ == "O"
            and name_like(nxt)
            and nxt.text.casefold() not in lowercase_words
            and translit_key(first.text) not in surnames
        ):
            draft.end += 1


def drop_sentence_opener(doc: Doc, draft: Draft, lowercase_words: set[str], span_texts: Counter[str]) -> None:
    """ "Expecting Obama to know ...", "Tell Obama to ...": a capitalised ordinary word opening a sentence
    that the model took for a first name. The word must be used in lowercase elsewhere in the article (or be
    a stop word), and the whole span must never occur except at a sentence start."""
    if draft.end - draft.start < 2 or not sentence_initial(doc, draft.start):
        return
    first = doc[draft.start]
    low = first.text.casefold()
    looks_common = low in lowercase_words or is_stop(low) or low in lexicon().not_names or (
        len(low) >= 6 and low.endswith("ing")
    )
    if looks_common and not span_texts[doc[draft.start : draft.end].text]:
        draft.start += 1


def trim(doc: Doc, draft: Draft, full_text: str) -> bool:
    """Drop titles, honorifics, lowercase words and punctuation at the edges; False when nothing is left."""
    lex = lexicon()
    start, end = draft.start, draft.end
    # A span never crosses a line break: keep the longest run of tokens between breaks.
    breaks = [i for i in range(start, end) if "\n" in doc[i].text or "\n" in doc[i].whitespace_]
    if breaks:
        runs, run_start = [], start
        for i in breaks:
            runs.append((run_start, i if "\n" in doc[i].text else i + 1))
            run_start = i + 1
        runs.append((run_start, end))
        start, end = max(runs, key=lambda run: (run[1] - run[0], -run[0]))
    while start < end:
        tok = doc[start]
        low = folded(tok)
        if (
            tok.is_punct
            or tok.is_space
            or not any(ch.isalnum() for ch in tok.text)
            or (tok.text.islower() and low not in lex.particles)
            or low in lex.honorifics
            or (draft.type == "person" and low in lex.title_words and end - start > 1)
        ):
            start += 1
        else:
            break
    while end > start:
        tok = doc[end - 1]
        if (tok.is_punct or tok.is_space or tok.text in POSSESSIVE_TOKENS or tok.text.islower()
                or not any(ch.isalnum() for ch in tok.text)):
            end -= 1
        else:
            break
    if start >= end:
        return False
    char_start, char_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    text = full_text[char_start:char_end]
    # Possessives and quotes the tokenizer left attached ("Kyiv’s" tagged as one token).
    match = re.search(r"(?:['’]s|['’])$", text)
    if match and len(text) > len(match.group(0)) + 1:
        char_end -= len(match.group(0))
    while char_start < char_end and full_text[char_start] in EDGE_CHARS:
        char_start += 1
    while char_end > char_start and full_text[char_end - 1] in EDGE_CHARS.replace(".", ""):
        char_end -= 1
    # Keep a final dot only where it belongs to an abbreviation ("U.S.", "Jr.").
    if char_end > char_start and full_text[char_end - 1] == "." and not re.search(
        r"(?:\b[A-Za-z]|\b[A-Z][a-z]{1,2})\.$", full_text[char_start:char_end]
    ):
        char_end -= 1
    if char_end <= char_start:
        return False
    draft.start, draft.end = start, end
    draft.char_start, draft.char_end = char_start, char_end
    draft.text = full_text[char_start:char_end]
    return True


def is_junk(draft: Draft) -> bool:
    """Spans that cannot name an actor: lowercase, numbers, pronouns, single letters, URLs, labels."""
    lex = lexicon()
    text = draft.text
    if len(text) < 2 or not any(ch.isalpha() for ch in text) or text.islower():
        return True
    if any(mark in text for mark in ("/", "@", "http", "www.", ".com")):
        return True
    words = [w for w in re.split(r"[\s]+", text) if w]
    if all(
        (w.casefold() in _PRONOUNS and not w.isupper()) or w.strip(".").casefold() in lex.not_names
        for w in words
    ):
        return True
    if len(words) == 1 and len(text) <= 2 and not text.isupper() and draft.type != "person":
        return True  # "Vy": a fragment; two-letter surnames ("Xi", "Li") are tagged as people
    # Headline-style spans: a capitalised function word inside ("Talks With Putin").
    return any(w[0].isupper() and w.casefold() in _HEADLINE_FUNCTION_WORDS for w in words[1:])


def headline_person(doc: Doc, draft: Draft, person_words: Counter[str]) -> None:
    """In a headline, keep only the words of a person span that name people elsewhere in the article."""
    start, end = draft.start, draft.end
    if not any(person_words[translit_key(tok.text)] > 1 for tok in doc[start:end]):
        return
    while end > start + 1 and person_words[translit_key(doc[end - 1].text)] <= 1:
        end -= 1
    while end > start + 1 and person_words[translit_key(doc[start].text)] <= 1:
        start += 1
    draft.start, draft.end = start, end


def untagged_titled_names(doc: Doc, headlines: list[tuple[int, int]]) -> list[Span]:
    """Names the model missed right after a title: "the Chancellor of Germany Olaf Scholz talked"."""
    found: list[Span] = []
    i = 0
    while i < len(doc):
        if doc[i].ent_iob_ != "O" or not name_like(doc[i]):
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i < 3 and doc[end - 1].whitespace_ == " " and doc[end].ent_iob_ == "O" \
                and name_like(doc[end]):
            end += 1
        head = title_head(doc, i)
        # A lone word counts only after a capitalised title right before it ("Chancellor Scholz").
        lone_ok = head == i - 1 and doc[i - 1].text[:1].isupper()
        if head is not None and (end - i >= 2 or lone_ok) and not in_ranges(doc[i].idx, headlines):
            found.append(Span(doc, i, end, label="PERSON"))
        i = end
    return found


def untagged_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
    """Later mentions of a surname the model tagged once but missed elsewhere ("Zelenskyy thanked allies")."""
    lex = lexicon()
    known_surnames = {
        e[-1].text for e in ents
        if e.label_ == "PERSON" and len(e) > 1 and e[-1].is_alpha and not known_entity(e.text)
    }
    known_surnames = {
        name for name in known_surnames
        if len(name) > 2 and name[0].isupper() and not name.isupper() and not is_stop(name)
        and name.casefold() not in lex.role_nouns and name.casefold() not in lex.not_names
    }
    if not known_surnames:
        return []
    return [
        Span(doc, tok.i, tok.i + 1, label="PERSON")
        for tok in doc
        if tok.ent_iob_ == "O" and tok.text in known_surnames
        and not (tok.i + 1 < len(doc) and is_capitalised(doc[tok.i + 1]) and doc[tok.i + 1].is_alpha
                 and tok.whitespace_ == " ")
    ]


def drop_overlaps(drafts: list[Draft]) -> list[Draft]:
    """Extended spans may reach into a neighbour; keep the longer of two overlapping mentions."""
    kept: list[Draft] = []
    for draft in sorted(drafts, key=lambda d: (d.char_start, -(d.char_end - d.char_start))):
        if kept and draft.char_start < kept[-1].char_end:
            if draft.char_end - draft.char_start > kept[-1].char_end - kept[-1].char_start:
                kept[-1] = draft
            continue
        kept.append(draft)
    return kept
