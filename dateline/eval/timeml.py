"""Measure the temporal tagger on TimeML documents (TempEval-3 TBAQ), against dateparser as a baseline.

Usage: ``python -m dateline.eval.timeml ../shared/data/timeml-dev [--limit N] [--no-baseline] [--errors]``

Scoring (DATE and TIME gold; TIME values reduce to their day):
- detection: a prediction is right when it overlaps a gold span; predictions overlapping only DURATION or
  SET gold are ignored (neither rewarded nor penalised); recall counts gold spans overlapped by any
  prediction.
- value: gold values that denote an interval (``1998-10-27``, ``1998-W43``, ``1998-10``, ``1998-Q3``,
  ``1998-H1``, ``1998-SU``, ``1998``, ``199``, ``19``) are compared with the interval of the prediction that
  overlaps them most. A part of a period ("mid-November", 11-20 November) counts as right when it lies inside
  the gold period and has the same granularity, since TimeML annotates it as the whole period. TimeML tags
  the endpoints of a range ("from 1991 to 1997", "since 1990", "earlier this week") one by one, while the
  tagger returns one interval for the whole range: a gold period that starts or ends the predicted range
  (and lies inside it) counts as right. Value
  precision = right / resolved predictions that are not ignored and do not sit only on non-interval gold
  (PRESENT_REF, XXXX-…); an unresolved prediction claims no value and is left out (it still counts for
  detection). Value recall = right / gold with an interval.
"""

from __future__ import annotations

import argparse
import calendar
import html
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from dateline.temporal import tag_dates

Interval = tuple[date, date]


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(frozen=True)
class Doc:
    name: str
    dct: date
    text: str
    gold: tuple[Gold, ...]


@dataclass(frozen=True)
class Pred:
    start: int
    end: int
    interval: Interval | None
    granularity: str | None = None
    part: bool = False
    text: str = ""
    span_kind: str = ""  # "range" or "since": an interval built from endpoint expressions


@dataclass
class Scores:
    """Counts and the derived precision/recall/F1 for detection and value."""

    det_tp: int = 0
    det_fp: int = 0
    det_gold: int = 0
    det_found: int = 0
    val_right: int = 0
    val_claimed: int = 0
    val_gold: int = 0
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> tuple[float, float, float]:
        p = tp_p / n_p if n_p else 0.0
        r = tp_r / n_r if n_r else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def detection(self) -> tuple[float, float, float]:
        return self._prf(self.det_tp, self.det_tp + self.det_fp, self.det_found, self.det_gold)

    def value(self) -> tuple[float, float, float]:
        return self._prf(self.val_right, self.val_claimed, self.val_right, self.val_gold)

    def as_dict(self) -> dict[str, float]:
        dp, dr, df = self.detection()
        vp, vr, vf = self.value()
        return {"det_p": dp, "det_r": dr, "det_f1": df, "val_p": vp, "val_r": vr, "val_f1": vf}


TAG = re.compile(r"<(?P<close>/)?(?P<name>[A-Za-z0-9_]+)(?P<attrs>[^>]*)>|(?P<text>[^<]+)")
ATTR = re.compile(r'(?P<k>\w+)="(?P<v>[^"]*)"')


