"""When each reader last opened the dashboard on a store, so it can mark what is new since then.

A small JSON file beside the store (``<store>.visits.json``: reader -> UTC time), like the briefings
sidecar: it survives rebuilds, needs no request outside the server, and is per user when the dashboard
has a login (the OpenID e-mail) and one shared marker ("local") without one. A browser cookie would also
work without a login, but the server could then not tell two readers on one login apart any better, and
a per-browser marker would forget a reader who changes machines.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path


def utc_now() -> datetime:
    """Naive UTC, as the store's ``arrivals.stored_at``."""
    return datetime.now(UTC).replace(tzinfo=None)


VISIT_GAP = timedelta(minutes=30)  # a page reload or a second tab within this is the same visit


class Visits:
    """Per reader: ``seen`` (the last time a session started) and ``since`` (when the visit under way
    began: what arrived after the *previous* visit's start is new)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def beside(cls, db: Path) -> Visits:
        db = Path(db)
        return cls(db.with_name(db.name + ".visits.json"))

    def _read(self) -> dict[str, dict[str, str | None]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing or damaged: no visit remembered (nothing marked new)
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): v for k, v in data.items() if isinstance(v, dict)}

    def visit(self, user: str, now: datetime | None = None, gap: timedelta = VISIT_GAP) -> datetime | None:
        """Record that ``user`` opens the dashboard ``now``; return the start of their previous visit
        (None on a first visit). Sessions less than ``gap`` apart are one visit, so a reload keeps the
        marks. Atomic: two sessions starting at once each get a consistent answer."""
        now = now or utc_now()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self._read()
            entry = data.get(user, {})
            seen, since = _time(entry.get("seen")), _time(entry.get("since"))
            if seen is None or now - seen > gap:
                since = seen  # a new visit: new is what arrived after the last one started
            data[user] = {"seen": now.isoformat(), "since": since.isoformat() if since else None}
            tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)
        return since


def _time(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
