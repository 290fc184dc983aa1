"""Speaker mentions: the noun phrase a cue attributes to, found from token text and entity labels alone.

The subject before a cue ("Dmitri S. Peskov, a Kremlin spokesman, said"), the inverted speaker after it
("..., said Mr. Kirby"), the object of "according to", the subject a participle hangs on; each is
classified as a named person or organisation, a pronoun, a description ("the Chancellor") or a group.
"""

from __future__ import annotations

from dateline.statements import clauses
from dateline.statements.lexicon import (
    BOUNDARY,
    COORDINATORS,
    DATE_LEADS,
    DETERMINERS,
    HONORIFICS,
    NOT_SPEAKERS,
    NP_LINKS,
    NP_LINKS_LEFT,
    NP_TAILS,
    PERCENT,
    PRONOUNS,
    RELATIVES,
    SENTENCE_WORDS,
    SUBORDINATORS,
    cue_words,
    words_of,
)
from dateline.statements.spans import Mention
from dateline.statements.tokens import NAMED_LABELS, ORG_LABELS, ArticleTokens


def name_span(art: ArticleTokens, k: int, lo: int) -> tuple[int, int]:
    """The token span of the name around token ``k``: its entity widened over capitalised neighbours."""
    a, b = art.ent_span[k] or (k, k + 1)
    titles = words_of("title") | words_of("role") | words_of("group")
    while a - 1 >= lo and not art.is_punct(a - 1) and art.capitalised(a - 1) and art.lower[a - 1] not in titles \
            and art.ent[a - 1] in ("", "PERSON", art.ent[k]) and art.lower[a - 1] not in BOUNDARY:
        a -= 1
    while b < art.n and art.words[b][:1].isupper() and art.lower[b] not in cue_words() \
            and art.ent[b] in ("", art.ent[k]) and not art.is_punct(b) and art.lower[b] not in titles:
        b += 1
    if a - 1 >= lo and art.lower[a - 1] in HONORIFICS:
        a -= 1
    while b - 1 > a and (art.lower[b - 1] in ("'s", "’s", "'", "’") or art.is_punct(b - 1)):
        b -= 1
    return a, b


def mention(art: ArticleTokens, a: int, b: int, lo: int) -> Mention | None:
    """Classify the token span ``[a, b)`` as a speaker mention."""
    if a >= b or art.in_quote[a] or art.in_quote[b - 1]:
        return None  # a speaker is never inside the quotation
    if b - a == 1 and (art.lower[a] in DETERMINERS or art.ent[a] in ("DATE", "TIME", "CARDINAL", "ORDINAL")
                       or art.lower[a].endswith("ly") or not art.words[a][:1].isalpha()):
        return None
    if all(art.ent[k] in ("DATE", "TIME") for k in range(a, b)):
        return None
    pronouns = words_of("pronoun-m") | words_of("pronoun-f") | words_of("pronoun-p") | words_of("pronoun-x")
    if b - a == 1 and art.lower[a] in pronouns:
        return Mention(art.starts[a], art.ends[a], "pronoun", head=art.lower[a],
                       person=art.lower[a] not in words_of("pronoun-x"))
    head = b - 1
    possessive = any(art.lower[k] in ("'s", "’s") for k in range(a, b))
    persons = [k for k in range(a, b) if art.ent[k] == "PERSON"]
    role = _role_of_organisation(art, a, head) if not persons else None
    if role is not None:
        # "the chairman of the Joint Chiefs of Staff": a person by role, not the organisation in the title
        return Mention(art.starts[a], art.ends[b - 1], "description", None, art.lower[role], person=True)
    if art.ent[head] in NAMED_LABELS or (art.capitalised(head) and art.lower[head] not in words_of("role")
                                          and art.lower[head] not in words_of("group")):
        if art.ent[head] == "PERSON" or (not art.ent[head] and art.capitalised(head)):
            na, nb = name_span(art, head, a)
            if not possessive:
                return Mention(art.starts[na], art.ends[nb - 1], "named", (art.starts[na], art.ends[nb - 1]),
                               art.lower[head], person=True)
        span = art.ent_span[head] or (head, head + 1)
        person = art.ent[head] == "PERSON" or (span[1] - span[0] == 1 and art.lower[head] in art.surnames)
        mention_start = a if not persons or possessive else span[0]
        return Mention(art.starts[mention_start], art.ends[b - 1], "named" if not possessive else "group",
                       (art.starts[span[0]], art.ends[span[1] - 1]) if not possessive else None,
                       art.lower[head], person=person)
    # a common noun phrase: a description of a person, or a group / institution; a nationality adjective
    # ("Russian officials", "Democratic lawmakers") is no referent: the group is the speaker
    named = [k for k in range(a, b) if art.ent[k] in ORG_LABELS and not demonym(art, k)
             or (art.ent[k] == "PERSON" and not possessive)]
    ref = None
    if named:
        e = art.ent_span[named[-1]] or (named[-1], named[-1] + 1)
        ref = (art.starts[e[0]], art.ends[e[1] - 1])
    if persons and not possessive:
        na, nb = name_span(art, persons[-1], a)
        return Mention(art.starts[na], art.ends[nb - 1], "named", (art.starts[na], art.ends[nb - 1]),
                       art.lower[nb - 1], person=True)
    h = art.lower[head]
    kind = "description" if h in words_of("role") and art.lower[a] in DETERMINERS else "group"
    if h in words_of("group") or h.endswith("s") and h not in words_of("role"):
        kind = "group"
    return Mention(art.starts[a], art.ends[b - 1], kind, ref, h, person=kind == "description")


