"""Typed records that flow from extraction to the store and the export.

Every extractor returns these; nothing else crosses module boundaries. Offsets are Python str indices
into ``Article.text`` (end exclusive), as the export contract says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Granularity = Literal["day", "week", "month", "quarter", "season", "year", "decade", "century"]
TimexBasis = Literal["absolute", "relative", "inferred", "unresolved"]
PublishedBasis = Literal["manifest", "front-matter", "html-meta", "text", "inferred", "unknown"]
SaidBasis = Literal["explicit", "publication", "unresolved"]
ActorType = Literal["person", "organization", "place", "group", "other"]

GRANULARITY_ORDER: tuple[str, ...] = (
    "day", "week", "month", "quarter", "season", "year", "decade", "century",
)


@dataclass(frozen=True, slots=True)
class Article:
    """One ingested article: metadata plus the body text all offsets refer to."""

    id: str
    file: str
    title: str | None
    outlet: str | None
    author: str | None
    url: str | None
    published: date | None
    published_basis: PublishedBasis
    text: str
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class Rejection:
    """A file or manifest row that could not be used, with a reason a person can act on."""

    file: str
    reason: str
    fatal: bool = True  # False: a warning (e.g. a bad manifest row whose article still loaded)


@dataclass(frozen=True, slots=True)
class TimeMatch:
    """A temporal expression found in text, resolved to an inclusive calendar interval (or not)."""

    text: str
    char_start: int
    char_end: int
    start: date | None
    end: date | None
    granularity: Granularity | None
    basis: TimexBasis
    note: str = ""  # why it was resolved this way (e.g. "weekday contradicted date; year adjusted")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    char_start: int
    char_end: int
    text: str


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named-entity mention in one article.

    ``key`` is the in-article canonical form (a surname-only mention points at the full name introduced
    earlier in the same article); cross-article resolution maps keys to actors.
    """

    text: str
    char_start: int
    char_end: int
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, ...
    type: ActorType
    key: str
    role: str | None = None  # e.g. "Kremlin spokesman", seen next to the mention


@dataclass(frozen=True, slots=True)
class StatementMatch:
    """An attributed statement found in one article (before actors are resolved across the corpus)."""

    text: str  # the content of what was said
    char_start: int  # content span
    char_end: int
    direct: bool
    speaker_text: str  # the mention identifying the speaker as written ("he", "Mr. Kirby", "the Kremlin")
    speaker_start: int | None  # offsets of speaker_text, None when the speaker is unknown
    speaker_end: int | None
    cue: str = ""  # the cue as written ("said", "according to", a dash)
    cue_start: int | None = None
    cue_end: int | None = None
    # The named mention the speaker refers to: the speaker span itself when it is a name, the antecedent's
    # span for a pronoun or a description ("he", "the Chancellor"); None when nothing named was found.
    ref_start: int | None = None
    ref_end: int | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...]
    mention_count: int
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    id: str
    article_id: str
    speaker: str | None
    speaker_id: str | None
    speaker_text: str
    text: str
    direct: bool
    char_start: int
    char_end: int
    said_start: date | None
    said_end: date | None
    said_basis: SaidBasis
    sentence: str
    sentence_start: int
    sentence_end: int
    said_text: str | None = None  # the date expression as written, when explicit
    said_granularity: Granularity | None = None


@dataclass(frozen=True, slots=True)
class EventMention:
    """A happening in one sentence, with the date expression that governs it."""

    article_id: str
    char_start: int  # the sentence span
    char_end: int
    sentence: str
    date_text: str | None
    start: date | None
    end: date | None
    granularity: Granularity | None
    actors: tuple[str, ...]  # actor ids
    kind: str
    predicate: str = ""
    outlet: str | None = None
    candidate_id: str = ""
    # How the date was found: "explicit" (written by the predicate), "anchored" ("a day after X", through
    # X's date), "context" (an undated statement right after a dated one), "publication" (an undated
    # statement: the day the article appeared, which may be a day late).
    date_basis: str = "explicit"
    clause: str = ""  # the predicate's clause: what similarity and titles are computed from
    agent: str | None = None  # actor id of who did or said it, when the parse or the speaker tells


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title: str
    kind: str
    start: date | None
    end: date | None
    granularity: Granularity | None
    actors: tuple[str, ...]  # canonical actor names
    mentions: tuple[EventMention, ...]
    outlets: tuple[str, ...]
    date_conflict: bool
    conflict_note: str = ""
    actor_ids: tuple[str, ...] = field(default=())
    # how well each mention stands for the event (its similarity to the others, favouring one that writes
    # the event's date), in ``mentions``' order: evidence shows the highest first; empty when not computed
    centrality: tuple[float, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class LocalStatement:
    """A statement as one article tells it: speaker as an in-article key, date from the article alone."""

    id: str
    article_id: str
    match: StatementMatch
    speaker_key: str | None
    speaker_type: ActorType | None
    said: TimeMatch | None  # the date expression in the attribution clause, when there is one
    said_start: date | None
    said_end: date | None
    said_basis: SaidBasis
    sentence: Sentence


@dataclass(frozen=True, slots=True)
class EventCandidate:
    """A dated happening in one sentence, before actors are resolved and reports are grouped."""

    id: str
    article_id: str
    char_start: int  # the sentence span
    char_end: int
    sentence: str
    date_text: str | None
    start: date | None
    end: date | None
    granularity: Granularity | None
    kind: str
    predicate: str
    actor_keys: tuple[str, ...]
    date_basis: str = "explicit"  # see EventMention
    clause: str = ""
    agent_key: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    """Everything extraction finds in one article; the unit the store replaces when an article changes."""

    article: Article
    sentences: tuple[Sentence, ...]
    timexes: tuple[TimeMatch, ...]
    mentions: tuple[EntityMention, ...]
    statements: tuple[LocalStatement, ...]
    event_candidates: tuple[EventCandidate, ...]
