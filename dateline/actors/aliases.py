"""The user's alias table: a small CSV that overrides automatic actor resolution.

Format (UTF-8, optional BOM)::

    # comment lines start with "#"; blank lines are ignored
    alias,canonical
    Zelenskiy,Volodymyr Zelensky
    "Biden, Joe",Joe Biden

* The header row ``alias,canonical`` comes first; a file without it is read as data with a warning.
* ``alias`` is a surface form or an in-article key, matched case-insensitively; ``canonical`` is the name of
  the actor it belongs to. Two aliases with one canonical merge; an alias pointing to a new name splits that
  form off into its own actor.
* Whitespace around fields is ignored; fields containing commas must be quoted.
* Malformed rows (wrong number of fields, an empty field) are skipped and reported with ``warnings.warn``
  (category ``AliasFileWarning``), one warning per row with its line number; a later row for the same alias
  wins, with a warning.
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

HEADER = ("alias", "canonical")


class AliasFileWarning(UserWarning):
    """A row of the alias file that was skipped or overridden."""


def load_alias_file(path: Path) -> dict[str, str]:
    """Read ``alias,canonical`` rows; a missing or unreadable file gives ``{}`` (unreadable: with a warning)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        warnings.warn(f"{path}: cannot read alias file ({exc})", AliasFileWarning, stacklevel=2)
        return {}
    text = raw.decode("utf-8-sig", errors="replace")
    out: dict[str, str] = {}
    seen_header = False
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    for row in reader:
        line = reader.line_num
        fields = [field.strip() for field in row]
        if not fields or all(not field for field in fields) or fields[0].startswith("#"):
            continue
        if not seen_header:
            seen_header = True
            if tuple(field.casefold() for field in fields) == HEADER:
                continue
            warnings.warn(f"{path}:{line}: no 'alias,canonical' header; reading the file as data",
                          AliasFileWarning, stacklevel=2)
        if len(fields) != 2 or not fields[0] or not fields[1]:
            warnings.warn(f"{path}:{line}: expected 'alias,canonical', got {row!r}; row skipped",
                          AliasFileWarning, stacklevel=2)
            continue
        alias, canonical = fields
        if alias in out and out[alias] != canonical:
            warnings.warn(f"{path}:{line}: alias {alias!r} listed again; using {canonical!r}",
                          AliasFileWarning, stacklevel=2)
        out[alias] = canonical
    return out
