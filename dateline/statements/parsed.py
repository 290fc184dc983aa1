"""Statements read from a dependency parse: the attitude predicates the token rules cannot read.

Beliefs, intentions, judgements and evidence ("Clinton believes ...", "a poll shows ...") need the
predicate's subject and complement; ``clauses`` parses only the sentences that hold such a predicate, and
this module turns its attributions into statements next to the token rules' ones.
"""

from __future__ import annotations

from dateline.statements import clauses
from dateline.statements.lexicon import cue_table
from dateline.statements.spans import Found, Mention
from dateline.statements.speakers import mention
from dateline.statements.tokens import ArticleTokens, trim


def speech_cue(text: str) -> bool:
    """A cue of the token rules that is a plain verb of saying ("said", "told"), not an act ("called for",
    "criticized") or an attitude ("believes"), which the parse reads better."""
    words = tuple(text.lower().split())
    return any(c.speech for c in cue_table().get(words[0], ()) if c.words == words) if words else True


def trigger(art: ArticleTokens, k: int) -> bool:
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


def clause_statements(art: ArticleTokens, found: list[Found]) -> list[Found]:
    """Beliefs, intentions, judgements and evidence attributed to a source, from a parse of only the
    sentences that hold such a predicate (see ``clauses``).

    A cue the token rules already used keeps their reading, unless it is not a verb of saying and the
    parse puts its content elsewhere ("questioned the health of Trump, who is 70": the object, not the
    relative clause); then the parse's reading replaces it.
    """
    by_cue = {f.cue[0]: f for f in found}
    fixed = {k for k, f in by_cue.items() if f.direct or speech_cue(f.cue[2])}
    spans = []
    for s_start, s_end in art.sentences:
        a, b = art.tok_at(s_start), art.tok_at(s_end)
        if any(trigger(art, k) and art.starts[k] not in fixed for k in range(a, b)):
            spans.append((a, b))
    out: list[Found] = []
    claimed = {f.content for f in found}

    def is_cue(k: int) -> bool:
        return not art.in_quote[k] and art.starts[k] not in fixed

    for offset, tokens in clauses.parse_spans(art.doc, spans, art.tags):
        lo = offset + tokens[0].i if len(tokens) else offset
        for cue, subj, c_start, c_end in clauses.attributions(tokens, offset, is_cue, lambda k: art.ent[k]):
            content = trim(art.text, art.starts[offset + c_start], art.ends[offset + c_end - 1])
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
            speaker = mention(art, a, b, lo) if a < b else None
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
