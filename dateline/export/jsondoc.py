"""The JSON export: the public contract in ../shared/contract (schema version 1).

Fields the contract names are never removed or renamed; extra fields (roles, conflict notes, sentence
spans) are allowed by the schema and help downstream tools. The optional salience fields: ``importance`` on
events and statements, and the top-level ``key_dates`` (best first, at most ``export_key_dates`` of
``dateline/story/resources/salience.csv``).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from dateline.store.query import StoreReader
from dateline.story.salience import weights

SCHEMA_VERSION = 1


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def export_document(reader: StoreReader) -> dict[str, Any]:
    """Everything in the store as one JSON-ready document."""
    articles = [
        {"id": a["id"], "file": a["file"], "title": a["title"], "outlet": a["outlet"],
         "author": a["author"], "url": a["url"], "published": _iso(a["published"]),
         "published_basis": a["published_basis"], "text": a["text"]}
        for a in reader.records("articles")
    ]
    timexes = [
        {"id": t["id"], "article_id": t["article_id"], "text": t["text"], "char_start": t["char_start"],
         "char_end": t["char_end"], "start": _iso(t["start"]), "end": _iso(t["end"]),
         "granularity": t["granularity"], "basis": t["basis"], "note": t["note"] or None}
        for t in reader.records("timexes")
    ]
    actors = [
        {"id": a["id"], "name": a["name"], "type": a["type"], "aliases": list(a["aliases"] or []),
         "mention_count": a["mention_count"], "roles": list(a["roles"] or [])}
        for a in reader.records("actors")
    ]
    statements = [
        {"id": s["id"], "article_id": s["article_id"], "speaker": s["speaker"],
         "speaker_id": s["speaker_id"], "speaker_text": s["speaker_text"], "text": s["text"],
         "direct": s["direct"], "char_start": s["char_start"], "char_end": s["char_end"],
         "said_start": _iso(s["said_start"]), "said_end": _iso(s["said_end"]),
         "said_basis": s["said_basis"], "said_text": s["said_text"], "sentence": s["sentence"],
         "sentence_start": s["sentence_start"], "sentence_end": s["sentence_end"],
         **_importance(s)}
        for s in reader.records("statements")
    ]
    mentions: dict[str, list[dict[str, Any]]] = {}
    for m in reader.records("event_mentions"):
        mentions.setdefault(m["event_id"], []).append(
            {"article_id": m["article_id"], "char_start": m["char_start"], "char_end": m["char_end"],
             "sentence": m["sentence"], "date_text": m["date_text"], "start": _iso(m["start"]),
             "end": _iso(m["end"]), "outlet": m["outlet"]}
        )
    events = [
        {"id": e["id"], "title": e["title"], "kind": e["kind"], "start": _iso(e["start"]),
         "end": _iso(e["end"]), "granularity": e["granularity"], "actors": list(e["actors"] or []),
         "actor_ids": list(e["actor_ids"] or []), "outlets": list(e["outlets"] or []),
         "date_conflict": e["date_conflict"], "conflict_note": e["conflict_note"] or None,
         "mentions": mentions.get(e["id"], []), **_importance(e)}
        for e in reader.records("events")
    ]
    events = [e for e in events if e["mentions"]]
    events.sort(key=lambda e: (e["start"] or "9999", e["id"]))
    exported = {e["id"] for e in events}
    key_dates = [
        {"date": _iso(k["date"]), "score": k["score"],
         "event_ids": [i for i in k["event_ids"] or [] if i in exported], "headline": k["headline"] or ""}
        for k in sorted(reader.records("key_dates"), key=lambda k: k["rank"])
    ][:int(weights()["export_key_dates"])]
    return {"schema_version": SCHEMA_VERSION, "articles": articles, "timexes": timexes,
            "actors": actors, "statements": statements, "events": events, "key_dates": key_dates}


def _importance(row: dict[str, Any]) -> dict[str, float]:
    """The optional ``importance`` field (salience), when the store has it."""
    value = row.get("importance")
    return {} if value is None else {"importance": max(float(value), 0.0)}


def export_json(reader: StoreReader) -> str:
    return json.dumps(export_document(reader), ensure_ascii=False, indent=1)
