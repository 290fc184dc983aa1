"""Score statement attribution on a PolNeAR-style corpus, beside textacy's direct-quotation baseline.

Data layout: ``corpus/*.txt`` (articles) and ``gold.json``: a list of attributions
``{"file", "content": [[start, end, text], ...], "cue": [[...]], "source": [[...]]}`` with character offsets
into the article text exactly as stored (read with ``newline=""`` so offsets survive CRLF files).

Matching rules (documented here because the figures mean nothing without them):

* A prediction matches a gold attribution when their content overlaps by at least half of the shorter of
  the two (the gold content is the union of its spans). Matching is one-to-one, best overlap first.
* A gold attribution may have several content spans (a quote interrupted by "he said"); a prediction left
  unmatched that covers another of those spans (by the same half rule) is part of that attribution: it is
  counted neither as a hit nor as a false positive.
* "Direct": a gold attribution whose content starts or ends with a quotation mark; a prediction flagged
  ``direct`` (every textacy quotation). Direct recall = matched direct gold / direct gold; direct precision
  = direct predictions matched to any gold / direct predictions.
* Speaker accuracy, over matched pairs whose gold has a source: the speaker is right when its span (the
  ``ref`` span if present, else the speaker span) overlaps the gold source span, or when both have the same
  normalised head word (the last word before any comma, lower-cased, possessive and honorific dropped:
  "Mr. Kirby" = "John F. Kirby, a spokesman" = "kirby"). The speaker span as written is tried too: the
  gold marks the mention as written ("the president"), which a resolved ``ref`` elsewhere cannot overlap.
  A gold source that is a pronoun cannot be checked against an antecedent, so there only the speaker span
  as written is compared.

* "Attributed" precision and recall count a statement only when its content matches and its speaker is
  right (who said what): matched pairs with the right speaker over all predictions, and over all gold.

Run: ``python -m dateline.eval.polnear ../shared/data/polnear-dev``. The same scorer reads any gold in this
format: ``--corpus DIR`` takes the articles from DIR instead of ``DATA/corpus`` (the seed corpus' own gold
is ``tests/data/seed_attributions``: ``python -m dateline.eval.polnear tests/data/seed_attributions
--corpus corpus --no-baseline``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

Span = tuple[int, int]
QUOTE_CHARS = "\"“”‘’'`«»„"
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "you", "him", "her", "them", "who", "which", "his", "its"})
_WORD = re.compile(r"[\w\-]+")
_DROP = frozenset({"mr", "mrs", "ms", "dr", "s", "sen", "rep", "gov", "the", "a", "an"})


@dataclass(frozen=True, slots=True)
class Gold:
    file: str
    content: tuple[Span, ...]
    source: tuple[Span, ...]
    source_text: str
    direct: bool


@dataclass(frozen=True, slots=True)
class Pred:
    content: Span
    direct: bool
    speaker: Span | None  # ref span when present, else the speaker span
    speaker_written: Span | None
    speaker_text: str


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    d_pred: int = 0
    d_pred_ok: int = 0
    d_gold: int = 0
    d_gold_ok: int = 0
    spk_n: int = 0
    spk_ok: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        p, r = ratio(self.tp, self.tp + self.fp), ratio(self.tp, self.tp + self.fn)
        ap, ar = ratio(self.spk_ok, self.tp + self.fp), ratio(self.spk_ok, self.tp + self.fn)
        dp, dr = ratio(self.d_pred_ok, self.d_pred), ratio(self.d_gold_ok, self.d_gold)
        return {
            "precision": p, "recall": r, "f1": ratio(2 * p * r, p + r) if p + r else 0.0,
            "direct_precision": dp, "direct_recall": dr, "direct_f1": ratio(2 * dp * dr, dp + dr) if dp + dr else 0.0,
            "speaker_accuracy": ratio(self.spk_ok, self.spk_n),
            "attributed_precision": ap, "attributed_recall": ar,
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "speaker_n": self.spk_n,
        }


def load_gold(data_dir: Path) -> dict[str, list[Gold]]:
    """Gold attributions grouped by file name."""
    rows = json.loads((data_dir / "gold.json").read_text(encoding="utf-8"))
    out: dict[str, list[Gold]] = {}
    for row in rows:
        content = tuple((int(s), int(e)) for s, e, _ in row.get("content", []))
        if not content:
            continue
        texts = [t.strip() for _, _, t in row.get("content", [])]
        direct = any(t[:1] in QUOTE_CHARS or t[-1:] in QUOTE_CHARS for t in texts if t)
        source = tuple((int(s), int(e)) for s, e, _ in row.get("source", []))
        source_text = " ".join(t for _, _, t in row.get("source", []))
        out.setdefault(row["file"], []).append(Gold(row["file"], content, source, source_text, direct))
    return out


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _matches(pred: Span, spans: Sequence[Span]) -> float:
    """Overlap of ``pred`` with ``spans`` as a share of the shorter side; >= 0.5 is a match."""
    inter = sum(_overlap(pred, s) for s in spans)
    shorter = min(pred[1] - pred[0], sum(e - s for s, e in spans))
    return inter / shorter if shorter > 0 else 0.0


def head_word(text: str) -> str:
    """Normalised head of a speaker mention: last word before any comma, no honorific or possessive."""
    text = re.sub(r"[’']s\b", "", text.split(",")[0])
    words = [w.lower() for w in _WORD.findall(text) if w.lower() not in _DROP]
    return words[-1] if words else ""


def _speaker_ok(pred: Pred, gold: Gold, text: str) -> bool:
    spans = [s for s in (pred.speaker, pred.speaker_written) if s is not None]
    if gold.source_text.strip().lower() in PRONOUNS:
        spans = [pred.speaker_written] if pred.speaker_written else []
    if any(_overlap(s, g) > 0 for s in spans for g in gold.source):
        return True
    gold_head = head_word(gold.source_text)
    return any(head_word(text[s[0] : s[1]]) == gold_head != "" for s in spans)


def score_document(text: str, gold: Sequence[Gold], preds: Sequence[Pred]) -> tuple[Tally, list, list]:
    """Tally of one article, plus the unmatched gold and unmatched predictions (for error analysis)."""
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(gold):
            share = _matches(p.content, g.content)
            if share >= 0.5:
                pairs.append((share, i, j))
    pairs.sort(key=lambda x: -x[0])
    used_p: dict[int, int] = {}
    used_g: dict[int, int] = {}
    for _share, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p[i], used_g[j] = j, i
    parts = set()
    for i, p in enumerate(preds):
        if i in used_p:
            continue
        for j in used_g:
            g = gold[j]
            if len(g.content) > 1 and any(_matches(p.content, [s]) >= 0.5 for s in g.content) and \
                    _matches(preds[used_g[j]].content, [s for s in g.content if _matches(p.content, [s]) >= 0.5]) < 0.5:
                parts.add(i)
                break
    t = Tally()
    t.tp = len(used_p)
    t.fp = len(preds) - len(used_p) - len(parts)
    t.fn = len(gold) - len(used_g)
    for i, p in enumerate(preds):
        if p.direct and i not in parts:
            t.d_pred += 1
            t.d_pred_ok += i in used_p
    for j, g in enumerate(gold):
        if g.direct:
            t.d_gold += 1
            t.d_gold_ok += j in used_g
        if j in used_g and g.source:
            t.spk_n += 1
            t.spk_ok += _speaker_ok(preds[used_g[j]], g, text)
    missed = [g for j, g in enumerate(gold) if j not in used_g]
    spurious = [p for i, p in enumerate(preds) if i not in used_p and i not in parts]
    wrong_speaker = [(preds[i], gold[j]) for i, j in used_p.items()
                     if gold[j].source and not _speaker_ok(preds[i], gold[j], text)]
    return t, missed, spurious + wrong_speaker


def dateline_preds(doc) -> list[Pred]:
    """Dateline's statements as evaluation records."""
    from dateline.statements import find_statements

    out = []
    for s in find_statements(doc):
        written = (s.speaker_start, s.speaker_end) if s.speaker_start is not None else None
        ref = (s.ref_start, s.ref_end) if s.ref_start is not None else written
        out.append(Pred((s.char_start, s.char_end), s.direct, ref, written, s.speaker_text))
    return out