def parse_tml(path: Path) -> Doc | None:
    """Plain text of the TEXT element with gold TIMEX3 offsets into it, and the DCT."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct_m = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if dct_m is None:
        return None
    value = dict(ATTR.findall(dct_m.group()))
    try:
        dct = date.fromisoformat(value.get("value", "")[:10])
    except ValueError:
        return None
    body_m = re.search(r"<TEXT>(?P<body>.*)</TEXT>", raw, re.S)
    if body_m is None:
        return None
    parts: list[str] = []
    pos = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    gold: list[Gold] = []
    for tok in TAG.finditer(body_m["body"]):
        if tok["text"] is not None:
            chunk = html.unescape(tok["text"])
            parts.append(chunk)
            pos += len(chunk)
        elif tok["name"] == "TIMEX3":
            if tok["close"]:
                if open_timex:
                    start, attrs = open_timex.pop()
                    gold.append(Gold(start, pos, attrs.get("type", ""), attrs.get("value", ""), ""))
            elif not tok["attrs"].rstrip().endswith("/"):
                open_timex.append((pos, dict(ATTR.findall(tok["attrs"]))))
    text = "".join(parts)
    gold = [Gold(g.start, g.end, g.type, g.value, text[g.start:g.end]) for g in gold]
    return Doc(path.name, dct, text, tuple(sorted(gold, key=lambda g: g.start)))


SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def value_interval(value: str) -> tuple[Interval, str] | None:
    """The calendar interval (and granularity) a TimeML value denotes, or None for PRESENT_REF, XXXX-… ."""
    v = value.split("T")[0] if re.match(r"^\d{4}-\d\d-\d\dT", value) else value
    try:
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return (d, d), "day"
        if m := re.fullmatch(r"(\d{4})-W(\d\d?)(-WE)?", v):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return (monday + timedelta(days=5), monday + timedelta(days=6)), "week"
            return (monday, monday + timedelta(days=6)), "week"
        if m := re.fullmatch(r"(\d{4})-(\d\d)", v):
            y, mo = int(m[1]), int(m[2])
            return (date(y, mo, 1), _month_end(y, mo)), "month"
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
            y, q = int(m[1]), int(m[2])
            return (date(y, 3 * q - 2, 1), _month_end(y, 3 * q)), "quarter"
        if m := re.fullmatch(r"(\d{4})-H([12])", v):
            y, h = int(m[1]), int(m[2])
            return ((date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))), "year"
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
            y = int(m[1])
            first, last = SEASONS[m[2]]
            return (date(y, first, 1), _month_end(y + (1 if last < first else 0), last)), "season"
        if m := re.fullmatch(r"\d{4}", v):
            y = int(v)
            return (date(y, 1, 1), date(y, 12, 31)), "year"
        if re.fullmatch(r"\d{3}", v):
            y = int(v) * 10
            return (date(y, 1, 1), date(y + 9, 12, 31)), "decade"
        if re.fullmatch(r"\d{2}", v):
            y = int(v) * 100
            return (date(max(y, 1), 1, 1), date(y + 99, 12, 31)), "century"
    except ValueError:
        return None
    return None


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def score_doc(doc: Doc, preds: list[Pred], scores: Scores, keep_errors: bool = False) -> None:
    """Add one document's counts to ``scores`` (see the module docstring for the rules)."""
    targets = [g for g in doc.gold if g.type in ("DATE", "TIME")]
    neutral = [g for g in doc.gold if g.type in ("DURATION", "SET")]
    scores.det_gold += len(targets)
    for g in targets:
        hits = [p for p in preds if _overlap(p.start, p.end, g.start, g.end)]
        if hits:
            scores.det_found += 1
        elif keep_errors:
            scores.errors.append(f"MISS  {doc.name} [{g.value}] {g.text!r}")
        gi = value_interval(g.value)
        if gi is None:
            continue
        scores.val_gold += 1
        if not hits:
            continue
        best = max(hits, key=lambda p: _overlap(p.start, p.end, g.start, g.end))
        if _value_right(best, gi):
            scores.val_right += 1
        elif keep_errors:
            got = "unresolved" if best.interval is None else f"{best.interval[0]}..{best.interval[1]}"
            scores.errors.append(f"VALUE {doc.name} dct={doc.dct} [{g.value}] {g.text!r} -> {best.text!r} {got}")
    for p in preds:
        on_target = [g for g in targets if _overlap(p.start, p.end, g.start, g.end)]
        if on_target:
            scores.det_tp += 1
            if p.interval is not None and any(value_interval(g.value) is not None for g in on_target):
                scores.val_claimed += 1
            continue
        if any(_overlap(p.start, p.end, g.start, g.end) for g in neutral):
            continue
        scores.det_fp += 1
        if p.interval is not None:
            scores.val_claimed += 1
        if keep_errors:
            ctx = doc.text[max(0, p.start - 30):p.end + 30].replace("\n", " ")
            scores.errors.append(f"FP    {doc.name} {p.text!r}  …{ctx}…")


def _value_right(p: Pred, gold: tuple[Interval, str]) -> bool:
    (g0, g1), gran = gold
    if p.interval is None:
        return False
    if p.interval == (g0, g1):
        return True
    if p.span_kind and g0 <= g1 and (g0 == p.interval[0] or g1 == p.interval[1]) \
            and p.interval[0] <= g0 and g1 <= p.interval[1]:
        return True
    return p.part and p.granularity == gran and g0 <= p.interval[0] and p.interval[1] <= g1


