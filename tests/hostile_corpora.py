"""One small corpus per class of hostile input (issue #16), written to disk and built for real by the tests.

Each class is what broke a build, a page or an export before, caught as a class rather than one payload:

* ``dates``: publication dates at the calendar's edges and far from today (0001-01-01, 1499, 9999-12-31);
* ``text``: lone surrogates and control characters in front matter, titles and quotes;
* ``long``: one article on a single line with no sentence end (a scraped table, OCR text);
* ``formulas``: outlets, titles and quotes a spreadsheet would run as formulas;
* ``markup``: titles and quotes holding HTML a chart label would render (links, bold, scripts);
* ``other``: files below the corpus that are not articles (.markdown, .rst, .xhtml, .txt.bak, hidden).

The damaged store and the damaged briefings file are made from a built corpus (tests/test_hostile_store.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

NEWS = ("Russian President Vladimir Putin met Chancellor Olaf Scholz in Moscow on Thursday, the Kremlin "
        "said.\n\n“We will keep talking,” Scholz told reporters after the meeting.\n\nKremlin spokesman "
        "Dmitry Peskov said the talks would continue next week.\n")


def _article(front: dict[str, str], body: str = NEWS) -> str:
    lines = [f"{k}: {v}" for k, v in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


# -- dates --------------------------------------------------------------------------------------------------
DATE_YEARS = {"first day.md": 1, "fifteenth century.md": 1499, "last day.md": 9999, "today.md": 2022}


def dates(root: Path) -> None:
    (root / "first day.md").write_text(_article({"title": "First day", "published": "0001-01-01"}))
    (root / "fifteenth century.md").write_text(_article({"title": "Old news", "published": "1499-03-01"}))
    (root / "last day.md").write_text(_article({"title": "Last day", "published": "9999-12-31"}))
    (root / "today.md").write_text(_article({"title": "Today", "published": "2022-12-01"}))
    (root / "manifest.csv").write_text("file,outlet,published\nfirst day.md,Edge Outlet,0001-01-01\n"
                                       "last day.md,Edge Outlet,9999-12-31\n", encoding="utf-8")


# -- surrogates and control characters -----------------------------------------------------------------------
def text(root: Path) -> None:
    (root / "surrogates.md").write_text(
        '---\ntitle: "Talks \\ud800 resume"\nauthor: "\\udfff"\noutlet: "Wire \\ud83d Service"\n'
        "published: 2022-12-01\n---\n" + NEWS, encoding="utf-8")
    (root / "controls.txt").write_text(
        "Talks\x0bresume\x07 in Moscow\n\n2022-12-02\n\n" + NEWS.replace("keep talking", "keep\x0btalking\x1b")
        .replace("the talks", "the\x85talks"), encoding="utf-8")


# -- one long sentence ---------------------------------------------------------------------------------------
LONG_CHARS = 30_000


def long(root: Path) -> None:
    words = ("officials said the talks in moscow on thursday were over and scholz told reporters “we will "
             "keep talking” while peskov said the kremlin would wait ")
    line = (words * (LONG_CHARS // len(words) + 1))[:LONG_CHARS]
    (root / "one line.txt").write_text("Scraped table\n\n" + line.rsplit(" ", 1)[0] + "\n", encoding="utf-8")
    (root / "normal.md").write_text(_article({"title": "Normal", "published": "2022-12-01"}))
    (root / "manifest.csv").write_text("file,published\none line.txt,2022-12-01\n", encoding="utf-8")


# -- formula cells -------------------------------------------------------------------------------------------
FORMULAS = ("=HYPERLINK(\"https://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1")


def formulas(root: Path) -> None:
    (root / "formula outlet.md").write_text(_article(
        {"title": "'+1+1 headline'", "outlet": "'=HYPERLINK(\"https://evil.example\",\"click\")'",
         "author": "'@SUM(1+1)'", "published": "2022-12-01"},
        "-2+3 said the minister on Thursday.\n\n“=1+1 is what we offered,” Scholz told reporters on Friday.\n\n"
        + NEWS))
    (root / "manifest.csv").write_text('file,outlet\nformula outlet.md,"=HYPERLINK(""https://evil.example"",'
                                       '""click"")"\n', encoding="utf-8")


# -- label markup --------------------------------------------------------------------------------------------
LINK = '<a href="https://evil.example/x">click me</a>'


def markup(root: Path) -> None:
    (root / "markup.md").write_text(_article(
        {"title": f"'{LINK} and <b>bold</b>'", "outlet": "'<i>Gazette</i>'", "published": "2022-12-01"},
        f"Putin met Scholz on Thursday {LINK} in Moscow, the Kremlin said.\n\n"
        f"“We will keep talking {LINK} <b>always</b>,” Scholz told reporters on Friday.\n\n" + NEWS))


# -- other file types ----------------------------------------------------------------------------------------
OTHER_FILES = {"draft.markdown": "rename it to .md", "chapter.rst": "not an article file type",
               "page.xhtml": "rename it to .html", "story.txt.bak": "not an article file type",
               "notes/data.csv": "not an article file type", "image.png": "not an article file type"}


def other(root: Path) -> None:
    (root / "article.md").write_text(_article({"title": "The article", "published": "2022-12-01"}))
    for name in OTHER_FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(NEWS, encoding="utf-8")
    (root / ".hidden.txt").write_text(NEWS, encoding="utf-8")


CLASSES: dict[str, Callable[[Path], None]] = {"dates": dates, "text": text, "long": long, "formulas": formulas,
                                              "markup": markup, "other": other}


def make(name: str, base: Path) -> Path:
    """The corpus of class ``name`` in a new folder below ``base``."""
    root = base / name
    root.mkdir(parents=True)
    CLASSES[name](root)
    return root
