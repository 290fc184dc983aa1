"""One real corpus folder holding every kind of bad input next to good articles, loaded and built for real.

Each row of ``CASES`` is a file (or link, pipe, folder) put into the same folder. The promise under test:
every one ends either loaded or reported with its name and a reason, good ones all load, and the real
build succeeds and stores exactly what loaded.
"""

from __future__ import annotations

import os
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

from dateline.ingest import load_corpus
from dateline.ingest.parse import MAX_TEXT_CHARS
from dateline.pipeline import build
from dateline.pipeline.build import extractor_fingerprint
from dateline.records import Article, Rejection
from dateline.store import connect
from dateline.store.query import Filters, StoreReader
from tests.conftest import SEED_CORPUS

SEEDS = sorted(SEED_CORPUS.glob("*.txt"))
CAP = 5 * 1024 * 1024  # the documented default of DATELINE_MAX_FILE_BYTES
NEWS = "Kremlin spokesman Dmitry Peskov said on Friday that talks with Washington were over.\n"
SECRET = "SECRET"  # text that must never reach an article: outside the folder, or in scripts and styles


def _bytes(data: bytes | str) -> Callable[[Path, Path], bytes]:
    return lambda _root, _outside: data if isinstance(data, bytes) else data.encode("utf-8")


def _seed(i: int) -> Callable[[Path, Path], bytes]:
    return lambda _root, _outside: SEEDS[i].read_bytes()


def _sparse(size: int) -> Callable[[Path, Path], Path]:
    """A file of ``size`` bytes that takes no disk space: reading it would show up in memory, not on disk."""
    def make(path: Path, _outside: Path) -> Path:
        with open(path, "wb") as fh:
            fh.truncate(size)
        return path
    return make


def _symlink_out(name: str, content: str, is_dir: bool = False) -> Callable[[Path, Path], Path]:
    def make(path: Path, outside: Path) -> Path:
        target = outside / name
        if is_dir:
            target.mkdir()
            (target / "inside.txt").write_text(content, encoding="utf-8")
        else:
            target.write_text(content, encoding="utf-8")
        path.symlink_to(target, target_is_directory=is_dir)
        return path
    return make


def _fifo(path: Path, _outside: Path) -> Path:
    os.mkfifo(path)  # opening it for reading would block forever
    return path


def _nested(depth: int, closed: bool) -> bytes:
    close = "</div>" * depth if closed else ""
    return ("<html><head><title>Deep page</title></head><body>" + "<div>" * depth + "<p>" + NEWS
            + "</p>" + close + "<p>A paragraph after the deep block.</p></body></html>").encode()


SCRIPTED = f"""<!doctype html><html><head><title>Scripted page</title>
<style>body {{ color: red }} /* {SECRET}-style */</style><script>var s = "{SECRET}-head-script";</script>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Scripted page"}}</script>
</head><body><article><h1>Scripted page</h1>
<script>document.write("{SECRET}-body-script")</script><noscript>{SECRET}-noscript</noscript>
<p onclick="alert('{SECRET}-handler')">{NEWS}</p><style>p {{}} {SECRET}-body-style</style>
<template><p>{SECRET}-template</p></template><iframe srcdoc="{SECRET}-iframe"></iframe>
<p>Ukraine's foreign minister said on Saturday that the offer was not serious.</p></article></body></html>"""

Outcome = Literal["load", "warn", "reject"]


@dataclass(frozen=True)
class Case:
    """One entry of the folder: its name on disk, how to make it, and what must become of it."""

    name: str | bytes  # bytes: a file name that is not valid UTF-8
    make: Callable[[Path, Path], bytes | Path]  # bytes are written to the file; a Path was made in place
    outcome: Outcome  # load; load with a warning; reject (reported, not loaded)
    reason: str = ""  # part of the reported reason
    reported_as: str | None = None  # the name in the report, when it differs from the name on disk
    text_has: tuple[str, ...] = ()
    text_lacks: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name if isinstance(self.name, str) else self.name.decode("utf-8", "backslashreplace")

    @property
    def report_name(self) -> str:
        return self.reported_as or self.label