def ours(doc: Doc) -> list[Pred]:
    return [Pred(m.char_start, m.char_end, (m.start, m.end) if m.start and m.end else None, m.granularity,
                 "part of" in m.note, m.text, _span_kind(m.note)) for m in tag_dates(doc.text, doc.dct)]


def _span_kind(note: str) -> str:
    for kind, marker in (("range", "range"), ("since", "since:"), ("since", "from the start of the period"),
                         ("since", "from the anchor to the end")):
        if marker in note:
            return kind
    return ""


def baseline(doc: Doc) -> list[Pred]:
    """dateparser.search_dates, located in the text in order, each read as a day."""
    from dateparser.search import search_dates

    base = datetime(doc.dct.year, doc.dct.month, doc.dct.day)
    try:
        found = search_dates(doc.text, languages=["en"],
                             settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}) or []
    except Exception:  # noqa: BLE001 - a failing baseline scores zero for the document, it must not stop the run
        found = []
    preds: list[Pred] = []
    pos = 0
    for string, when in found:
        at = doc.text.find(string, pos)
        if at < 0:
            at = doc.text.find(string)
            if at < 0:
                continue
        else:
            pos = at + len(string)
        d = when.date()
        preds.append(Pred(at, at + len(string), (d, d), "day", False, string))
    return preds


def load_docs(folder: Path, limit: int | None = None) -> list[Doc]:
    """Parse every .tml file under ``folder`` once per file name (the release repeats one document in
    ``testpipeline/``)."""
    seen: set[str] = set()
    docs: list[Doc] = []
    for path in sorted(folder.rglob("*.tml")):
        if path.name in seen:
            continue
        seen.add(path.name)
        doc = parse_tml(path)
        if doc is not None:
            docs.append(doc)
    return docs[:limit] if limit else docs


def evaluate(docs: Iterable[Doc], system: Callable[[Doc], list[Pred]] = ours,
             keep_errors: bool = False) -> Scores:
    """Score a system (``ours`` or ``baseline``) over documents; returns the counts and figures."""
    scores = Scores()
    for doc in docs:
        score_doc(doc, system(doc), scores, keep_errors)
    return scores


def evaluate_folder(folder: str | Path, limit: int | None = None, with_baseline: bool = True
                    ) -> dict[str, dict[str, float]]:
    """Figures for the tagger (and the baseline) on a TimeML folder, as plain dicts for tests and reports."""
    docs = load_docs(Path(folder), limit)
    out = {"tagger": evaluate(docs).as_dict()}
    if with_baseline:
        out["dateparser"] = evaluate(docs, baseline).as_dict()
    return out


def _row(name: str, s: dict[str, float]) -> str:
    return (f"{name:<12}{s['det_p']:>7.3f}{s['det_r']:>7.3f}{s['det_f1']:>7.3f}"
            f"{s['val_p']:>9.3f}{s['val_r']:>7.3f}{s['val_f1']:>7.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list misses, wrong values and false positives")
    args = ap.parse_args(argv)
    docs = load_docs(args.folder, args.limit)
    if not docs:
        print(f"no TimeML documents under {args.folder}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    mine = evaluate(docs, ours, args.errors)
    t1 = time.perf_counter()
    if args.errors:
        print("\n".join(mine.errors))
    n_gold = mine.det_gold
    print(f"{len(docs)} documents, {n_gold} DATE/TIME gold expressions ({mine.val_gold} with an interval value)")
    print(f"{'system':<12}{'det P':>7}{'det R':>7}{'det F1':>7}{'value P':>9}{'val R':>7}{'val F1':>7}")
    print(_row("tagger", mine.as_dict()) + f"   ({t1 - t0:.2f}s)")
    if not args.no_baseline:
        base = evaluate(docs, baseline)
        t2 = time.perf_counter()
        print(_row("dateparser", base.as_dict()) + f"   ({t2 - t1:.2f}s)")
        a, b = mine.as_dict(), base.as_dict()
        ratio = {k: (a[k] / b[k] if b[k] else float("inf")) for k in a}
        print(f"{'ratio':<12}{ratio['det_p']:>7.2f}{ratio['det_r']:>7.2f}{ratio['det_f1']:>7.2f}"
              f"{ratio['val_p']:>9.2f}{ratio['val_r']:>7.2f}{ratio['val_f1']:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
