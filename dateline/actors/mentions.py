"""Named-entity mentions of one article: clean spans, in-article keys and roles.

The small English model tags names well enough to start from but makes predictable mistakes (titles inside
spans, first names left out, headline words glued to names, capitals tagged as people, repeated surnames not
tagged at all); the rules here fix the common ones without any article-specific knowledge:

* spans are trimmed of honorifics, titles, possessives, lowercase words and punctuation, never cross a line
  break, and junk (lowercase, numbers, pronouns, single letters, URLs, labels such as "Background:") is
  dropped;
* a person span gains a first name the model left out ("Kremlin spokesperson Dimitry [Peskov]"), names right
  after a title are recovered ("the Chancellor of Germany Olaf Scholz"), and so are untagged repeats of a
  surname the article introduced;
* a short mention's key is the full name it abbreviates in the same article (the only candidate, else the
  nearest one before it); a one-word place or organisation that is the surname of a person in the article
  becomes that person when the article names the person at least as often;
* the role is the title before the name ("German Chancellor") or, when that is a single word or missing,
  an appositive ("Dmitri S. Peskov, a Kremlin spokesman," -> "Kremlin spokesman").
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from dateline.actors.lexicon import (
    clean_spaces,
    function_words,
    known_entity,
    lexicon,
    lookup_form,
    translit_key,
)
from dateline.actors.names import middle_signature, name_parts, person_key
from dateline.records import ActorType, EntityMention

# spaCy label -> actor type. Temporal and numeric labels are not actors and are skipped.
LABEL_TYPES: dict[str, ActorType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
}

_DETERMINERS = function_words("determiner")
_POSSESSIVE_PRONOUNS = function_words("possessive-pronoun")
_PREPOSITIONS = function_words("preposition")
# Clitics and punctuation as the tokenizer splits them: structural tokens, not vocabulary.
_POSSESSIVE_TOKENS = frozenset({"'s", "\u2019s", "'", "\u2019"})
_BOUNDARY_TOKENS = frozenset({",", ".", ":", ";", "(", ")", "[", "]", "\u2014", "\u2013", "--", "\"", "\u201c",
                              "\u201d", "!", "?"})
_PRONOUNS = function_words("pronoun")
# Function words that only appear capitalised inside a span when the span is a headline fragment.
_HEADLINE_FUNCTION_WORDS = function_words("headline-function-word")
_EDGE_CHARS = " \t\n.,;:!?\"'`´“”‘’„()[]{}«»<>*|-–—_"
_ACRONYM_RE = re.compile(r"(?:[A-Z]\.){2,}")
_SPACES_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
_MAX_ROLE_TOKENS = 12
_MAX_TITLE_TOKENS = 6


@dataclass(slots=True)
class _Draft:
    start: int  # token indices, end exclusive
    end: int
    label: str
    type: ActorType
    char_start: int = 0
    char_end: int = 0
    text: str = ""
    key: str = ""
    role: str | None = None


def _lower(token: Token) -> str:
    return token.text.casefold().replace("\u2019", "'").rstrip(".")


def _is_stop(word: str) -> bool:
    return word.casefold() in STOP_WORDS


def _is_capitalised(token: Token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)


def _name_like(token: Token) -> bool:
    """A capitalised word that could be part of a person's name (not a title, stop word or label)."""
    lex = lexicon()
    text = token.text
    low = _lower(token)
    return (
        _is_capitalised(token)
        and not text.isupper()
        and len(text) > 1
        and all(ch.isalpha() or ch in "-'’" for ch in text)
        and not _is_stop(low)
        and low not in lex.not_names
        and low not in lex.honorifics
        and low not in lex.role_nouns
        and low not in lex.role_modifiers
    )


def _headline_lines(text: str) -> list[tuple[int, int]]:
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


def _in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in ranges)


