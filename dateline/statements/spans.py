"""The working records of the token rules: a speaker mention, a statement found, a cue in its sentence.

They are mutable on purpose: later passes trim a speaker (``plausible_speaker``), point a pronoun at its
referent (``coreference``) or cut a content short (``continuations``). Only ``core.find`` turns them into
``StatementMatch`` records.
"""

from __future__ import annotations

from dataclasses import dataclass

from dateline.statements.lexicon import Cue
from dateline.statements.quotes import Quote


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


@dataclass(slots=True)
class CueSite:
    """One cue occurrence with the bounds of its sentence, computed once for all the steps of ``attribute``."""

    start: int  # first token of the cue
    end: int  # token after the cue
    cue: Cue
    order: int  # position among the article's cues: ties between statements go to the earlier cue
    char_start: int
    char_end: int
    s_start: int  # the sentence, in characters
    s_end: int
    lo: int  # the sentence, in tokens
    hi: int
    around: Quote | None  # a quotation the sentence starts inside
    info: tuple[int, int, str]  # the cue as a Found records it: char span and text


@dataclass(slots=True)
class Subject:
    """Who a (non-source) cue attributes to, and where that subject phrase sits: content is looked for
    after the cue and its inverted speaker, or before the subject phrase."""

    speaker: Mention | None
    left: bool  # the speaker is the subject before the cue ("Peskov said")
    participle: bool  # "..., saying ...": the speaker is the subject of the sentence
    opening: bool  # the cue opens its sentence ("Said Ellis: ...")
    before_subject: int  # char where the subject phrase starts: content before the cue ends here
    prev_tok: int  # the token just before the subject phrase
    after_comma: bool  # the subject phrase follows a comma, a dash or a closing quote mark
    q_before: Quote | None  # a quotation closing right before the subject ("“...,” he said")
    after_cue: int  # first token after the cue and any inverted speaker
