"""Events: dated happenings found per article, then grouped across articles and outlets."""

from dateline.events.candidates import find_event_candidates
from dateline.events.grouping import group_mentions
from dateline.events.kinds import KIND_LABELS, KINDS

__all__ = ["KINDS", "KIND_LABELS", "find_event_candidates", "group_mentions"]