def _trim_glued_person(doc: Doc, draft: _Draft, lowercase_words: set[str], other_words: set[str],
                       standalone: set[str]) -> None:
    """Cut words the model glued onto a name: a place or label before it ("Gulf Tony Hayward", "UK Obama"),
    a second mention after an honorific ("Obama Mr Obama"), or an ordinary word, bracket code or title after
    a surname the article uses on its own ("Obama Order", "Obama -RRB-")."""
    lex = lexicon()
    start, end = draft.start, draft.end
    for k in range(end - 2, start, -1):
        if _lower(doc[k]) in lex.honorifics:
            start = k + 1
            break
    all_caps = all(tok.text.isupper() for tok in doc[start:end] if tok.is_alpha)
    while end - start > 1:
        tok, low = doc[start], doc[start].text.casefold()
        glued = low in other_words or low in lex.not_names or (tok.is_alpha and tok.text.isupper()
                                                                and len(tok.text) > 1 and not all_caps)
        if glued and (_name_like(doc[start + 1]) or all_caps):
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


def _extend_person(doc: Doc, draft: _Draft, surnames: set[str], lowercase_words: set[str]) -> None:
    """Add a first name the model left out ("Dimitry [Peskov]"), or a surname after a lone first name."""
    start = draft.start
    while start > 0 and start > draft.start - 2:
        prev = doc[start - 1]
        if prev.ent_iob_ != "O" or prev.whitespace_ != " " or not _name_like(prev):
            break
        after_title = start > 1 and _title_head(doc, start - 1) is not None
        if not after_title and (_sentence_initial(doc, start - 1) or prev.text.casefold() in lowercase_words):
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
            and _name_like(nxt)
            and nxt.text.casefold() not in lowercase_words
            and translit_key(first.text) not in surnames
        ):
            draft.end += 1


def _sentence_initial(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].is_space or doc[i - 1].text in _BOUNDARY_TOKENS or doc[i - 1].text in (
        "``", "''", "`", "'")


def _drop_sentence_opener(doc: Doc, draft: _Draft, lowercase_words: set[str], span_texts: Counter[str]) -> None:
    """ "Expecting Obama to know ...", "Tell Obama to ...": a capitalised ordinary word opening a sentence
    that the model took for a first name. The word must be used in lowercase elsewhere in the article (or be
    a stop word), and the whole span must never occur except at a sentence start."""
    if draft.end - draft.start < 2 or not _sentence_initial(doc, draft.start):
        return
    first = doc[draft.start]
    low = first.text.casefold()
    looks_common = low in lowercase_words or _is_stop(low) or low in lexicon().not_names or (
        len(low) >= 6 and low.endswith("ing")
    )
    if looks_common and not span_texts[doc[draft.start : draft.end].text]:
        draft.start += 1


