"""Rules are data: every resource table states its format and an example, and is read through ``read_table``."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from dateline.resources import PACKAGE_ROOT, read_table, resource_files, word_classes

FILES = resource_files()
SOURCES = {p: p.read_text(encoding="utf-8") for p in PACKAGE_ROOT.rglob("*.py")}
READER = PACKAGE_ROOT / "resources" / "__init__.py"


def _cells(path: str, line: str) -> tuple[str, ...]:
    """A line parsed the way ``read_table`` parses a row of ``path``."""
    if path.endswith(".tsv"):
        return tuple(cell.strip() for cell in line.split("\t"))
    if path.endswith(".csv"):
        return tuple(cell.strip() for cell in next(csv.reader([line])))
    return (line.strip(),)


def test_every_extractor_has_its_tables_found() -> None:
    folders = {Path(f).parts[0] for f in FILES}
    assert {"actors", "events", "ingest", "statements", "temporal"} <= folders
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES)
def test_table_opens_with_its_format_and_an_example(path: str) -> None:
    table = read_table(path)
    assert table.rows, f"{path}: no entries"
    formats = [line for line in table.header if line.startswith("Format:")]
    examples = [line for line in table.header if line.startswith("Example:")]
    assert formats, f"{path}: the header comment states no 'Format:'"
    assert len(examples) == 1, f"{path}: the header comment gives no single 'Example:' row"
    example = _cells(path, examples[0].removeprefix("Example:").lstrip(" "))
    width = len(table.columns) if table.columns else len(table.rows[0])
    assert len(example) == width, f"{path}: the example {example} does not have the table's {width} columns"
    assert all(len(row) == width for row in table.rows), f"{path}: rows of different widths"
    assert all(example), f"{path}: the example has an empty cell"


@pytest.mark.parametrize("path", FILES)
def test_table_is_read_by_some_module(path: str) -> None:
    name = Path(path).name
    readers = [p for p, text in SOURCES.items() if f'"{name}' in text or f'/{name}"' in text]
    assert readers, f"{path}: no module names this table, so nothing reads it"


def test_no_module_reads_a_resource_file_by_itself() -> None:
    """One reader: a module that names a resource table goes through ``read_table``, not its own parsing."""
    own_reading = re.compile(r"\.read_text\(|\bopen\(|csv\.(?:reader|DictReader)|importlib\.resources|"
                             r"from importlib import resources")
    names = {Path(f).name for f in FILES}
    for path, text in SOURCES.items():
        if path == READER or not any(f'"{n}' in text or f'/{n}"' in text for n in names):
            continue
        assert not own_reading.search(text), f"{path} reads a resource file without read_table"
        assert "read_table" in text or "rows(" in text, path


def test_read_table_formats(tmp_path, monkeypatch) -> None:
    from dateline import resources

    folder = tmp_path / "x" / "resources"
    folder.mkdir(parents=True)
    (folder / "a.tsv").write_text("# Head.\n# Format: A <TAB> B\n# Example: a\tb\n\n one \t two \n  # later\nthree\t\n",
                                  encoding="utf-8")
    (folder / "b.csv").write_text('# Format: CSV\n# Example: x,y\nshort,long\njoe,"joseph, jr"\nbill\n',
                                  encoding="utf-8")
    (folder / "c.txt").write_text("# Format: one per line\n# Example: w\n  Mr. \n", encoding="utf-8")
    (folder / "d.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(resources, "PACKAGE_ROOT", tmp_path)
    read_table.cache_clear()
    try:
        tsv = read_table("x/resources/a.tsv")
        assert tsv.header == ("Head.", "Format: A <TAB> B", "Example: a\tb")
        assert tsv.rows == (("one", "two"), ("three", ""))  # cells stripped, comments anywhere skipped
        assert tsv.column(1) == ["two", ""]
        table = read_table("x/resources/b.csv")
        assert table.columns == ("short", "long")
        assert table.records() == [{"short": "joe", "long": "joseph, jr"}, {"short": "bill", "long": ""}]
        assert read_table("x/resources/c.txt").rows == (("Mr.",),)
        with pytest.raises(ValueError):
            read_table("x/resources/d.json")
        assert resources.resource_files() == ["x/resources/a.tsv", "x/resources/b.csv", "x/resources/c.txt"]
    finally:
        read_table.cache_clear()


def test_word_classes_join_lines_of_a_class() -> None:
    grammar = word_classes("statements/resources/grammar.tsv")
    assert {"of", "for"} <= grammar["np-link"]
    assert "despite" in grammar["boundary"] and "that" in grammar["boundary"]  # first and last line of the class