def demonym(art: ArticleTokens, k: int) -> bool:
    """Token ``k`` is an adjective of nationality, party or faith ("Russian", "Democratic"): a NORP entity,
    or a place or organisation name that ends in a word the tagger reads as an adjective."""
    span = art.ent_span[k] or (k, k + 1)
    return art.ent[k] == "NORP" or art.ent[k] in ("GPE", "LOC", "ORG") and art.tags[span[1] - 1] == "JJ"


def _role_of_organisation(art: ArticleTokens, a: int, head: int) -> int | None:
    """The role word of "ROLE of ORGANISATION" ("the chairman of the Joint Chiefs of Staff", "the head of
    the agency"), when the phrase ends in that organisation's name; ``None`` otherwise."""
    roles = words_of("role") | words_of("title")
    span = art.ent_span[head]
    if span is None or art.ent[head] not in ORG_LABELS:
        return None
    for k in range(a + 1, head):
        if art.lower[k] == "of" and art.lower[k - 1] in roles and span[0] > k:
            return k - 1
    return None


def np_left(art: ArticleTokens, end: int, lo: int) -> tuple[int, int] | None:
    """The noun phrase ending just before token ``end`` (exclusive), not reaching before ``lo``."""
    j = end - 1
    if j < lo or art.is_punct(j) and art.lower[j] not in ("'s", "’s"):
        return None
    if art.lower[j] in BOUNDARY - {"it"} or art.lower[j] in cue_words():
        return None
    if art.lower[j] in PRONOUNS:
        return j, j + 1
    a = j
    if art.ent_span[j]:
        a = max(lo, art.ent_span[j][0])
    named = bool(art.ent[j]) or art.capitalised(j)
    count = 0
    while a - 1 >= lo and count < 8:
        p = a - 1
        w = art.lower[p]
        if w in ("'s", "’s"):
            a = p
            continue
        if art.is_punct(p):
            break
        if w in DETERMINERS and w != "that":
            a = p
            link = p - 1  # "one of the advisers", "Kremlin notes from the call": the phrase goes on
            if not (link - 1 >= lo and art.lower[link] in NP_LINKS_LEFT and not art.is_punct(link - 1)
                    and art.lower[link - 1] not in BOUNDARY and art.lower[link - 1] not in cue_words()
                    and art.tags[link - 1] in ("NN", "NNS", "NNP", "NNPS", "CD")):
                break
            a = link - 1
            named = False
            count += 2
            continue
        if w in NP_LINKS_LEFT and p - 1 >= lo and not art.is_punct(p - 1) and art.lower[p - 1] not in BOUNDARY \
                and art.lower[p - 1] not in cue_words():
            a = p - 1
            named = False
            count += 2
            continue
        if w in COORDINATORS and a < j and p - 1 >= lo and (demonym(art, a) or art.tags[a] == "JJ") and (
                demonym(art, p - 1) or art.tags[p - 1] == "JJ"):
            a = p  # "Democratic and Republican senators": coordinated modifiers of one head
            continue
        if w in BOUNDARY or w in cue_words() or w in words_of("skip"):
            break
        if named and not (art.capitalised(p) or w in words_of("title") or w in words_of("role")
                          or w in words_of("group") or art.ent[p] or w in HONORIFICS):
            break
        if art.words[p][:1].isupper() and w in SENTENCE_WORDS:
            break
        a = max(lo, art.ent_span[p][0]) if art.ent_span[p] else p
        count += 1
    return a, j + 1