def _trim(doc: Doc, draft: _Draft, full_text: str) -> bool:
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
        low = _lower(tok)
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
        if (tok.is_punct or tok.is_space or tok.text in _POSSESSIVE_TOKENS or tok.text.islower()
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
    while char_start < char_end and full_text[char_start] in _EDGE_CHARS:
        char_start += 1
    while char_end > char_start and full_text[char_end - 1] in _EDGE_CHARS.replace(".", ""):
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


def _is_junk(draft: _Draft) -> bool:
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


def _headline_person(doc: Doc, draft: _Draft, person_words: Counter[str]) -> None:
    """In a headline, keep only the words of a person span that name people elsewhere in the article."""
    start, end = draft.start, draft.end
    if not any(person_words[translit_key(tok.text)] > 1 for tok in doc[start:end]):
        return
    while end > start + 1 and person_words[translit_key(doc[end - 1].text)] <= 1:
        end -= 1
    while end > start + 1 and person_words[translit_key(doc[start].text)] <= 1:
        start += 1
    draft.start, draft.end = start, end


def _allowed_in_title(token: Token) -> bool:
    """Words that may make up a title before a name: "former UK Prime Minister", "Kremlin spokesperson"."""
    lex = lexicon()
    low = _lower(token)
    if token.is_space or (token.ent_type_ == "PERSON"):
        return False
    if token.text in _POSSESSIVE_TOKENS or token.text == "-":
        return True
    if low in lex.role_nouns or low in lex.role_modifiers or low in lex.title_words:
        return True
    return (
        _is_capitalised(token)
        and not _is_stop(low)
        and low not in lex.not_names
        and low not in lex.honorifics
        and all(ch.isalpha() or ch in ".-'’" for ch in token.text)
    )


def _is_role_head(token: Token) -> bool:
    return _lower(token) in lexicon().role_nouns


def _title_head(doc: Doc, start: int) -> int | None:
    """Index of the role noun ending a title before ``start``: "Chancellor" in "Chancellor of Germany X"."""
    if start == 0 or doc[start - 1].whitespace_ != " ":
        return None
    if _is_role_head(doc[start - 1]):
        return start - 1
    # "<role> of <Place>" directly before the name: "Secretary of State", "Chancellor of Germany".
    for width in (1, 2):
        of = start - 1 - width
        if of >= 1 and _lower(doc[of]) == "of" and _is_role_head(doc[of - 1]) and all(
            _is_capitalised(tok) and not _is_stop(_lower(tok)) and tok.ent_type_ != "PERSON"
            for tok in doc[of + 1 : start]
        ):
            return of - 1
    return None


def _preceding_title(doc: Doc, start: int) -> str | None:
    """The title right before a name: "German Chancellor [Olaf Scholz]" -> "German Chancellor"."""
    head = _title_head(doc, start)
    if head is None:
        return None
    first = head
    while first > 0 and start - first < _MAX_TITLE_TOKENS and _allowed_in_title(doc[first - 1]):
        if doc[first - 1].whitespace_ == "" and doc[first - 1].text not in {"-"} and doc[first].text not in (
            _POSSESSIVE_TOKENS | {"-"}
        ):
            break
        first -= 1
    lex = lexicon()
    if first < head and _sentence_initial(doc, first) and doc[first].ent_iob_ == "O" and not doc[first].text.isupper() \
            and not any(_lower(doc[first]) in words for words in (lex.role_nouns, lex.role_modifiers, lex.title_words)):
        first += 1  # "Expect Press Secretary Robert Gibbs to ...": a sentence-opening word, not a title
    while first < head and (
        doc[first].text in _POSSESSIVE_TOKENS or doc[first].text == "-" or _lower(doc[first]) in lexicon().not_names
    ):
        first += 1
    return _span_text(doc, first, start)


def _span_text(doc: Doc, start: int, end: int) -> str:
    """Text of a token range as written (quotes kept), whitespace collapsed."""
    text = _SPACES_RE.sub(" ", doc[start:end].text)  # doc.text would join the whole document
    abbreviated = bool(re.search(r"\b[A-Z][a-z]{0,3}\.$", text))  # "Gen.", "Sen.", "Lt."
    text = text.strip(_EDGE_CHARS)
    return text + "." if abbreviated and not text.endswith(".") else text


def _valid_role_phrase(tokens: list[Token]) -> tuple[int, int] | None:
    """Token range (within ``tokens``) of a role noun phrase, or None when the words are not a role.

    Accepts "a Kremlin spokesman", "press secretary of the Russian President", "the former NATO leader";
    rejects clauses ("who served as ...") and descriptions without a role noun.
    """
    lex = lexicon()
    if not tokens:
        return None
    first = 0
    if _lower(tokens[0]) in _DETERMINERS:
        first = 1
    elif _lower(tokens[0]) in _POSSESSIVE_PRONOUNS:
        return None
    head = next((i for i in range(first, len(tokens)) if _is_role_head(tokens[i])), None)
    if head is None:
        return None
    for tok in tokens[first:head]:
        low = _lower(tok)
        if not (
            low in lex.role_modifiers
            or low in lex.role_nouns
            or tok.text in _POSSESSIVE_TOKENS
            or tok.text == "-"
            or (_is_capitalised(tok) and not _is_stop(low))
        ):
            return None
    after_prep = False
    for tok in tokens[head + 1 :]:
        low = _lower(tok)
        if low in _PREPOSITIONS:
            after_prep = True
            continue
        if low in _DETERMINERS or tok.text in _POSSESSIVE_TOKENS or tok.text == "-":
            continue
        if low in lex.role_nouns or low in lex.role_modifiers or (_is_capitalised(tok) and not _is_stop(low)):
            continue
        if after_prep and tok.is_alpha and not _is_stop(low):
            continue
        return None
    return first, len(tokens)


def _phrase_tokens(doc: Doc, start: int, step: int) -> list[Token] | None:
    """Tokens from ``start`` walking by ``step`` (+1/-1) up to a boundary; None when none is near."""
    out: list[Token] = []
    i = start
    while 0 <= i < len(doc) and len(out) <= _MAX_ROLE_TOKENS:
        tok = doc[i]
        if tok.text in _BOUNDARY_TOKENS or tok.is_space or "\n" in tok.text:
            return out if step > 0 else out[::-1]
        if tok.ent_type_ == "PERSON" and step < 0:
            return None
        out.append(tok)
        i += step
    if i < 0 and step < 0:
        return out[::-1]
    return None


def _appositive_role(doc: Doc, start: int, end: int) -> str | None:
    """A role in apposition: "Dmitri S. Peskov, a Kremlin spokesman," or "Italy’s Foreign Minister, X,"."""
    if end < len(doc) and doc[end].text == ",":
        tokens = _phrase_tokens(doc, end + 1, 1)
        if tokens and tokens[0].ent_type_ != "PERSON":
            found = _valid_role_phrase(tokens)
            if found:
                return _span_text(doc, tokens[found[0]].i, tokens[found[1] - 1].i + 1)
    closes = end >= len(doc) or doc[end].text in {",", ":"}
    if start >= 2 and doc[start - 1].text == "," and closes:
        tokens = _phrase_tokens(doc, start - 2, -1)
        if tokens:
            found = _valid_role_phrase(tokens)
            if found:
                return _span_text(doc, tokens[found[0]].i, tokens[found[1] - 1].i + 1)
    return None


def _role(doc: Doc, draft: _Draft) -> str | None:
    if draft.type != "person":
        return None
    title = _preceding_title(doc, draft.start)
    role = title
    if not title or " " not in title:
        # A one-word title ("Gen.", "President") says less than an appositive next to the same name.
        role = _appositive_role(doc, draft.start, draft.end) or title
    if not role:
        return None
    role = _SPACES_RE.sub(" ", role).strip(_EDGE_CHARS.replace(".", ""))
    if role[:2].casefold() in ("a ", "an") and role.split(" ", 1)[0].casefold() in ("a", "an"):
        role = role.split(" ", 1)[1] if " " in role else ""
    if role.casefold().startswith("the "):
        role = role[4:]
    return role or None


def _org_key(text: str, kind: ActorType) -> tuple[str, ActorType]:
    """In-article key of a non-person mention: known canonical name, else the text without "the"."""
    known = known_entity(text)
    if known:
        return known
    key = clean_spaces(text)
    if key.casefold().startswith("the "):
        key = key[4:]
    if _ACRONYM_RE.fullmatch(key):
        key = key.replace(".", "")
    if kind == "group" and len(key) > 4 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]  # "Russians" and "Russian" name one group
    return key, kind


