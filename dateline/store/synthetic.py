"""A synthetic store of any size, for dashboard benchmarks and UI development without the model.

Records are made through the same writer the build uses, so the query layer sees real tables.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from dateline.events.kinds import KINDS
from dateline.records import (
    Actor,
    Article,
    ArticleExtraction,
    Event,
    EventMention,
    Sentence,
    Statement,
)
from dateline.store import derived, writer
from dateline.story import StoryScores, score_story

_FIRST = ["Anna", "Boris", "Chen", "Dana", "Emil", "Farah", "Goran", "Hana", "Ivan", "Julia"]
_LAST = ["Novak", "Price", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Weber", "Costa", "Ilves", "Sato"]
_OUTLETS = ["Daily Ledger", "Evening Post", "Wire Service", "Harbor Times", "Capital Radio"]
_VERBS = ["met", "called", "rejected an offer from", "proposed talks with", "criticised"]


def make_synthetic_store(path: Path, n_events: int, seed: int = 7, n_articles: int | None = None) -> Path:
    """Write a store with ``n_events`` events (and about half as many statements)."""
    rng = random.Random(seed)
    n_articles = n_articles or max(5, n_events // 10)
    people = [f"{f} {s}" for f in _FIRST for s in _LAST]
    actors = [
        Actor(id=f"actor-{i}", name=name, type="person", aliases=(name, name.split()[1]),
              mention_count=rng.randint(1, 500))
        for i, name in enumerate(people)
    ]
    base = date(2022, 1, 1)
    articles = []
    for i in range(n_articles):
        who = rng.sample(people, 2)
        text = (f"{who[0]} {rng.choice(_VERBS)} {who[1]} on Monday. "
                f"“We will keep talking,” {who[0]} said. Later that month they met again.")
        articles.append(Article(
            id=f"a-{i:06d}", file=f"synthetic/{i:06d}.txt", title=f"Report {i}",
            outlet=_OUTLETS[i % len(_OUTLETS)], author=None, url=f"https://example.org/{i}",
            published=base + timedelta(days=rng.randint(0, 364)), published_basis="manifest",
            text=text, content_hash=str(i),
        ))
    events, statements = [], []
    for i in range(n_events):
        art = articles[rng.randrange(n_articles)]
        a, b = rng.sample(range(len(actors)), 2)
        day = base + timedelta(days=rng.randint(0, 364))
        gran = rng.choices(["day", "month", "year"], weights=[8, 2, 1])[0]
        start, end = day, day
        if gran == "month":
            start = day.replace(day=1)
            end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        elif gran == "year":
            start, end = date(day.year, 1, 1), date(day.year, 12, 31)
        sentence = art.text.split(". ")[0] + "."
        mention = EventMention(
            article_id=art.id, char_start=0, char_end=len(sentence), sentence=sentence,
            date_text="on Monday", start=start, end=end, granularity=gran,  # type: ignore[arg-type]
            actors=(actors[a].id, actors[b].id), kind=KINDS[i % len(KINDS)], outlet=art.outlet,
            candidate_id=f"c{i}",
        )
        events.append(Event(
            id=f"ev-{i:07d}", title=f"{actors[a].name} {rng.choice(_VERBS)} {actors[b].name}",
            kind=mention.kind, start=start, end=end, granularity=gran,  # type: ignore[arg-type]
            actors=(actors[a].name, actors[b].name), mentions=(mention,), outlets=(art.outlet or "",),
            date_conflict=rng.random() < 0.02, actor_ids=(actors[a].id, actors[b].id),
        ))
        if i % 2 == 0:
            quote_start = art.text.index("“") + 1
            quote_end = art.text.index("”")
            statements.append(Statement(
                id=f"st-{i:07d}", article_id=art.id, speaker=actors[a].name, speaker_id=actors[a].id,
                speaker_text=actors[a].name, text=art.text[quote_start:quote_end], direct=True,
                char_start=quote_start, char_end=quote_end, said_start=day, said_end=day,
                said_basis="publication", sentence=art.text, sentence_start=0,
                sentence_end=len(art.text), said_granularity="day",
            ))
    with writer.open_session(path, fresh=True) as session:
        writer.write_extractions(session, [
            ArticleExtraction(article=a, sentences=(Sentence(0, 0, len(a.text), a.text),), timexes=(),
                              mentions=(), statements=(), event_candidates=())
            for a in articles
        ])
        derived.write_derived(session, actors, [], statements, events, _story(articles, actors, statements, events))
        session.commit()
    return path


def _story(articles: list[Article], actors: list[Actor], statements: list[Statement],
           events: list[Event]) -> StoryScores:
    """Salience and key dates as derivation computes them; each event's article refers to its day once."""
    published = {a.id: a.published for a in articles}
    references = [(e.start, (published[e.mentions[0].article_id] - e.start).days, 1)  # type: ignore[operator]
                  for e in events if e.granularity == "day" and e.start]
    return score_story(events, statements, outlets={a.id: a.outlet for a in articles},
                       published=published.values(), references=references,
                       lead_limits={a.id: (len(a.text), len(a.text)) for a in articles},
                       actor_counts={a.id: a.mention_count for a in actors})
