"""Statement attribution from NER, token patterns and a cue lexicon, plus a parse where a predicate needs one.

The passes, in order, each in its own module:

1. ``tokens``: the article as token arrays, sentences, paragraphs and quotations;
2. ``layouts``: statements the layout marks (transcript lines, "Source: ..." headlines);
3. ``cues``: every cue word outside quotations, read by ``attribute`` into a speaker (``speakers``) and a
   content (``content``);
4. ``continuations``: quotations no cue claimed, carried on by the speaker before them;
5. ``parsed``: beliefs, intentions and judgements from a parse of the few sentences that hold one;
6. ``coreference``: pronouns and descriptions pointed at the named person they stand for;
7. ``nesting``: a statement inside another's content is dropped, unless it is speech by someone else;
8. ``propositions``: a content that states nothing (a time or place phrase, a relative clause's rest, a
   bare noun phrase after "said") is dropped.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.records import StatementMatch
from dateline.statements.continuations import continuations, cut_at_attributions
from dateline.statements.coreference import resolve
from dateline.statements.cues import attribute, find_cues
from dateline.statements.layouts import headline, transcripts
from dateline.statements.nesting import drop_nested
from dateline.statements.parsed import clause_statements
from dateline.statements.propositions import propositions
from dateline.statements.spans import Found, Mention
from dateline.statements.speakers import plausible_speaker
from dateline.statements.tokens import ArticleTokens


def extract(art: ArticleTokens) -> list[Found]:
    """All statements of an article, unresolved (see ``resolve``)."""
    found: list[Found] = transcripts(art)
    found += [h for h in headline(art) if h.content not in {f.content for f in found}]
    seen = {f.content for f in found}
    sentence_speakers: dict[int, Mention] = {}  # the first speaker of each sentence, for "..., adding that"
    for order, (a, b, cue) in enumerate(find_cues(art)):
        f = attribute(art, a, b, cue, order, sentence_speakers)
        if f is None or f.speaker is None:
            continue
        sentence_speakers.setdefault(art.sentence_of(art.starts[a])[0], f.speaker)
        if f.content in seen:
            continue
        found.append(f)
        seen.add(f.content)
    found.sort(key=lambda f: f.content[0])
    found.extend(continuations(art, found, seen))
    cut_at_attributions(art, found)
    found.sort(key=lambda f: (f.content[0], f.order))
    return found


def _with_plausible_speakers(art: ArticleTokens, found: list[Found]) -> list[Found]:
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
    art = ArticleTokens(doc)
    found = _with_plausible_speakers(art, extract(art))
    # a cue whose speaker the rules cut badly is left to the parse ("Cruz has long said that ...")
    found += _with_plausible_speakers(art, clause_statements(art, found))
    resolve(art, found)
    found = propositions(art, drop_nested(art, found))
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