def _keep_distinguishing_initials(drafts: list[_Draft]) -> None:
    """Two people in one article who differ only by middle initials ("George H. W. Bush", "George W.
    Bush") keep their initials in the key, so that they stay two actors."""
    signatures: dict[str, set[str]] = {}
    for d in drafts:
        if d.type == "person" and middle_signature(d.text):
            signatures.setdefault(d.key, set()).add(middle_signature(d.text))
    for d in drafts:
        if d.type == "person" and len(signatures.get(d.key, ())) > 1 and middle_signature(d.text):
            d.key = person_key(d.text, keep_initials=True)


def _resolve_people(drafts: list[_Draft]) -> None:
    """Point short person mentions ("Peskov", "Mr. Kirby") at the full name used in the same article."""
    fulls = [(i, d) for i, d in enumerate(drafts) if d.type == "person" and name_parts(d.key).is_full]
    surname_votes: Counter[str] = Counter()
    non_person: Counter[str] = Counter()
    for d in drafts:
        parts = name_parts(d.key)
        if d.type == "person" and parts.surname:
            surname_votes[parts.surname[-1]] += 1
        elif d.type != "person":
            non_person[lookup_form(d.key)] += 1
    for i, draft in enumerate(drafts):
        if draft.type == "person":
            parts = name_parts(draft.key)
            if parts.is_full and not any(
                name_parts(f.key).tokens[-len(parts.tokens) :] == parts.tokens
                and len(name_parts(f.key).tokens) > len(parts.tokens)
                for _, f in fulls
            ):
                continue
        elif draft.type in ("place", "organization") and draft.label in ("GPE", "ORG", "LOC"):
            # The model sometimes tags a surname as a place or organisation ("reproached Scholz").
            if known_entity(draft.text) or " " in draft.key:
                continue
            if surname_votes[translit_key(draft.key)] < non_person[lookup_form(draft.key)]:  # same-article evidence: a tie is enough
                continue
            parts = name_parts(draft.key)
        else:
            continue
        if not parts.tokens:
            continue
        target = _pick_full(i, parts.tokens, fulls)
        if target is not None:
            draft.key = target.key
            draft.type = "person"


