"""Actors: named-entity mentions per article and one identity per real person or organisation.

``extract_mentions`` cleans the model's entities of one article and gives each a key (the in-article
canonical form) and a role; ``resolve_actors`` merges keys across a corpus into actors, after applying the
user's alias table (see ``load_alias_file`` for its format).
"""

from __future__ import annotations

from dateline.actors.aliases import load_alias_file
from dateline.actors.mentions import extract_mentions
from dateline.actors.resolve import ActorIndex, actor_id_for, resolve_actors

__all__ = ["ActorIndex", "actor_id_for", "extract_mentions", "load_alias_file", "resolve_actors"]
