"""Hand-made store rows for the layout tests (tests/test_store_layout.py and the subprocesses it starts):
articles with a known number of sentences and one actor per article, written through the real session."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from dateline.store import open_session
from dateline.store.derived import replace_derived
from dateline.store.session import CommitStats


def article(i: int, version: int = 0, sentences: int = 2) -> tuple[str, dict[str, pa.Table]]:
    """Article i's rows: ``sentences`` sentences, word_count = sentences (an invariant readers check)."""
    aid = f"a{i:04d}"
    text = f"article {i} version {version}"
    return aid, {
        "articles": pa.Table.from_pylist([{"id": aid, "file": f"{i}.txt", "title": f"T{i}", "outlet": "O",
                                           "published_basis": "manifest", "text": text,
                                           "content_hash": f"{i}-{version}", "word_count": sentences}]),
        "sentences": pa.Table.from_pylist([{"article_id": aid, "idx": k, "char_start": k, "char_end": k + 1,
                                            "text": f"{text} s{k}"} for k in range(sentences)]),
    }


def actors_for(ids: Iterable[str]) -> list[dict]:
    """One actor per article (the derived invariant: actors = articles)."""
    return [{"id": f"actor-{a}", "name": f"Name {a}", "type": "person", "aliases": [a],
             "mention_count": 1, "roles": []} for a in sorted(ids)]


def update(store: Path, put: Iterable[tuple[int, int, int]] = (), drop: Iterable[int] = (),
           fresh: bool = False) -> CommitStats:
    """Replace or add articles ``put`` ((i, version, sentences)), remove ``drop``; derive actors; commit."""
    with open_session(store, fresh=fresh) as s:
        s.delete_articles([f"a{i:04d}" for i in drop])
        for i, version, n in put:
            aid, tables = article(i, version, n)
            s.replace_articles([aid], tables)
        ids = [r[0] for r in s.execute("SELECT id FROM articles").fetchall()]
        replace_derived(s, {"actors": actors_for(ids)})
        return s.commit()
