"""The one reader of Dateline's rule tables: every word list and rule table under ``dateline/**/resources/``.

Rules are data: each extractor keeps its vocabulary in ``resources/`` next to its code, and the tables more
than one extractor reads live here, in ``dateline/resources/``. Every file opens with a comment block that
states its format and gives an example row (a test holds every file to that). The reader knows three
formats, chosen by the file's suffix:

* ``.txt``: one entry per line (the whole line, stripped);
* ``.tsv``: TAB-separated columns, each cell stripped;
* ``.csv``: comma-separated with a first row of column names (``Table.records()`` gives dicts).

In all three, blank lines and lines starting with ``#`` are skipped; the comment lines before the first
entry are the table's header. Tables are read from the installed package, once per process, never from
the network.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
FORMATS = (".txt", ".tsv", ".csv")


@dataclass(frozen=True, slots=True)
class Table:
    """One resource file: its header comment, its column names (CSV only) and its rows of stripped cells."""

    path: str
    header: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, index: int = 0) -> list[str]:
        """One cell of every row (rows too short for it are left out)."""
        return [row[index] for row in self.rows if len(row) > index]

    def records(self) -> list[dict[str, str]]:
        """Rows as dicts keyed by the column names (a CSV table); missing cells are empty strings."""
        return [{name: row[i] if i < len(row) else "" for i, name in enumerate(self.columns) if name}
                for row in self.rows]


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


@cache
def read_table(path: str) -> Table:
    """The table at ``path``, relative to the ``dateline`` package ("temporal/resources/numbers.tsv").

    Raises ``ValueError`` for a suffix the reader does not know, so a new format is a decision, not an
    accident.
    """
    file = PACKAGE_ROOT / path
    suffix = file.suffix
    if suffix not in FORMATS:
        raise ValueError(f"{path}: resource tables are {', '.join(FORMATS)}")
    header: list[str] = []
    lines: list[str] = []
    for line in file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if _comment(line):
            if not lines:
                header.append(line.lstrip()[1:].strip())
            continue
        lines.append(line)
    columns: tuple[str, ...] = ()
    if suffix == ".txt":
        rows = [(line.strip(),) for line in lines]
    elif suffix == ".tsv":
        rows = [tuple(cell.strip() for cell in line.split("\t")) for line in lines]
    else:
        parsed = [tuple(cell.strip() for cell in row) for row in csv.reader(lines)]
        columns, rows = (parsed[0], parsed[1:]) if parsed else ((), [])
    return Table(path, tuple(header), columns, tuple(rows))


@cache
def word_classes(path: str) -> dict[str, frozenset[str]]:
    """A table of word classes, ``CLASS <TAB> WORDS`` (words separated by spaces, a class over as many lines
    as it needs), as class -> words."""
    classes: dict[str, set[str]] = {}
    for cls, *words in read_table(path):
        classes.setdefault(cls, set()).update(" ".join(words).split())
    return {cls: frozenset(words) for cls, words in classes.items()}


def resource_files() -> list[str]:
    """Every resource table in the package, as ``read_table`` paths (for the tests that hold them to form)."""
    return sorted(p.relative_to(PACKAGE_ROOT).as_posix() for p in PACKAGE_ROOT.glob("**/resources/*")
                  if p.is_file() and p.suffix in FORMATS)