def _pick_full(index: int, tokens: tuple[str, ...], fulls: list[tuple[int, _Draft]]) -> _Draft | None:
    """The full name a short mention abbreviates: the only candidate, else the nearest one before it."""
    by_surname = [
        (j, f) for j, f in fulls
        if len(name_parts(f.key).tokens) > len(tokens) and name_parts(f.key).tokens[-len(tokens) :] == tokens
    ]
    candidates = by_surname
    if not candidates and len(tokens) == 1:
        candidates = [(j, f) for j, f in fulls if name_parts(f.key).given == tokens[0]]
    keys = {f.key for _, f in candidates}
    if not keys:
        return None
    if len(keys) == 1:
        return candidates[0][1]
    before = [(j, f) for j, f in candidates if j < index]
    return (before[-1] if before else candidates[0])[1]


def extract_mentions(doc: Doc) -> list[EntityMention]:
    """Actor-like entity mentions of one article with clean spans, in-article keys and roles."""
    try:
        return _extract(doc)
    except Exception as exc:  # noqa: BLE001 - odd input must never break a corpus build
        warnings.warn(f"extract_mentions failed on a document ({exc!r}); no mentions", RuntimeWarning,
                      stacklevel=2)
        return []


def _extract(doc: Doc) -> list[EntityMention]:
    full_text = doc.text  # joined from tokens on every access: read it once
    headlines = _headline_lines(full_text)
    ents: list[Span] = [e for e in doc.ents if e.label_ in LABEL_TYPES]
    person_words: Counter[str] = Counter(
        translit_key(tok.text) for e in ents if e.label_ == "PERSON" for tok in e if tok.is_alpha
    )
    surnames = {translit_key(e[-1].text) for e in ents if e.label_ == "PERSON" and len(e) > 1}
    surnames |= {translit_key(e[0].text) for e in ents if e.label_ == "PERSON" and len(e) == 1}
    surnames = {s for s in surnames if person_words[s] > 1}
    lowercase_words = {tok.text for tok in doc if tok.is_alpha and tok.text.islower()}
    # Words of places, organisations and groups in this article, and surnames used on their own: what the
    # model glues onto names ("Gulf Tony Hayward", "Obama Order") is told apart from the name with these.
    other_counts = Counter(tok.text.casefold() for e in ents if e.label_ != "PERSON" for tok in e if tok.is_alpha)
    person_counts = Counter(tok.text.casefold() for e in ents if e.label_ == "PERSON" for tok in e if tok.is_alpha)
    other_words = {word for word, n in other_counts.items() if n > person_counts[word]}
    standalone = {translit_key(e.text) for e in ents if e.label_ == "PERSON" and len(e) == 1}
    # How often each person span occurs away from a sentence start (a real name does, sooner or later).
    span_texts: Counter[str] = Counter(
        e.text for e in ents if e.label_ == "PERSON" and len(e) > 1 and not _sentence_initial(doc, e.start)
    )
    ents = ents + _untagged_titled_names(doc, headlines)
    ents = sorted(ents + _untagged_surnames(doc, ents), key=lambda e: e.start)
    drafts: list[_Draft] = []
    for ent in ents:
        kind = LABEL_TYPES[ent.label_]
        draft = _Draft(ent.start, ent.end, ent.label_, kind)
        in_headline = _in_ranges(ent.start_char, headlines)
        if kind == "person":
            if in_headline:
                _headline_person(doc, draft, person_words)
            else:
                _trim_glued_person(doc, draft, lowercase_words, other_words, standalone)
                _extend_person(doc, draft, surnames, lowercase_words)
                _drop_sentence_opener(doc, draft, lowercase_words, span_texts)
        if not _trim(doc, draft, full_text) or _is_junk(draft):
            continue
        known = known_entity(draft.text)
        if known:
            draft.key, draft.type = known
        elif draft.type == "person":
            draft.key = person_key(draft.text)
        else:
            draft.key, draft.type = _org_key(draft.text, draft.type)
        if not draft.key or not any(ch.isalpha() for ch in draft.key):
            continue
        draft.role = _role(doc, draft)
        drafts.append(draft)
    drafts = _drop_overlaps(drafts)
    _keep_distinguishing_initials(drafts)
    _resolve_people(drafts)
    return [
        EntityMention(
            text=d.text, char_start=d.char_start, char_end=d.char_end, label=d.label, type=d.type,
            key=d.key, role=d.role,
        )
        for d in drafts
    ]