def skip_back(art: ArticleTokens, k: int, lo: int) -> int:
    """Step left over adverbs, auxiliaries and dates between a speaker and its cue ("Peskov on Friday said")."""
    skip = words_of("skip")
    while k - 1 >= lo:
        w = art.lower[k - 1]
        if w in skip:
            k -= 1
        elif w in ("--", "—", "–") and k - 2 >= lo:
            depth = k - 2
            while depth >= lo and art.words[depth] != w and k - depth <= 40:
                depth -= 1
            if depth < lo or art.words[depth] != w:
                break
            k = depth  # "John Dickey -- the chief executive of Ora -- told me"
        elif w == ")":
            depth = k - 1
            while depth >= lo and art.words[depth] != "(":
                depth -= 1
            if depth < lo or k - 1 - depth > 8:
                break
            k = depth
        elif art.ent[k - 1] in ("DATE", "TIME"):
            a = art.ent_span[k - 1][0] if art.ent_span[k - 1] else k - 1
            k = max(lo, a)
            if k - 1 >= lo and art.lower[k - 1] in DATE_LEADS:
                k -= 1
        else:
            break
    return k


def speaker_left(art: ArticleTokens, cue_tok: int, lo: int) -> tuple[Mention, int] | None:
    """The subject of a cue: ``(mention, first token of the whole subject phrase)``."""
    k = skip_back(art, cue_tok, lo)
    if k - 1 < lo:
        return None
    w = art.lower[k - 1]
    if w in RELATIVES:
        k2 = k - 1
        if k2 - 1 >= lo and art.words[k2 - 1] == ",":
            k2 -= 1
        np = np_left(art, k2, lo)
        if np is None:
            return None
        m = mention(art, *np, lo)
        return (m, np[0]) if m else None
    if art.words[k - 1] == ",":
        return _appositive_subject(art, k - 1, lo)
    np = np_left(art, k, lo)
    if np is None:
        return None
    m = mention(art, *np, lo)
    return (m, np[0]) if m else None


def _appositive_subject(art: ArticleTokens, c1: int, lo: int) -> tuple[Mention, int] | None:
    """The subject of a cue after a comma, ``c1``: the name before an appositive ("Dmitri S. Peskov, a
    Kremlin spokesman, said"), or a person named in the appositive of a role ("the chairman of the Joint
    Chiefs of Staff, Mark A. Milley, told"). Appositives can stack: "Michael Mulgrew, president of the
    teachers' union, which represents educators, said" steps back over the role and the relative clause."""
    end = c1
    for c2 in range(c1 - 1, max(lo, c1 - 36) - 1, -1):
        if art.words[c2] in (".", ";", ":", "!", "?") or art.lower[c2] in cue_words():
            return None
        if art.words[c2] != ",":
            continue
        if c2 + 1 >= end or c1 - c2 > 22 and end == c1:
            return None
        inner = mention(art, c2 + 1, end, c2 + 1)
        np = np_left(art, c2, lo)
        m = mention(art, *np, lo) if np is not None else None
        if m is not None and m.kind == "named":
            return m, np[0]
        if inner is not None and inner.kind == "named" and inner.person and end - c2 <= 6:
            return inner, np[0] if np is not None else c2 + 1  # "The state's chairman, Phil Lovas, said"
        if m is None or m.kind != "description" and art.lower[c2 + 1] not in RELATIVES:
            return None
        end = c2  # the phrase before is itself an appositive (a role, a relative clause): one further back
    return None


def np_right(art: ArticleTokens, start: int, hi: int) -> tuple[int, int] | None:
    """The noun phrase starting at token ``start``: an inverted speaker or the object of "according to"."""
    b = start
    while b < hi and b - start < 12:
        w = art.lower[b]
        if art.is_punct(b) and w not in ("'s", "’s"):
            break
        if b > start and art.ent_span[b - 1] and art.ent_span[b - 1][1] == b and not art.ent[b] \
                and art.ent[b - 1] in ("PERSON", "ORG", "GPE", "FAC") and w not in NP_LINKS_LEFT and w not in ("'s", "’s") \
                and not art.words[b][:1].isupper() and w not in words_of("role") and w not in words_of("group") \
                and art.tags[b] not in NP_CONTINUES:
            break  # a name ends the phrase: "according to the United Nations an illegal occupation"
        if w in NP_LINKS and b > start:
            b += 1
            continue
        if w in BOUNDARY - {"the", "it"} or (w in cue_words() and b > start):
            break
        if art.ent[b] in ("DATE", "TIME") and b > start:
            break
        b += 1
    while b > start and art.lower[b - 1] in NP_TAILS:
        b -= 1
    return (start, b) if b > start else None


