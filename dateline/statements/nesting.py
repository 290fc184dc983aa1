"""Nested attributions: a statement found inside the content of another one.

"Aides say the president continues to believe negotiations are necessary" holds a second predicate
("believe"), and "Biden said he was willing to talk" a second reading of the same content ("willing").
Neither is something the writer reports on its own: the first is the aides' claim about the president,
the second repeats Biden's statement. A nested statement is kept when it reports speech by someone else
("Kremlin notes show that Putin said ..."): what a person said stays their statement even when a document
or another speaker relays it, while a belief, wish or attitude is the relaying speaker's claim. It is kept
too when it is an attribution of its own that the outer content ran over: a quotation, or a cue after a
comma or a conjunction ("..., adding that", "..., though she acknowledged"); the outer content then ends
where it starts.
"""

from __future__ import annotations

from dateline.statements.lexicon import COORDINATORS, closed_class, cue_table, words_of
from dateline.statements.spans import Found, Mention
from dateline.statements.tokens import DASHES, ArticleTokens, trim

# conjunctions that join a second attribution to a clause ("..., but added", "..., though she said")
JOINERS = COORDINATORS | closed_class("joiner")


def speech_act(cue: str) -> bool:
    """The cue is a verb of saying or a speech act of the cue table ("said", "told", "urged"), not a belief,
    an attitude or a weak cue ("believes", "wants", "criticized", "added")."""
    words = tuple(cue.lower().split())
    return bool(words) and any(c.strong for c in cue_table().get(words[0], ()) if c.words == words)


def _token_cue(cue: str) -> bool:
    words = tuple(cue.lower().split())
    return bool(words) and any(c.words == words for c in cue_table().get(words[0], ()))


def _who(art: ArticleTokens, m: Mention | None) -> str | None:
    """The speaker's identity as a head word: the named referent's last word, else the mention's own
    (``None`` for a pronoun nothing resolved)."""
    if m is None:
        return None
    if m.ref is not None:
        words = art.text[m.ref[0] : m.ref[1]].split()
    elif m.kind == "pronoun":
        return None
    else:
        words = art.text[m.start : m.end].split()
    return words[-1].lower().strip(".,’'") if words else None


def _attribution_start(f: Found, outer: Found) -> int | None:
    """Where the nested statement's attribution starts inside the outer content: its speaker, when that
    stands inside, else its cue; ``None`` when neither does."""
    lo, hi = outer.content
    for at in ((f.speaker.start,) if f.speaker is not None else ()) + (f.cue[0],):
        if lo < at < hi and at <= f.cue[0]:
            return at
    return None


def _joined(art: ArticleTokens, at: int) -> int | None:
    """The start of the comma, conjunction or dash right before ``at`` ("..., adding", "..., though she
    said"): an attribution coordinated with the one before it. ``None`` when none stands there."""
    k = art.tok_at(at) - 1
    skip = words_of("skip")
    while k >= 0 and art.lower[k] in skip:
        k -= 1
    if k < 0:
        return None
    if art.words[k] in (",", ";", "--") or art.words[k] in DASHES or art.lower[k] in JOINERS:
        j = k
        if art.lower[k] in JOINERS and k > 0 and art.words[k - 1] == ",":
            j = k - 1
        return art.starts[j]
    return None


def _cut(art: ArticleTokens, outer: Found, at: int) -> None:
    """End the outer content at ``at`` if at least three words are left before it."""
    cut = trim(art.text, outer.content[0], at)
    if outer.content[0] < at < outer.content[1] and len(art.text[cut[0] : cut[1]].split()) >= 3:
        outer.content = cut


def drop_nested(art: ArticleTokens, found: list[Found]) -> list[Found]:
    """``found`` without the statements nested in another's content, except speech by another speaker and
    attributions of their own that the outer content ran over (see the module docstring)."""
    def inside(f: Found, g: Found) -> bool:
        return g is not f and g.content[0] <= f.content[0] and f.content[1] <= g.content[1] \
            and g.content != f.content

    for f in found:  # first every quotation: each clause that ran into it ends where its attribution starts
        for g in found:
            if f.direct and not g.direct and g is not f and g.content[0] < f.content[0] < g.content[1]:
                at = _attribution_start(f, g)
                if at is not None:
                    _cut(art, g, at)
    out = []
    for f in found:
        outer = next((g for g in found if inside(f, g)), None)
        if outer is None:
            out.append(f)
            continue
        at = _attribution_start(f, outer)
        joined = _joined(art, at) if at is not None and _token_cue(f.cue[2]) else None
        if f.direct and not outer.direct or joined is not None:
            out.append(f)
            if at is not None:
                _cut(art, outer, joined if joined is not None else at)
        elif speech_act(f.cue[2]) and _who(art, f.speaker) not in (None, _who(art, outer.speaker)):
            out.append(f)
    return out