def textacy_preds(doc) -> list[Pred]:
    """textacy's ``direct_quotations`` (needs a parsed doc) as evaluation records."""
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except Exception:  # noqa: BLE001 - the baseline fails on some docs; it then simply finds nothing there
        triples = []
    for q in triples:
        if not q.content:
            continue
        content = (q.content[0].idx, q.content[-1].idx + len(q.content[-1].text))
        speaker = (q.speaker[0].idx, q.speaker[-1].idx + len(q.speaker[-1].text)) if q.speaker else None
        text = " ".join(t.text for t in q.speaker)
        out.append(Pred(content, True, speaker, speaker, text))
    return out


def evaluate(data_dir: Path | str, files: Iterable[str] | None = None, baseline: bool = True,
             collect: bool = False, corpus: Path | str | None = None) -> dict:
    """Figures for Dateline (and the textacy baseline) on ``data_dir``; ``files`` restricts the articles,
    ``corpus`` is where they are (default ``data_dir/corpus``).

    Returns ``{"dateline": {...}, "textacy": {...}, "documents": n}`` (and ``"errors"`` when ``collect``).
    """
    from dateline.nlp import load_nlp

    data_dir = Path(data_dir)
    gold = load_gold(data_dir)
    corpus_dir = Path(corpus) if corpus is not None else data_dir / "corpus"
    paths = sorted(corpus_dir.glob("*.txt"))
    if files is not None:
        wanted = set(files)
        paths = [p for p in paths if p.name in wanted]
    nlp = load_nlp()
    nlp_parsed = load_nlp(parser=True) if baseline else None
    # textacy finds its cue verbs by lemma; the fast pipelines leave the lemmatizer off, so it runs here.
    lemmatize = nlp_parsed.get_pipe("lemmatizer") if nlp_parsed is not None and "lemmatizer" in \
        nlp_parsed.component_names else None
    ours, base = Tally(), Tally()
    errors: list[tuple[str, str, object]] = []
    for path in paths:
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        g = gold.get(path.name, [])
        t, missed, wrong = score_document(text, g, dateline_preds(nlp(text)))
        ours.add(t)
        if collect:
            errors.extend((path.name, "missed", m) for m in missed)
            errors.extend((path.name, "wrong", w) for w in wrong)
        if nlp_parsed is not None:
            parsed = nlp_parsed(text)
            if lemmatize is not None:
                parsed = lemmatize(parsed)
            bt, _, _ = score_document(text, g, textacy_preds(parsed))
            base.add(bt)
    result: dict = {"dateline": ours.figures(), "documents": len(paths)}
    if baseline:
        result["textacy"] = base.figures()
    if collect:
        result["errors"] = errors
    return result


