"""Attributions in the wide sense, read from a dependency parse of the few sentences that need one.

Reported speech with a quotation or a "said" is found by token rules (``core``). What those rules cannot
see is the attribution of beliefs, intentions, judgements and evidence: "Clinton believes the economy is
improving", "Trump wants to renegotiate NAFTA", "Republicans criticized the deal", "a new poll shows
Clinton ahead". Those need the predicate's subject and complement, so each sentence holding one of the
predicates of ``resources/attitudes.tsv`` is parsed on its own, reusing the token vectors the fast
pipeline already computed (``doc.tensor``): only the parser's own layers run, on a fraction of the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

from spacy.tokens import Doc, Token

from dateline.statements.lexicon import closed_class, rows, words_of

PERSONAL_PRONOUNS = closed_class("source-pronoun")
RELATIVE = closed_class("relative-subject")
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})  # spaCy's labels for a named source
EMPTY_OBJECTS = closed_class("empty-object")  # objects that say nothing about what the source said or thinks
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
# endings of nouns for people by what they do or believe ("environmentalists", "historians"): sources too
PERSON_SUFFIXES = tuple(sorted(closed_class("person-suffix")))


@lru_cache(maxsize=2)
def predicates(nouns: bool = False) -> dict[str, tuple[str, frozenset[str]]]:
    """Lemma -> (class, frames) from ``attitudes.tsv``: the verbs and adjectives, or the nouns."""
    out = {}
    for row in rows("attitudes.tsv"):
        if len(row) >= 3 and (row[1] == "noun") == nouns:
            out[row[0].lower()] = (row[1], frozenset(f.strip() for f in row[2].split(",") if f.strip()))
    return out


def _inflections(lemma: str) -> set[str]:
    """Regular English inflections (over-generating is harmless: the parse decides what is a verb)."""
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        plural = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
        forms |= {plural, lemma + "ed", lemma + "ing", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@lru_cache(maxsize=1)
def forms() -> dict[str, str]:
    """Every surface form (lowercase) of a verb or adjective predicate -> its lemma."""
    out: dict[str, str] = {}
    for lemma, (cls, _) in predicates().items():
        for form in ({lemma} if cls == "stance" else _inflections(lemma)):
            out.setdefault(form, lemma)
    for row in rows("irregular.tsv"):
        if len(row) >= 2 and row[1] in predicates():
            out[row[0].lower()] = row[1]
    return out


@lru_cache(maxsize=1)
def stance_words() -> frozenset[str]:
    """The adjectives of ``attitudes.tsv`` ("sure", "convinced")."""
    return frozenset(lemma for lemma, (cls, _) in predicates().items() if cls == "stance")


@lru_cache(maxsize=1)
def noun_forms() -> dict[str, str]:
    """Singular and plural of each noun predicate -> its lemma."""
    out = {}
    for lemma in predicates(nouns=True):
        out[lemma] = lemma
        out[lemma[:-1] + "ies" if lemma.endswith("y") else lemma + ("es" if lemma.endswith("s") else "s")] = lemma
    return out


@lru_cache(maxsize=1)
def source_nouns() -> frozenset[str]:
    """Common nouns that can head a source, singular and plural, plus the role and group speaker words."""
    words = {row[0].lower() for row in rows("sources.txt")}
    words |= words_of("role") | words_of("group")
    plurals = {w[:-1] + "ies" if w.endswith("y") and w[-2:-1] not in "aeiou" else
               w + "es" if w.endswith(("s", "sh", "ch", "x")) else w + "s" for w in words}
    return frozenset(words | plurals | closed_class("source-plural"))


@lru_cache(maxsize=1)
def _parser_pipes() -> tuple:
    """The tok2vec, tagger and parser of the parsing pipeline (one cached model load, never a download)."""
    from dateline.nlp import load_nlp

    nlp = load_nlp(parser=True)
    return nlp.get_pipe("tok2vec"), nlp.get_pipe("tagger"), nlp.get_pipe("parser")


def tags_of(doc: Doc) -> list[str]:
    """Penn tags of every token, without touching ``doc``: the tagger is one linear layer over the vectors
    the fast pipeline already computed, so this costs next to nothing."""
    if doc.has_annotation("TAG"):
        return [t.tag_ for t in doc]
    if len(doc) == 0:
        return []
    tok2vec, tagger, _ = _parser_pipes()
    target = doc
    if doc.tensor is None or doc.tensor.size == 0 or doc.tensor.shape[0] != len(doc):
        target = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        target = tok2vec(target)
    guesses = tagger.predict([target])  # label indices per token
    labels = tagger.labels
    return [labels[int(i)] for i in guesses[0]]


def parse_spans(doc: Doc, spans: Sequence[tuple[int, int]], tags: Sequence[str] | None = None,
                ) -> Iterator[tuple[int, Sequence[Token]]]:
    """``(token offset, parsed tokens)`` for each token span ``[a, b)`` of ``doc``.

    A doc that is already parsed is used as it is; otherwise each span becomes a small doc carrying the
    fast pipeline's vectors (and ``tags`` when given), and only the parser (and the tagger, without
    tags) runs on it; the tok2vec too if the doc has no vectors.
    """
    if not spans:
        return
    if doc.has_annotation("DEP"):
        for a, b in spans:
            yield 0, doc[a:b]
        return
    tok2vec, tagger, parser = _parser_pipes()
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    has_vectors = doc.tensor is not None and doc.tensor.size > 0 and doc.tensor.shape[0] == len(doc)
    small = []
    for a, b in spans:
        sd = Doc(doc.vocab, words=words[a:b], spaces=spaces[a:b], tags=list(tags[a:b]) if tags else None)
        if has_vectors:
            sd.tensor = doc.tensor[a:b]
        small.append(sd)
    if not has_vectors:
        small = list(tok2vec.pipe(small))
    if not tags:
        small = list(tagger.pipe(small))
    small = list(parser.pipe(small))
    for (a, _), sd in zip(spans, small, strict=True):
        yield a, sd


def subject_of(tok: Token, depth: int = 0) -> Token | None:
    """The subject a predicate is about, through coordination, control and relative clauses."""
    if depth > 4:
        return None
    for c in tok.children:
        if c.dep_ == "nsubj":
            if c.lower_ in RELATIVE and tok.dep_ == "relcl":
                return tok.head  # "Trump, who wants to ...": the noun the clause belongs to
            return c
    if tok.dep_ in ("conj", "xcomp") or (tok.dep_ == "advcl" and (tok.tag_ == "VBG" or _infinitive(tok))):
        return subject_of(tok.head, depth + 1)  # "..., citing X", "went on to discuss X"
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.tag_ == "VBG":
        return subject_of(tok.head.head, depth + 1)  # "steered clear of criticizing X"
    if tok.dep_ in ("acomp", "oprd"):
        return subject_of(tok.head, depth + 1)
    if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.tag_ == "VBG"):
        return tok.head if tok.head.pos_ in ("NOUN", "PROPN") else None
    return None


def is_source(tok: Token, ent_label: str) -> bool:
    """A subject that can hold or utter a view: a named entity, a proper noun, a personal pronoun, or a
    common noun for people (listed, or by its ending), institutions or documents."""
    low = tok.lower_
    if low in PERSONAL_PRONOUNS:
        return True
    if low in EMPTY_OBJECTS or tok.pos_ == "PRON" and low not in source_nouns():
        return False
    return ent_label in NAMED or tok.tag_ in ("NNP", "NNPS") or low in source_nouns() or (
        tok.tag_ in ("NN", "NNS") and low.endswith(PERSON_SUFFIXES))


def _infinitive(tok: Token) -> bool:
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children)


def _content_word(tok: Token, ent_label: str) -> bool:
    """An object worth reporting: not an empty pronoun, not a date read as an object ("said Friday")."""
    return tok.lower_ not in EMPTY_OBJECTS and ent_label not in ("DATE", "TIME")


def _has_clause(noun: Token) -> bool:
    """A noun with a clause of its own: "claims that ...", "a request to restore ...", "the view that ..."."""
    return any(c.dep_ in ("acl", "ccomp") and (_infinitive(c) or any(
        m.dep_ == "mark" and m.lower_ in ("that", "whether") for m in c.children)) for c in noun.children)


def _prop_predicate(tok: Token, frames: frozenset[str], ent_label) -> list[Token]:
    """What makes a bare object a proposition: a predicate on it ("criticized the plan as reckless",
    "considered it an insult", "wants them to leave"), or a preposition of the frames whose object is not a
    date ("criticized Obama for not acting", "praised officials for their work"). Called on the predicate,
    and on the object too, where the parse may hang the preposition ("praised the firefighters for ...")."""
    def framed(c: Token) -> bool:
        return c.dep_ == "prep" and f"p:{c.lower_}" in frames and any(
            g.dep_ in ("pobj", "pcomp") and _content_word(g, ent_label(g.i)) for g in c.children)

    def predicative_as(c: Token) -> bool:  # "criticized the plan as reckless", not "deals such as NAFTA"
        return c.dep_ == "prep" and c.lower_ == "as" and not (c.i > 0 and c.doc[c.i - 1].lower_ == "such")

    return [c for c in tok.children if c.dep_ in ("oprd", "ccomp", "xcomp") or predicative_as(c) or framed(c)]


def complements(tok: Token, frames: frozenset[str], ent_label) -> list[Token]:
    """The complements of predicate ``tok`` that carry the attributed content, by its frames.

    ``prop`` is the object of an attitude, a perception or a dealing ("criticize", "recognise", "discuss"):
    it counts only as a proposition (``_has_clause``, ``_prop_predicate``), never as a bare noun phrase,
    since "Russia criticized Western countries" says nothing Western countries are claimed to be or do.
    """
    out = []
    predicate = [c for c in tok.children if c.dep_ in ("oprd", "ccomp", "xcomp") or
                 c.dep_ == "prep" and c.lower_ == "as"]
    prop = _prop_predicate(tok, frames, ent_label) if "prop" in frames else []
    for c in tok.children:
        dep = c.dep_
        clause = dep == "ccomp" and "clause" in frames
        if clause or dep == "xcomp" and "inf" in frames and _infinitive(c):
            out.append(c)
        elif dep == "dobj" and "prop" in frames and (prop or _has_clause(c) or _prop_predicate(c, frames, ent_label)) \
                and _content_word(c, ent_label(c.i)):
            out.append(c)
            out.extend(prop)
        elif dep == "dobj" and ("obj" in frames or "obj+" in frames and predicate) \
                and _content_word(c, ent_label(c.i)):
            out.append(c)
            if "obj+" in frames:
                out.extend(predicate)
        elif dep == "prep" and f"p:{c.lower_}" in frames:
            out.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp") and _content_word(g, ent_label(g.i)))
        elif dep == "prep" and f"pp:{c.lower_}" in frames:
            out.extend(g for g in c.children if g.dep_ == "pcomp" or g.dep_ == "pobj" and _has_clause(g))
    return out


def _noun_complements(tok: Token, frames: frozenset[str]) -> list[Token]:
    """The content of a noun predicate: "claim that ...", "pledge to ...", "call for ..."."""
    out = []
    for c in tok.children:
        if c.dep_ in ("acl", "relcl", "ccomp"):
            that = any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            if "clause" in frames and that or "inf" in frames and _infinitive(c):
                out.append(c)
        elif c.dep_ == "prep" and f"p:{c.lower_}" in frames:
            out.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
    return out


def _passive(tok: Token, frames: frozenset[str]) -> tuple[Token, Token] | None:
    """``(content, source)`` of a passive with its agent: "Clinton was endorsed by the Times"."""
    if "obj" not in frames and "clause" not in frames:
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if subj is None or source is None or subj.lower_ in EMPTY_OBJECTS or subj.lower_ in PERSONAL_PRONOUNS:
        return None
    return subj, source


def _noun_source(tok: Token) -> Token | None:
    """Whose claim: the possessor ("Trump's claim"), or a name in front ("a New York Times report")."""
    for c in tok.children:
        if c.dep_ == "poss" and c.i < tok.i:
            return c
    names = [c for c in tok.children if c.dep_ in ("compound", "nmod") and c.i < tok.i and c.tag_ in ("NNP", "NNPS")]
    return names[-1] if names else None


def _describes_a_thing(tok: Token) -> bool:
    """The predicate stands in a relative clause that a preposition opens ("the terms on which he would be
    willing to ...", "the conditions under which they want ..."): the clause says what the thing is, it
    reports no one's attitude."""
    clause = tok.head if tok.dep_ in ("acomp", "oprd") else tok
    if clause.dep_ != "relcl":
        return False
    return any(c.dep_ == "prep" and any(g.dep_ == "pobj" and g.lower_ in ("which", "whom") for g in c.children)
               for c in clause.children)


def attributions(tokens: Sequence[Token], offset: int, is_cue, ent_label) -> Iterator[tuple[Token, Token, int, int]]:
    """``(cue, subject, content start, content end)`` (token indices into the sentence's own doc) for each
    predicate of ``tokens`` with a source subject and a content complement.

    ``is_cue(i)`` says whether global token ``i`` may be a cue (not inside a quotation, not claimed yet);
    ``ent_label(i)`` gives its entity label.
    """
    table, surface = predicates(), forms()
    nouns, noun_surface = predicates(nouns=True), noun_forms()

    def label(i: int) -> str:
        return ent_label(offset + i)

    for tok in tokens:
        lemma = surface.get(tok.lower_)
        noun = noun_surface.get(tok.lower_)
        if lemma is None and noun is None or not is_cue(offset + tok.i):
            continue
        if tok.tag_ in ("NN", "NNS"):
            if noun is None:
                continue
            comps = _noun_complements(tok, nouns[noun][1])
            subj = _noun_source(tok) if comps else None
            cls = "noun"
        elif lemma is None:
            continue
        else:
            cls, frames = table[lemma]
            if cls == "stance":
                if tok.dep_ not in ("acomp", "oprd"):
                    continue
                comps = complements(tok, frames, label) or [
                    c for c in complements(tok.head, frames, label) if c.i > tok.i]
            else:
                if tok.tag_ not in VERB_TAGS or tok.dep_ in ("amod", "compound", "auxpass"):
                    continue
                if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
                    passive = _passive(tok, frames)  # "X was first reported by the Post"
                    if passive is not None and is_source(passive[1], label(passive[1].i)):
                        yield tok, passive[1], passive[0].left_edge.i, passive[0].right_edge.i + 1
                    continue
                comps = complements(tok, frames, label)
            subj = subject_of(tok) if comps else None
        if not comps or subj is None or not is_source(subj, label(subj.i)):
            continue
        if cls == "evidence" and (subj.lower_ in PERSONAL_PRONOUNS or label(subj.i) == "PERSON"):
            continue  # "Clinton showed bad judgment": a person showing is not evidence reported
        if cls != "speech" and _describes_a_thing(tok):
            continue  # "the terms on which he would be willing to discuss": the terms, not his stance
        start = min(c.left_edge.i for c in comps)
        end = max(c.right_edge.i for c in comps) + 1
        if start <= subj.i < end or start <= tok.i < end:
            continue  # a subject or cue inside its own content: a misparse
        yield tok, subj, start, end
