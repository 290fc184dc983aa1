"""Briefings: named selections of pinned timeline items with notes, kept beside the store."""

from dateline.briefing.collect import current_view, describe_filters, snapshot_items
from dateline.briefing.models import Briefing, Item, Source
from dateline.briefing.store import BriefingError, BriefingStore, briefing_path

__all__ = ["Briefing", "BriefingError", "BriefingStore", "Item", "Source", "briefing_path", "current_view",
           "describe_filters", "snapshot_items"]