def format_table(result: dict) -> str:
    cols = ["precision", "recall", "f1", "direct_precision", "direct_recall", "direct_f1", "speaker_accuracy"]
    heads = ["P", "R", "F1", "P dir", "R dir", "F1 dir", "speaker"]
    lines = [f"{'system':<10}" + "".join(f"{h:>9}" for h in heads) + f"{'tp/fp/fn':>16}"]
    for name in ("dateline", "textacy"):
        if name in result:
            f = result[name]
            counts = "/".join(str(f[k]) for k in ("tp", "fp", "fn"))
            lines.append(f"{name:<10}" + "".join(f"{f[c]:>9.3f}" for c in cols) + f"{counts:>16}")
    if "dateline" in result:
        f = result["dateline"]
        lines.append(f"attributed (content and speaker right): P {f['attributed_precision']:.3f}"
                     f"  R {f['attributed_recall']:.3f}")
    lines.append(f"({result['documents']} documents)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--no-baseline", action="store_true", help="skip textacy (it needs the parser)")
    parser.add_argument("--errors", action="store_true", help="print missed and wrong attributions")
    parser.add_argument("--corpus", type=Path, help="the articles' folder (default: DATA_DIR/corpus)")
    args = parser.parse_args(argv)
    if not (args.data_dir / "gold.json").exists():
        print(f"no gold.json in {args.data_dir}", file=sys.stderr)
        return 2
    result = evaluate(args.data_dir, baseline=not args.no_baseline, collect=args.errors, corpus=args.corpus)
    corpus_dir = args.corpus if args.corpus is not None else args.data_dir / "corpus"
    if args.errors:
        texts: dict[str, str] = {}
        for name, kind, item in result["errors"]:
            if name not in texts:
                with open(corpus_dir / name, encoding="utf-8", newline="") as fh:
                    texts[name] = fh.read()
            text = texts[name]
            if kind == "missed":
                spans = " | ".join(text[s:e][:100] for s, e in item.content)
                print(f"MISS {name[:30]} [{item.source_text[:40]}] {spans!r}")
            elif isinstance(item, tuple):
                p, g = item
                print(f"SPKR {name[:30]} ours={p.speaker_text!r}->{text[p.speaker[0]:p.speaker[1]] if p.speaker else None!r}"
                      f" gold={g.source_text[:50]!r} {text[p.content[0]:p.content[1]][:80]!r}")
            else:
                print(f"FP   {name[:30]} [{item.speaker_text}] {text[item.content[0]:item.content[1]][:120]!r}")
    print(format_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
