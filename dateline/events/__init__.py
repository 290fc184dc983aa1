"""Events: dated happenings found per article, then grouped across articles and outlets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dateline.events.kinds import KIND_LABELS, KINDS

if TYPE_CHECKING:
    from dateline.events.candidates import find_event_candidates
    from dateline.events.grouping import group_mentions

__all__ = ["KINDS", "KIND_LABELS", "find_event_candidates", "group_mentions"]


def __getattr__(name: str) -> Any:
    """The extractor and the grouping load on first use: they pull in spaCy and scikit-learn, which the
    readers of ``KINDS`` (dashboard, exports, an unchanged rebuild) should not pay for at start-up."""
    if name == "find_event_candidates":
        from dateline.events.candidates import find_event_candidates
        return find_event_candidates
    if name == "group_mentions":
        from dateline.events.grouping import group_mentions
        return group_mentions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