def appositive_person(art: ArticleTokens, b: int, hi: int) -> tuple[Mention, int] | None:
    """A person named in the appositive after token ``b`` (a comma) up to the next comma or the sentence's
    end: "says the top US federal official overseeing the disaster, Coast Guard Adm Thad Allen". Returns
    the mention and the token after it."""
    if b >= hi or art.words[b] != ",":
        return None
    e = b + 1
    while e < hi and e - b <= 8 and not art.is_punct(e):
        e += 1
    if e == b + 1 or e - b > 8 or e < hi and art.words[e] not in (",", ".", ";") or any(
            art.tags[k] in VERB_TAGS for k in range(b + 1, e)):
        return None  # an appositive is a noun phrase: "According to the Kremlin, Putin also reproached ..."
    m = mention(art, b + 1, e, b + 1)
    return (m, e) if m is not None and m.kind == "named" and m.person else None


def main_subject(art: ArticleTokens, lo: int, before: int) -> Mention | None:
    """The subject a participle cue ("..., saying ...") hangs on: the first mention of its sentence."""
    k = lo
    if art.lower[k] in SUBORDINATORS:
        commas = [i for i in range(lo, before) if art.words[i] == ","]
        if commas:
            k = commas[0] + 1
    while k < before and (art.is_punct(k) or art.lower[k] in SENTENCE_WORDS | DETERMINERS and not art.ent[k]):
        k += 1
    if k >= before:
        return None
    b = k + 1
    if art.ent_span[k]:
        b = art.ent_span[k][1]
    while b < before and not art.is_punct(b) and art.lower[b] not in BOUNDARY and art.lower[b] not in cue_words() \
            and b - k < 6:
        b += 1
    return mention(art, k, min(b, before), lo)


# Penn tags (the tagger's schema): what may head a speaker, and the verbs a speaker phrase cannot hold.
# After a name, an adjective, a noun or a participle go on with the phrase: "the top US federal official".
SPEAKER_HEAD_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP", "CD"})
VERB_TAGS = frozenset({"VB", "VBD", "VBP", "VBZ", "MD"})
NP_CONTINUES = frozenset({"JJ", "NN", "NNS", "VBG"})


def plausible_speaker(art: ArticleTokens, m: Mention) -> Mention | None:
    """The speaker mention if it can say or hold something, trimmed of trailing adverbs and participles
    ("his aides increasingly", "a Quinnipiac poll released"); ``None`` for a phrase the rules cut badly:
    a modifier without its noun ("a clear", "an hourlong"), a clause ("Scott beamed", "It goes"), a cue
    word ("According"), a date ("Friday")."""
    if m.kind == "pronoun":
        return m
    tags = art.tags
    a, b = art.tok_at(m.start), art.tok_at(m.end)
    while b > a and (art.is_punct(b - 1) or tags[b - 1] in ("RB", "RBR", "POS", "VBN", "VBG")
                     and not art.ent[b - 1] or art.lower[b - 1] in ("'s", "’s")):
        b -= 1
    if b <= a:
        return None
    named = {k for k in range(a, b) if art.ent[k] in NAMED_LABELS}
    if not named and art.ent[a] in ("DATE", "TIME"):
        return None  # "mid-November interview", "Friday for releasing the videos"
    if any(tags[k] in VERB_TAGS and k not in named for k in range(a, b)):
        return None
    head = next((k - 1 for k in range(a + 1, b) if art.lower[k] == "of"), b - 1)  # "mother of three"
    if tags[head] in ("CD", "DT", "JJ", "JJS"):
        head = b - 1  # "one of the advisers", "eight of 10 voters"
    word = art.lower[head]
    if word in NOT_SPEAKERS or art.ent[head] in ("DATE", "TIME"):
        return None
    ok = head in named or tags[head] in SPEAKER_HEAD_TAGS - {"CD"} or word in clauses.source_nouns() or (
        tags[head] == "CD" and b < art.n and art.lower[b] in PERCENT)
    if not ok:
        return None
    m.end = art.ends[b - 1]
    return m