CASES: list[Case] = [
    # Good articles: copies of the seed articles under new names, one named in the manifest.
    Case("seed one.txt", _seed(0), "load", text_has=("Putin",)),
    Case("seed two.txt", _seed(1), "load", text_has=("Kremlin",)),
    Case("seed three.md", _seed(2), "load"),
    Case("sub folder/seed four.txt", _seed(3), "load"),
    # Odd names.
    Case("über café – 日本 news.txt", _bytes("Unicode name\n\n" + NEWS), "load", text_has=("Peskov",)),
    Case("-leading dash & $(shell) 'quotes'.txt", _bytes("Shell-looking name\n\n" + NEWS), "load"),
    Case("new\nline in name.txt", _bytes("Newline name\n\n" + NEWS), "load"),
    Case("UPPER CASE.TXT", _bytes("Upper-case extension\n\n" + NEWS), "load"),
    Case("n" * 200 + ".txt", _bytes("Long name\n\n" + NEWS), "load"),
    Case("folder.txt/inner.md", _bytes("A folder named like a file\n\n" + NEWS), "load"),
    Case(b"latin1 name \xe9\xff.txt", _bytes("Undecodable name\n\n" + NEWS), "reject", "not valid UTF-8",
         reported_as="latin1 name \\xe9\\xff.txt"),
    # Encodings.
    Case("latin1.txt", _bytes("Café in São Paulo\n\nThe mayor of Zürich said on Monday that the naïve plan "
                              "was dead, façade and all.\n".encode("latin-1")), "load",
         text_has=("Café in São Paulo", "Zürich", "naïve")),
    Case("windows-1252.txt", _bytes("Quotes \u201cand\u201d dashes\n\n\u201cWe will not negotiate,\u201d Peskov "
                                    "said \u2014 on Friday \u2013 at a cost of \u20ac5m.\n".encode("cp1252")),
         "load", text_has=("\u201cWe will not negotiate,\u201d", "\u2014", "\u20ac5m")),
    Case("bom and crlf.txt", _bytes(b"\xef\xbb\xbfBOM headline\r\n\r\n" + NEWS.encode() + b"Second line.\r\n"),
         "load", text_has=("BOM headline\n\nKremlin",), text_lacks=("\ufeff", "\r")),
    Case("utf16 with bom.txt", _bytes(("UTF-16 headline\n\n" + NEWS).encode("utf-16")), "load",
         text_has=("UTF-16 headline",)),
    Case("cp1252 declared.html", _bytes(
        ('<html><head><meta charset="windows-1252"><title>Declared charset</title></head><body><p>'
         + NEWS.replace("said", "said \u201cno\u201d") + "</p></body></html>").encode("cp1252")),
        "load", text_has=("\u201cno\u201d",)),
    # Empty, binary, control characters.
    Case("empty.txt", _bytes(b""), "reject", "empty"),
    Case("only whitespace.md", _bytes(" \n\t\r\n  \n"), "reject", "empty"),
    Case("image.txt", _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8), "reject", "NUL"),
    Case("nul bytes.txt", _bytes(b"Peskov said\x00 on Friday\x00 that talks were over.\n"), "reject", "NUL"),
    Case("utf16 without bom.txt", _bytes(("No BOM\n\n" + NEWS).encode("utf-16-le")), "reject", "NUL"),
    Case("surrogates in front matter.md", _bytes('---\ntitle: "Bad \\ud800 title"\nauthor: "\\udfff"\n---\n' + NEWS),
         "warn", "2 lone surrogates", text_has=("Peskov",)),
    Case("vertical tab and bell.txt", _bytes("A title\x0bwith a vertical tab\x07\n\n" + NEWS.replace("said", "said\x0c")),
         "warn", "control characters", text_has=("said\n on Friday",), text_lacks=("\x0b", "\x07", "\x0c")),
    Case("control soup.txt", _bytes(bytes(range(1, 9)) * 40 + b"some text"), "reject", "binary"),
    Case("undecodable.txt", _bytes(bytes(range(0x80, 0x100)) * 4), "reject", "could not be decoded"),
    # Size: over the byte cap (reported unread), and text too long for the language model.
    Case("over the cap.txt", _sparse(CAP + 1), "reject", "over the 5 MB cap (DATELINE_MAX_FILE_BYTES)"),
    Case("symbol runs.txt", _bytes("Symbol runs\n\n" + "$" * 100_000 + " " + "\U0001F600" * 30_000 + " (" * 10
                                   + "(" * 50_000 + "\n" + NEWS), "warn", "symbols with no space",
         text_has=("Peskov said on Friday",)),  # unbroken, the model's tokenizer would take hours
    Case("too long for the model.txt", _bytes("word " * (MAX_TEXT_CHARS // 5 + 10)), "reject",
         "character limit"),
    # HTML.
    Case("scripts and styles.html", _bytes(SCRIPTED), "load",
         text_has=("Peskov said on Friday", "foreign minister"), text_lacks=(SECRET, "color: red")),
    Case("only scripts.html", _bytes(f"<html><head><script>{SECRET}</script></head><body><script>"
                                     f"{SECRET}</script></body></html>"), "reject", "no article text"),
    Case("deeply nested.html", _bytes(_nested(20_000, closed=True)), "warn", "nested more than",
         text_has=("Peskov said on Friday", "A paragraph after the deep block.")),
    Case("deeply nested unclosed.htm", _bytes(_nested(50_000, closed=False)), "warn", "nested more than",
         text_has=("Peskov said on Friday",)),
    Case("not html at all.html", _bytes("Plain text saved as .html\n\n" + NEWS), "load", text_has=("Peskov",)),
    # Front matter.
    Case("broken front matter.md", _bytes("---\ntitle: [unclosed\npublished: 2022-12-02\n---\n" + NEWS), "warn",
         "front matter is not valid YAML", text_has=("Peskov",), text_lacks=("title:",)),
    Case("impossible front matter date.md", _bytes("---\ntitle: Bad date\npublished: 2022-13-45\n---\n" + NEWS),
         "warn", "published"),
    Case("front matter only.md", _bytes("---\ntitle: Nothing else\n---\n"), "reject", "no article text"),
    # Links and special files.
    Case("link outside.txt", _symlink_out("secret.txt", SECRET + " outside the corpus\n"), "reject",
         "outside the corpus folder"),
    Case("linked folder outside", _symlink_out("secret-dir", SECRET + " in a folder outside\n", is_dir=True),
         "reject", "outside the corpus folder"),
    Case("broken link.txt", lambda path, _o: (path.symlink_to(path.parent / "nowhere.txt"), path)[1], "reject",
         "broken symlink"),
    Case("named pipe.txt", _fifo, "reject", "not a regular file"),
    # Other file types: never read, each reported (an article under another extension gets a hint).
    Case("notes.csv", _bytes("not,an,article\n"), "reject", "not an article file type"),
    Case("draft.markdown", _bytes("# Markdown\n\n" + NEWS), "reject", "rename it to .md"),
    Case("chapter.rst", _bytes("Title\n=====\n\n" + NEWS), "reject", "not an article file type"),
    Case("page.xhtml", _bytes(f"<html><body><p>{NEWS}</p></body></html>"), "reject", "rename it to .html"),
    Case("story.txt.bak", _bytes(NEWS), "reject", "not an article file type"),
    Case("sub folder/manifest.csv", _bytes("file,title\n"), "reject", "subfolder"),
]

# manifest.csv rows: one good, the rest naming missing files, impossible dates, paths out of the folder.
MANIFEST = """file,title,outlet,published,url,author
seed one.txt,Manifest title,Manifest Outlet,2022-12-03,https://example.org/one,
ghost.txt,Ghost,,2022-12-01,,
seed two.txt,Title with a bad date,,2022-02-30,,
latin1.txt,,,99999-01-01,,
../escape.txt,Escape,,2022-01-01,,
/etc/passwd.txt,Absolute,,2022-01-01,,
image.png,Not an article,,2022-01-01,,
"""
MANIFEST_PROBLEMS = {  # part of the row's file cell → part of the reason
    "'ghost.txt'": "no such file",
    "'seed two.txt'": "not a real calendar date",
    "'latin1.txt'": "99999-01-01",
    "'../escape.txt'": "outside the corpus folder",
    "'/etc/passwd.txt'": "absolute path",
    "'image.png'": "not an article file",
}


def _make_corpus(base: Path) -> Path:
    root, outside = base / "corpus", base / "outside"
    root.mkdir()
    outside.mkdir()
    for case in CASES:
        path = Path(os.fsdecode(os.path.join(os.fsencode(root), os.fsencode(case.name))))
        path.parent.mkdir(parents=True, exist_ok=True)
        made = case.make(path, outside)
        if isinstance(made, bytes):
            path.write_bytes(made)
    (root / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    (root / ".hidden.txt").write_text(SECRET + " hidden\n", encoding="utf-8")  # hidden: skipped by contract
    return root


@dataclass
class Loaded:
    root: Path
    articles: dict[str, Article]
    rejections: list[Rejection]
    db: Path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    base = tmp_path_factory.mktemp("hostile")
    root = _make_corpus(base)
    items = list(load_corpus(root))  # the documented default cap, as the build uses
    articles = {a.file: a for a in items if isinstance(a, Article)}
    rejections = [r for r in items if isinstance(r, Rejection)]
    return Loaded(root, articles, rejections, base / "hostile.duckdb")


def _reports(loaded: Loaded, name: str) -> list[Rejection]:
    return [r for r in loaded.rejections if r.file == name]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("case", CASES, ids=[c.label.replace("\n", "\\n")[:40] for c in CASES])
def test_each_input_ends_loaded_or_reported(hostile: Loaded, case: Case) -> None:
    reports = _reports(hostile, case.report_name)
    if case.outcome == "reject":
        assert case.report_name not in hostile.articles
        assert len(reports) == 1 and reports[0].fatal, reports
        assert case.reason in reports[0].reason
        return
    article = hostile.articles.get(case.label)
    assert article is not None, reports
    if case.outcome == "warn":
        assert reports and not any(r.fatal for r in reports)
        assert any(case.reason in r.reason for r in reports), reports
    else:
        assert reports == []
    for fragment in case.text_has:
        assert fragment in article.text
    for fragment in case.text_lacks:
        assert fragment not in article.text
    assert SECRET not in article.text and SECRET not in (article.title or "")


def test_every_entry_on_disk_is_accounted_for(hostile: Loaded) -> None:
    """Walk the folder independently: every file is loaded or reported (hidden ones as never read), none
    twice; only the top level's manifest.csv is read as settings."""
    on_disk: set[str] = set()
    hidden: set[str] = set()
    for folder, dirs, files in os.walk(hostile.root):  # does not follow symlinked folders
        rel_folder = Path(folder).relative_to(hostile.root)
        for name in files + [d for d in dirs if Path(folder, d).is_symlink()]:
            rel = (rel_folder / name).as_posix()
            shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            if name.startswith("."):
                hidden.add(shown)
            elif rel != "manifest.csv":
                on_disk.add(shown)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
    fatal = {r.file for r in hostile.rejections if r.fatal}
    assert on_disk == set(hostile.articles) | fatal
    assert not set(hostile.articles) & fatal
    assert on_disk == {c.report_name for c in CASES}  # the table describes the whole folder
    assert hidden == {".hidden.txt"}
    assert [r.fatal for r in _reports(hostile, ".hidden.txt")] == [False]


def test_good_articles_all_load_with_their_metadata(hostile: Loaded) -> None:
    expected = {c.label for c in CASES if c.outcome != "reject"}
    assert set(hostile.articles) == expected
    one = hostile.articles["seed one.txt"]
    assert (one.title, one.outlet, one.published_basis) == ("Manifest title", "Manifest Outlet", "manifest")
    two = hostile.articles["seed two.txt"]  # its row had an impossible date: the whole row is ignored
    assert two.title != "Title with a bad date" and two.published_basis != "manifest"
    assert all(a.text.strip() and "\x00" not in a.text for a in hostile.articles.values())
    # Sanitised once at ingest: every stored string encodes as UTF-8 and holds no control but tab/newline.
    for a in hostile.articles.values():
        for value in (a.text, a.title, a.author, a.outlet, a.url):
            if value:
                value.encode("utf-8")
                assert not any(ord(c) < 32 and c not in "\t\n" for c in value), (a.file, value)
    assert hostile.articles["surrogates in front matter.md"].title == "Bad \ufffd title"
    tabbed = hostile.articles["vertical tab and bell.txt"]  # a vertical tab is a line break, a bell a space
    assert tabbed.title == "A title" and tabbed.text.startswith("A title\nwith a vertical tab \n")


def test_manifest_rows_with_problems_are_reported(hostile: Loaded) -> None:
    warnings = [r.reason for r in _reports(hostile, "manifest.csv")]
    assert all(not r.fatal for r in _reports(hostile, "manifest.csv"))
    for cell, why in MANIFEST_PROBLEMS.items():
        assert any(cell in w and why in w for w in warnings), (cell, warnings)
    assert len(warnings) == len(MANIFEST_PROBLEMS)


def test_file_over_the_cap_is_never_read_into_memory(tmp_path: Path) -> None:
    """A sparse 64 MB file: reading it (even up to the cap) would allocate megabytes."""
    with open(tmp_path / "huge.txt", "wb") as fh:
        fh.truncate(64 * 1024 * 1024)
    list(load_corpus(tmp_path))  # warm up imports outside the measurement
    tracemalloc.start()
    try:
        [rejection] = list(load_corpus(tmp_path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "over the 5 MB cap" in rejection.reason and rejection.fatal
    assert peak < 256 * 1024


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_real_build_succeeds_and_stores_what_loaded(hostile: Loaded) -> None:
    report = build(hostile.root, hostile.db)
    assert report.articles == len(hostile.articles)
    reader = StoreReader(hostile.db)
    stored = {a["file"]: a for a in reader.records("articles")}
    assert set(stored) == set(hostile.articles)
    assert all(SECRET not in a["text"] for a in stored.values())
    rejected = {(r["file"], r["fatal"]) for r in reader.records("rejections")}
    assert rejected == {(r.file, r.fatal) for r in hostile.rejections}
    assert reader.counts()["articles"] == len(hostile.articles)
    assert not reader.timeline(Filters()).empty  # the app's main query works on the result
    reader.close()
    with connect(hostile.db) as conn:
        [(built_with,)] = conn.execute("SELECT value FROM meta WHERE key = 'extractor'").fetchall()
    again = build(hostile.root, hostile.db)  # nothing changed: nothing re-extracted
    assert again.articles == report.articles
    if built_with == extractor_fingerprint():  # (unless the extraction code was edited meanwhile)
        assert again.processed == 0


MALFORMED_MANIFESTS = {
    "no file column": b"name;title;published\nseed one.txt;X;2022-01-01\n",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    "undecodable": bytes(range(0x80, 0x100)) * 8,
    "ragged rows and bad quotes": b'file,title\n"seed one.txt,"unterminated\nseed two.txt,a,b,c,d,e\n',
    "empty": b"",
    "header only": b"file,title,published\n",
}


@pytest.mark.parametrize("content", MALFORMED_MANIFESTS.values(), ids=MALFORMED_MANIFESTS.keys())
def test_malformed_manifest_never_stops_loading(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "seed one.txt").write_bytes(SEEDS[0].read_bytes())
    (tmp_path / "seed two.txt").write_bytes(SEEDS[1].read_bytes())
    (tmp_path / "manifest.csv").write_bytes(content)
    items = list(load_corpus(tmp_path))
    loaded = {a.file for a in items if isinstance(a, Article)}
    assert loaded == {"seed one.txt", "seed two.txt"}
    assert all(not r.fatal and r.file == "manifest.csv" for r in items if isinstance(r, Rejection))


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_build_with_a_malformed_manifest_succeeds(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(SEEDS[4].read_bytes())
    (corpus / "manifest.csv").write_bytes(MALFORMED_MANIFESTS["no file column"])
    report = build(corpus, tmp_path / "m.duckdb")
    assert report.articles == 1
    assert [r.file for r in report.rejections] == ["manifest.csv"]
    assert "no 'file' column" in report.rejections[0].reason
