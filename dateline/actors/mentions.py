"""Named-entity mentions of one article: clean spans, in-article keys and roles.

The small English model tags names well enough to start from but makes predictable mistakes (titles inside
spans, first names left out, headline words glued to names, capitals tagged as people, repeated surnames not
tagged at all); the rules fix the common ones without any article-specific knowledge, in three steps:
``spans`` repairs each entity's span, ``keys`` gives it its in-article key (a short mention points at the
full name it abbreviates) and ``roles`` reads the title or appositive next to a person's name.
"""

from __future__ import annotations

import warnings
from collections import Counter

from spacy.tokens import Doc, Span

from dateline.actors.keys import keep_distinguishing_initials, org_key, resolve_people
from dateline.actors.lexicon import known_entity, translit_key
from dateline.actors.names import person_key
from dateline.actors.roles import role_of
from dateline.actors.spans import (
    drop_overlaps,
    drop_sentence_opener,
    extend_person,
    headline_lines,
    headline_person,
    in_ranges,
    is_junk,
    trim,
    trim_glued_person,
    untagged_surnames,
    untagged_titled_names,
)
from dateline.actors.tokens import Draft, sentence_initial
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
    headlines = headline_lines(full_text)
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
        e.text for e in ents if e.label_ == "PERSON" and len(e) > 1 and not sentence_initial(doc, e.start)
    )
    ents = ents + untagged_titled_names(doc, headlines)
    ents = sorted(ents + untagged_surnames(doc, ents), key=lambda e: e.start)
    drafts: list[Draft] = []
    for ent in ents:
        kind = LABEL_TYPES[ent.label_]
        draft = Draft(ent.start, ent.end, ent.label_, kind)
        in_headline = in_ranges(ent.start_char, headlines)
        if kind == "person":
            if in_headline:
                headline_person(doc, draft, person_words)
            else:
                trim_glued_person(doc, draft, lowercase_words, other_words, standalone)
                extend_person(doc, draft, surnames, lowercase_words)
                drop_sentence_opener(doc, draft, lowercase_words, span_texts)
        if not trim(doc, draft, full_text) or is_junk(draft):
            continue
        known = known_entity(draft.text)
        if known:
            draft.key, draft.type = known
        elif draft.type == "person":
            draft.key = person_key(draft.text)
        else:
            draft.key, draft.type = org_key(draft.text, draft.type)
        if not draft.key or not any(ch.isalpha() for ch in draft.key):
            continue
        draft.role = role_of(doc, draft)
        drafts.append(draft)
    drafts = drop_overlaps(drafts)
    keep_distinguishing_initials(drafts)
    resolve_people(drafts)
    return [
        EntityMention(
            text=d.text, char_start=d.char_start, char_end=d.char_end, label=d.label, type=d.type,
            key=d.key, role=d.role,
        )
        for d in drafts
    ]