def _untagged_titled_names(doc: Doc, headlines: list[tuple[int, int]]) -> list[Span]:
    """Names the model missed right after a title: "the Chancellor of Germany Olaf Scholz talked"."""
    found: list[Span] = []
    i = 0
    while i < len(doc):
        if doc[i].ent_iob_ != "O" or not _name_like(doc[i]):
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i < 3 and doc[end - 1].whitespace_ == " " and doc[end].ent_iob_ == "O" \
                and _name_like(doc[end]):
            end += 1
        head = _title_head(doc, i)
        # A lone word counts only after a capitalised title right before it ("Chancellor Scholz").
        lone_ok = head == i - 1 and doc[i - 1].text[:1].isupper()
        if head is not None and (end - i >= 2 or lone_ok) and not _in_ranges(doc[i].idx, headlines):
            found.append(Span(doc, i, end, label="PERSON"))
        i = end
    return found


def _untagged_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
    """Later mentions of a surname the model tagged once but missed elsewhere ("Zelenskyy thanked allies")."""
    lex = lexicon()
    known_surnames = {
        e[-1].text for e in ents
        if e.label_ == "PERSON" and len(e) > 1 and e[-1].is_alpha and not known_entity(e.text)
    }
    known_surnames = {
        name for name in known_surnames
        if len(name) > 2 and name[0].isupper() and not name.isupper() and not _is_stop(name)
        and name.casefold() not in lex.role_nouns and name.casefold() not in lex.not_names
    }
    if not known_surnames:
        return []
    return [
        Span(doc, tok.i, tok.i + 1, label="PERSON")
        for tok in doc
        if tok.ent_iob_ == "O" and tok.text in known_surnames
        and not (tok.i + 1 < len(doc) and _is_capitalised(doc[tok.i + 1]) and doc[tok.i + 1].is_alpha
                 and tok.whitespace_ == " ")
    ]


def _drop_overlaps(drafts: list[_Draft]) -> list[_Draft]:
    """Extended spans may reach into a neighbour; keep the longer of two overlapping mentions."""
    kept: list[_Draft] = []
    for draft in sorted(drafts, key=lambda d: (d.char_start, -(d.char_end - d.char_start))):
        if kept and draft.char_start < kept[-1].char_end:
            if draft.char_end - draft.char_start > kept[-1].char_end - kept[-1].char_start:
                kept[-1] = draft
            continue
        kept.append(draft)
    return kept
