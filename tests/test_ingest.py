"""Corpus ingestion against real files in a temporary folder (the corpus-folder contract)."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.ingest import (
    IngestError,
    article_id_for,
    load_corpus,
    parse_article,
    parse_article_report,
    read_manifest,
)
from dateline.records import Article, Rejection

SEED_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BODY = (
    "Russian President Vladimir Putin has turned down talks with his American counterpart, the Kremlin said.\n\n"
    "Kremlin spokesperson Dmitry Peskov said that Putin was open to negotiations.\n"
)


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def load(root: Path, **kwargs: object) -> tuple[dict[str, Article], list[Rejection]]:
    articles: dict[str, Article] = {}
    rejections: list[Rejection] = []
    for item in load_corpus(root, **kwargs):
        if isinstance(item, Article):
            assert item.file not in articles
            articles[item.file] = item
        else:
            rejections.append(item)
    return articles, rejections


def rejections_for(rejections: list[Rejection], file: str) -> list[Rejection]:
    return [r for r in rejections if r.file == file]


# The seed corpus ---------------------------------------------------------------------------------------------


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    root = tmp_path / "seed"
    shutil.copytree(SEED_CORPUS, root)
    return root


def test_seed_corpus_loads_with_manifest_metadata(seed_copy: Path) -> None:
    articles, rejections = load(seed_copy)
    assert rejections == []
    assert len(articles) == 5
    assert all(a.published_basis == "manifest" for a in articles.values())
    first = articles["000_ea11f408f238adcd.txt"]
    assert first.published == date(2022, 12, 3)
    assert first.title == "Putin turns down talks with Biden"
    assert first.author == "Peter McLaren-Kennedy"
    assert "date 2022-12-03" not in first.text and "8:57" not in first.text
    assert first.text.startswith("Putin turns down talks with Biden. Image:")
    nyt = articles["002_c5060017255d0a6b.txt"]
    assert (nyt.outlet, nyt.published) == ("The New York Times", date(2022, 12, 2))
    assert articles["004_5e00fe9bdd74aca7.txt"].outlet is None
    assert articles["003_a8edd54d34b01197.txt"].published == date(2022, 12, 25)
    # Files without a header line keep their text verbatim, so offsets match the file.
    raw = (seed_copy / "001_8bcaca7be9fee173.txt").read_text(encoding="utf-8")
    assert articles["001_8bcaca7be9fee173.txt"].text == raw


def test_seed_header_line_gives_date_and_author_without_manifest(seed_copy: Path) -> None:
    (seed_copy / "manifest.csv").unlink()
    articles, rejections = load(seed_copy)
    assert rejections == []
    first = articles["000_ea11f408f238adcd.txt"]
    assert (first.published, first.published_basis) == (date(2022, 12, 3), "text")
    assert first.author == "Peter McLaren-Kennedy"
    assert first.title == "Putin turns down talks with Biden. Image: Evgenii Sribnyi/Shutterstock.com"
    assert first.outlet is None
    others = [a for f, a in articles.items() if f != "000_ea11f408f238adcd.txt"]
    assert all(a.published is None and a.published_basis == "unknown" for a in others)


# Header lines and datelines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "published", "author"),
    [
        ("By Jane Doe | Published 3 Dec 2022", date(2022, 12, 3), "Jane Doe"),
        ("Published: 2022-12-03 10:00", date(2022, 12, 3), None),
        ("Updated December 3, 2022", date(2022, 12, 3), None),
        ("date 2022-12-03 By Jane Doe • 03 December 2022 • 8:57", date(2022, 12, 3), "Jane Doe"),
        ("Saturday 3 December 2022 08.57 GMT", date(2022, 12, 3), None),
        ("Published 1 Dec 2022 | Updated 3 Dec 2022, 10:14 am EST", date(2022, 12, 1), None),
        ("By Jane Doe and John van der Berg", None, "Jane Doe and John van der Berg"),
        ("By Jane Doe, staff writer | December 3, 2022 at 10:14 a.m. EST", date(2022, 12, 3),
         "Jane Doe, staff writer"),
        ("Posted by Jane Doe on Saturday, 3rd December 2022", date(2022, 12, 3), "Jane Doe"),
        ("By JANE DOE • 5 min read", None, "JANE DOE"),
        ("By Jane Doe | Associated Press", None, "Jane Doe"),
        ("Updated Saturday 3 December", None, None),  # a date line, but without a year it sets no date
        ("03/12/2022 08:57", None, None),  # day/month order unknowable: metadata, but no date
        ("Wed 5 May 2010 20.37 BST", date(2010, 5, 5), None),
    ],
)
def test_header_line_is_metadata_not_body(tmp_path: Path, header: str, published: date | None,
                                          author: str | None) -> None:
    write(tmp_path, "a.txt", f"{header}\n\n{BODY}")
    articles, rejections = load(tmp_path)
    assert rejections == []
    article = articles["a.txt"]
    assert article.text == BODY
    assert article.published == published
    assert article.published_basis == ("text" if published else "unknown")
    assert article.author == author
    assert article.title == BODY.split("\n", 1)[0]


@pytest.mark.parametrize(
    "first_line",
    [
        "Talks collapse on December 3, 2022 after Putin refuses Biden's offer",
        "By the numbers: Ukraine in 2022",
        "Updated: Kremlin rejects talks",
        "By the way, talks failed",
        "3 December 2022: a timeline of the talks",
        "Ukraine War Live | 3 December 2022",
    ],
)
def test_headline_mentioning_a_date_is_not_a_header(tmp_path: Path, first_line: str) -> None:
    text = f"{first_line}\n\n{BODY}"
    article = parse_article(text.encode(), "a.txt")
    assert article.text == text
    assert article.title == first_line
    assert (article.published, article.published_basis) == (None, "unknown")


def test_header_line_after_title_is_removed_and_title_kept(tmp_path: Path) -> None:
    text = f"# Putin turns down talks\n\nBy Jane Doe | 3 December 2022\n\n{BODY}"
    article = parse_article(text.encode(), "story.md")
    assert article.title == "Putin turns down talks"
    assert article.text == f"# Putin turns down talks\n\n{BODY}"
    assert (article.published, article.author) == (date(2022, 12, 3), "Jane Doe")


@pytest.mark.parametrize(
    "dateline",
    [
        "WASHINGTON (Reuters), Dec. 3, 2022 — ",
        "KYIV, Ukraine, 3 December 2022 - ",
        "NEW YORK, December 3, 2022 (AP) -- ",
    ],
)
def test_dateline_with_year_gives_date_but_stays_in_body(dateline: str) -> None:
    text = f"Kremlin rejects talks\n\n{dateline}The Kremlin said on Friday it was open.\n"
    article = parse_article(text.encode(), "a.txt")
    assert (article.published, article.published_basis) == (date(2022, 12, 3), "text")
    assert article.text == text


def test_dateline_without_year_sets_no_date() -> None:
    text = "Kremlin rejects talks\n\nWASHINGTON (Reuters), Dec. 3 — The Kremlin said on Friday it was open.\n"
    article = parse_article(text.encode(), "a.txt")
    assert (article.published, article.published_basis) == (None, "unknown")


# Front matter and the manifest -------------------------------------------------------------------------------

FRONT = (
    "---\ntitle: Front Title\noutlet: Front Outlet\npublished: 2022-12-01\nauthor: Front Author\n"
    "url: https://example.org/front\n---\n\n"
)


def test_front_matter_gives_metadata_and_is_not_body(tmp_path: Path) -> None:
    write(tmp_path, "a.md", FRONT + "date 2022-12-03 By Jane Doe\n\n" + BODY)
    articles, rejections = load(tmp_path)
    assert rejections == []
    article = articles["a.md"]
    assert article.text == BODY
    assert (article.title, article.outlet, article.author) == ("Front Title", "Front Outlet", "Front Author")
    assert article.url == "https://example.org/front"
    assert (article.published, article.published_basis) == (date(2022, 12, 1), "front-matter")


def test_front_matter_date_and_authors_synonyms() -> None:
    text = "---\ndate: 2022-12-03T08:57:00Z\nauthors:\n  - Jane Doe\n  - John Roe\n---\n" + BODY
    article = parse_article(text.encode(), "a.md")
    assert (article.published, article.published_basis) == (date(2022, 12, 3), "front-matter")
    assert article.author == "Jane Doe, John Roe"
    assert article.text == BODY


def test_manifest_wins_over_front_matter_key_by_key(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", FRONT + BODY)
    write(tmp_path, "manifest.csv", "published,file,title\n2022-12-05,a.txt,Manifest Title\n")
    articles, rejections = load(tmp_path)
    assert rejections == []
    article = articles["a.txt"]
    assert (article.published, article.published_basis) == (date(2022, 12, 5), "manifest")
    assert article.title == "Manifest Title"
    assert (article.outlet, article.author) == ("Front Outlet", "Front Author")  # manifest silent there


def test_broken_front_matter_is_reported_and_kept_out_of_the_body(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "---\ntitle: [unclosed\npublished: 2022-12-01\n---\n" + BODY)
    articles, rejections = load(tmp_path)
    [warning] = rejections_for(rejections, "a.txt")
    assert not warning.fatal and "front matter" in warning.reason and "YAML" in warning.reason
    article = articles["a.txt"]
    assert article.text == BODY
    assert (article.published, article.title) == (None, BODY.split("\n", 1)[0])


def test_unclosed_front_matter_is_reported_and_kept_as_text(tmp_path: Path) -> None:
    text = "---\ntitle: Something\n" + BODY
    write(tmp_path, "a.txt", text)
    articles, rejections = load(tmp_path)
    [warning] = rejections_for(rejections, "a.txt")
    assert not warning.fatal and "never closed" in warning.reason
    assert articles["a.txt"].text == text


def test_impossible_front_matter_date_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "---\ntitle: T\npublished: 2022-02-30\n---\n" + BODY)
    articles, rejections = load(tmp_path)
    [warning] = rejections_for(rejections, "a.txt")
    assert not warning.fatal and "2022-02-30" in warning.reason
    assert (articles["a.txt"].title, articles["a.txt"].published) == ("T", None)


def test_manifest_bad_rows_reported_and_articles_still_load(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", BODY)
    write(tmp_path, "baddate.txt", "Bad date title\n\n" + BODY)
    write(tmp_path, "sub/dir.txt", BODY)
    write(
        tmp_path,
        "manifest.csv",
        "file,title,outlet,published,url,author\n"
        "good.txt,Good,Outlet A,2022-12-02T23:10:00-05:00,https://a.example/1,Ann\n"
        "missing.txt,Ghost,,2022-12-02,,\n"
        "baddate.txt,Manifest title,Outlet B,2022-02-30,,\n"
        "sub\\dir.txt,Sub,,not a date,,\n",
    )
    articles, rejections = load(tmp_path)
    assert set(articles) == {"good.txt", "baddate.txt", "sub/dir.txt"}
    good = articles["good.txt"]
    assert (good.title, good.outlet, good.author, good.url) == ("Good", "Outlet A", "Ann", "https://a.example/1")
    assert (good.published, good.published_basis) == (date(2022, 12, 2), "manifest")
    # The skipped row's metadata is not used at all: the article falls back to what the file says.
    bad = articles["baddate.txt"]
    assert (bad.title, bad.outlet, bad.published) == ("Bad date title", None, None)
    manifest_problems = rejections_for(rejections, "manifest.csv")
    assert len(manifest_problems) == 3 and len(rejections) == 3
    assert all(not r.fatal for r in manifest_problems)
    reasons = " ".join(r.reason for r in manifest_problems)
    assert "line 3 ('missing.txt')" in reasons and "no such file" in reasons
    assert "line 4 ('baddate.txt')" in reasons and "2022-02-30" in reasons
    assert "not a date" in reasons


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name,title\na.txt,Title\n", "no 'file' column"),
        ("file;title\na.txt;Title\n", "separated by commas"),
        (b"\x00\x01\x02binary\x00", "not a text file"),
        ("", "no 'file' column"),
    ],
)
def test_malformed_manifest_is_reported_and_ignored(tmp_path: Path, content: str | bytes, expected: str) -> None:
    write(tmp_path, "a.txt", "Inferred title\n\n" + BODY)
    write(tmp_path, "manifest.csv", content)
    articles, rejections = load(tmp_path)
    [problem] = rejections
    assert problem.file == "manifest.csv" and not problem.fatal and expected in problem.reason
    assert articles["a.txt"].title == "Inferred title"


def test_read_manifest_rejects_paths_that_cannot_be_articles(tmp_path: Path) -> None:
    write(tmp_path, "notes.pdf", b"%PDF")
    manifest = write(tmp_path, "manifest.csv", "file\n/etc/passwd.txt\n../up.txt\nnotes.pdf\n,\n")
    rows, problems = read_manifest(manifest)
    assert rows == {}
    reasons = [p.reason for p in problems]
    assert len(reasons) == 3
    assert "absolute path" in reasons[0] and "outside the corpus folder" in reasons[1]
    assert "not an article file" in reasons[2]


def test_read_manifest_normalises_rows(tmp_path: Path) -> None:
    write(tmp_path, "x/a.txt", BODY)
    write(tmp_path, "b.txt", BODY)
    manifest = write(
        tmp_path,
        "manifest.csv",
        "\ufeffURL, File ,published,extra\n"
        "https://u.example,./x/a.txt,2022-12-03,ignored\n"
        ",b.txt,,\n"
        ",b.txt,2022-12-04,\n"
        ",.hidden/c.txt,,\n",
    )
    rows, problems = read_manifest(manifest)
    assert rows == {"x/a.txt": {"url": "https://u.example", "published": "2022-12-03"}, "b.txt": {}}
    assert len(problems) == 2
    assert "second row" in problems[0].reason and "hidden" in problems[1].reason


# HTML -------------------------------------------------------------------------------------------------------

PARAGRAPH = (
    "The Kremlin said on Friday that President Vladimir Putin remained open to talks, but only on terms "
    "that recognised what Moscow calls new territories, a condition Kyiv and its allies reject outright."
)


def html_page(paragraphs: int = 5) -> str:
    paras = "\n".join(f"<p>Paragraph {i}. {PARAGRAPH}</p>" for i in range(paragraphs))
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Kremlin rejects talks | Example News</title>
<meta property="og:title" content="Kremlin rejects talks">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2022-12-02T10:00:00+00:00">
<style>body {{ font-family: STYLEMARKER; }}</style>
<script>alert(1)</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Kremlin rejects talks</h1>
{paras}
<script>document.write("SCRIPTMARKER")</script><style>p {{ color: STYLEMARKER2 }}</style>
</article><footer>Copyright FOOTERMARKER</footer></body></html>"""


def test_html_page_text_title_outlet_and_date(tmp_path: Path) -> None:
    write(tmp_path, "news/page.html", html_page())
    articles, rejections = load(tmp_path)
    assert rejections == []
    article = articles["news/page.html"]
    for marker in ("alert(1)", "STYLEMARKER", "SCRIPTMARKER", "font-family", "FOOTERMARKER"):
        assert marker not in article.text
    assert "Paragraph 0. The Kremlin said" in article.text
    lines = article.text.split("\n")
    assert sum(line.startswith("Paragraph ") for line in lines) == 5  # one paragraph per line
    assert article.title == "Kremlin rejects talks"
    assert article.outlet == "Example News"
    assert (article.published, article.published_basis) == (date(2022, 12, 2), "html-meta")


def test_short_html_page_falls_back_and_never_shows_scripts() -> None:
    page = (
        "<html><head><title>Tiny page</title><script>alert(1)</script><style>.x{color:red}</style></head>"
        "<body><p>First short line.</p><script>var s = 'SCRIPTMARKER';</script><p>Second short line.</p>"
        "</body></html>"
    )
    article = parse_article(page.encode(), "tiny.htm")
    assert "alert" not in article.text and "SCRIPTMARKER" not in article.text and "color" not in article.text
    assert article.text.split("\n") == ["First short line.", "Second short line."]
    assert article.title == "Tiny page"
    assert (article.outlet, article.published, article.published_basis) == (None, None, "unknown")


def test_html_byline_paragraph_is_metadata() -> None:
    page = html_page(4).replace("<h1>Kremlin rejects talks</h1>", "<h1>Kremlin rejects talks</h1><p>By Jane Doe | Reuters</p>")
    article = parse_article(page.encode(), "a.html")
    assert "By Jane Doe" not in article.text
    assert article.author == "Jane Doe"


def test_html_with_only_scripts_is_rejected() -> None:
    page = "<html><head><script>alert(1)</script></head><body><script>render()</script></body></html>"
    with pytest.raises(IngestError, match="no article text"):
        parse_article(page.encode(), "empty.html")


@pytest.mark.parametrize(
    "declaration",
    ['<meta charset="windows-1252">', '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'],
)
def test_html_declared_legacy_charset_is_honoured(declaration: str) -> None:
    page = html_page(3).replace('<meta charset="utf-8">', declaration)
    page = page.replace("Paragraph 0.", "Paragraph 0. Caf\u00e9 \u201cquoted\u201d.")
    article = parse_article(page.encode("cp1252"), "legacy.html")
    assert "Caf\u00e9 \u201cquoted\u201d." in article.text


# Encodings -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("The caf\u00e9 on Main Street reopened on Monday, the owner said.\n", "latin-1"),
        ("He said \u201cwe are open\u201d \u2014 it\u2019s the caf\u00e9\u2019s first day.\n", "cp1252"),
        ("Le caf\u00e9 est ferm\u00e9 \u00e0 Paris ; l\u2019\u00e9l\u00e8ve \u00e9tait tr\u00e8s d\u00e9\u00e7u.\n",
         "cp1252"),
        ("J\u00fcrgen M\u00fcller sagte, die Stra\u00dfe sei gesperrt.\n", "latin-1"),
    ],
)
def test_legacy_encodings_decoded(tmp_path: Path, text: str, encoding: str) -> None:
    write(tmp_path, "legacy.txt", text.encode(encoding))
    articles, rejections = load(tmp_path)
    assert rejections == []
    assert articles["legacy.txt"].text == text


def test_utf8_with_one_corrupt_byte_stays_utf8() -> None:
    raw = "Caf\u00e9 \u201cquoted\u201d \u2014 na\u00efve r\u00e9sum\u00e9.\n".encode() + b"bad \xff byte\n"
    article = parse_article(raw, "a.txt")
    assert article.text == "Caf\u00e9 \u201cquoted\u201d \u2014 na\u00efve r\u00e9sum\u00e9.\nbad \ufffd byte\n"


def test_utf8_bom_and_crlf(tmp_path: Path) -> None:
    write(tmp_path, "win.txt", b"\xef\xbb\xbfCaf\xc3\xa9 headline\r\n\r\nFirst line.\r\nSecond line.\rThird.\r\n")
    articles, _ = load(tmp_path)
    article = articles["win.txt"]
    assert article.text == "Caf\u00e9 headline\n\nFirst line.\nSecond line.\nThird.\n"
    assert article.title == "Caf\u00e9 headline"
    start = article.text.index("Second line.")
    assert article.text[start:start + 12] == "Second line."


def test_utf16_with_bom_is_text() -> None:
    article = parse_article("Caf\u00e9 news\n\nBody text.\n".encode("utf-16"), "u16.txt")
    assert article.text == "Caf\u00e9 news\n\nBody text.\n"


def test_bad_files_rejected_with_reasons_while_the_rest_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dateline.ingest.loader as loader

    write(tmp_path, "good.txt", "Short good article.\n")
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.md", " \n\t\r\n ")
    write(tmp_path, "binary.txt", b"GIF89a\x00\x01\x02\x00\x00text")
    write(tmp_path, "controls.txt", bytes(range(1, 9)) * 25 + b"some text")
    write(tmp_path, "huge.txt", b"x" * 1000)
    write(tmp_path, "undecodable.txt", bytes(range(0x80, 0x100)) * 4)
    opened: list[str] = []
    real_open = open

    def spy_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(os.fspath(file))  # type: ignore[arg-type]
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(loader, "open", spy_open, raising=False)
    articles, rejections = load(tmp_path, max_file_bytes=600)
    assert set(articles) == {"good.txt"}
    reasons = {r.file: r.reason for r in rejections}
    assert all(r.fatal for r in rejections)
    assert set(reasons) == {"empty.txt", "blank.md", "binary.txt", "controls.txt", "huge.txt", "undecodable.txt"}
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.md"]
    assert "NUL" in reasons["binary.txt"]
    assert "binary" in reasons["controls.txt"]
    assert "1000 bytes, over the 600 bytes cap (DATELINE_MAX_FILE_BYTES)" in reasons["huge.txt"]
    assert "could not be decoded" in reasons["undecodable.txt"]
    assert not any(path.endswith("huge.txt") for path in opened)  # never read into memory
    assert any(path.endswith("good.txt") for path in opened)


def test_default_cap_comes_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_MAX_FILE_BYTES", str(5 * 1024 * 1024))
    write(tmp_path, "big.txt", b"a" * (5 * 1024 * 1024 + 1))
    _, rejections = load(tmp_path)
    [rejection] = rejections
    assert "over the 5 MB cap (DATELINE_MAX_FILE_BYTES)" in rejection.reason


# Folder walking ------------------------------------------------------------------------------------------------


def test_hidden_entries_are_skipped_and_other_file_types_reported(tmp_path: Path) -> None:
    """Hidden entries are never read (the contract) but named once; every other file is loaded or reported."""
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, ".hidden/b.txt", BODY)
    write(tmp_path, "sub/.git/c.md", BODY)
    write(tmp_path, ".d.txt", BODY)
    write(tmp_path, "notes.csv", "x,y\n")
    write(tmp_path, "image.png", b"\x89PNG\x00")
    write(tmp_path, "draft.markdown", BODY)
    write(tmp_path, "sub/manifest.csv", "file,title\n")
    write(tmp_path, "actors.csv", "alias,canonical\n")  # the top level's settings files are not reported
    write(tmp_path, "manifest.csv", "file,title\na.txt,A\n")
    articles, rejections = load(tmp_path)
    assert list(articles) == ["a.txt"]
    by_file = {r.file: r for r in rejections}
    assert set(by_file) == {".hidden", "sub/.git", ".d.txt", "notes.csv", "image.png", "draft.markdown",
                            "sub/manifest.csv"}
    for hidden in (".hidden", "sub/.git", ".d.txt"):
        assert not by_file[hidden].fatal and "hidden" in by_file[hidden].reason
    for other in ("notes.csv", "image.png", "draft.markdown", "sub/manifest.csv"):
        assert by_file[other].fatal and "not an article file type" in by_file[other].reason
    assert "rename it to .md" in by_file["draft.markdown"].reason
    assert "subfolder" in by_file["sub/manifest.csv"].reason


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinks_outside_root_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    outside = tmp_path / "outside"
    write(outside, "secret.txt", "SECRET outside the corpus\n")
    write(root, "a.txt", BODY)
    (root / "link.txt").symlink_to(outside / "secret.txt")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    (root / "inside.txt").symlink_to(root / "a.txt")
    (root / "broken.txt").symlink_to(root / "nowhere.txt")
    articles, rejections = load(root)
    assert set(articles) == {"a.txt", "inside.txt"}
    assert not any("SECRET" in a.text for a in articles.values())
    reasons = {r.file: r for r in rejections}
    assert set(reasons) == {"link.txt", "linkdir", "broken.txt"}
    assert "outside the corpus folder" in reasons["link.txt"].reason and reasons["link.txt"].fatal
    assert "outside the corpus folder" in reasons["linkdir"].reason
    assert "broken symlink" in reasons["broken.txt"].reason


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_manifest_symlink_outside_root_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root, "a.txt", "Inferred title\n\n" + BODY)
    outside = write(tmp_path, "elsewhere.csv", "file,title\na.txt,Outside title\n")
    (root / "manifest.csv").symlink_to(outside)
    articles, rejections = load(root)
    [warning] = rejections
    assert warning.file == "manifest.csv" and "outside the corpus folder" in warning.reason
    assert articles["a.txt"].title == "Inferred title"


def test_odd_file_names_and_sorted_order(tmp_path: Path) -> None:
    names = ["with space.txt", "\u00fcn\u00efc\u00f6d\u00e9/\u65e5\u672c.md", "UPPER.TXT", "b/page.HTM", "a-1.txt"]
    for name in names:
        content = html_page(3) if name.endswith("HTM") else f"Title of {name}\n\n{BODY}"
        write(tmp_path, name, content)
    items = [item for item in load_corpus(tmp_path) if isinstance(item, Article)]
    files = [a.file for a in items]
    assert files == sorted(names)
    assert len({a.id for a in items}) == len(names)
    assert all(re.fullmatch(r"a-[0-9a-f]{12}", a.id) for a in items)
    by_file = {a.file: a for a in items}
    assert by_file["with space.txt"].title == "Title of with space.txt"


def test_names_equal_after_unicode_normalisation_do_not_share_an_id(tmp_path: Path) -> None:
    nfc = unicodedata.normalize("NFC", "caf\u00e9.txt")
    nfd = unicodedata.normalize("NFD", nfc)
    write(tmp_path, nfc, BODY)
    write(tmp_path, nfd, BODY)
    if len(list(tmp_path.iterdir())) < 2:
        pytest.skip("the file system normalises Unicode names")
    articles, rejections = load(tmp_path)
    assert list(articles) == [nfc]
    [rejection] = rejections
    assert rejection.fatal and "Unicode" in rejection.reason


def test_ids_stable_across_runs_and_locations(tmp_path: Path) -> None:
    write(tmp_path / "one", "x/a.txt", BODY)
    write(tmp_path / "one", "x/b.txt", BODY)
    shutil.copytree(tmp_path / "one", tmp_path / "two")
    first = [a.id for a in load_corpus(tmp_path / "one") if isinstance(a, Article)]
    again = [a.id for a in load_corpus(tmp_path / "one") if isinstance(a, Article)]
    moved = [a.id for a in load_corpus(tmp_path / "two") if isinstance(a, Article)]
    assert first == again == moved
    assert first == [article_id_for("x/a.txt"), article_id_for("x/b.txt")]
    assert first[0] != first[1]
    assert article_id_for("x\\a.txt") == article_id_for("x/a.txt") == article_id_for("./x/a.txt")
    nfd = unicodedata.normalize("NFD", "caf\u00e9.txt")
    assert article_id_for(nfd) == article_id_for("caf\u00e9.txt")


def test_content_hash_follows_bytes_and_manifest_row(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", BODY)
    base = load(tmp_path)[0]["a.txt"].content_hash
    assert load(tmp_path)[0]["a.txt"].content_hash == base
    write(tmp_path, "manifest.csv", "file,title\na.txt,New title\n")
    with_row = load(tmp_path)[0]["a.txt"].content_hash
    assert with_row != base
    write(tmp_path, "a.txt", BODY + "More.\n")
    assert load(tmp_path)[0]["a.txt"].content_hash not in (base, with_row)


def test_missing_corpus_folder_is_a_rejection(tmp_path: Path) -> None:
    [rejection] = list(load_corpus(tmp_path / "nope"))
    assert isinstance(rejection, Rejection) and "does not exist" in rejection.reason


# parse_article as a pure function -------------------------------------------------------------------------------


def test_parse_article_uses_meta_and_rejects_bad_meta() -> None:
    article = parse_article(BODY.encode(), "dir/a.txt", {"published": "2022-12-03", "outlet": " X ", "other": "y"})
    assert (article.published, article.published_basis, article.outlet) == (date(2022, 12, 3), "manifest", "X")
    assert article.file == "dir/a.txt" and article.id == article_id_for("dir/a.txt")
    with pytest.raises(IngestError, match="published"):
        parse_article(BODY.encode(), "a.txt", {"published": "2022-13-01"})
    with pytest.raises(IngestError, match="article file type"):
        parse_article(BODY.encode(), "a.pdf")


def test_parse_article_report_returns_warnings_without_raising() -> None:
    article, warnings = parse_article_report(b"---\ntitle: [unclosed\n---\nBody.\n", "a.txt")
    assert article.text == "Body.\n" and len(warnings) == 1


def test_markdown_rule_and_prose_is_not_front_matter() -> None:
    text = "---\nThe Kremlin said on Friday it was open to talks.\n---\nMore text.\n"
    article, warnings = parse_article_report(text.encode(), "a.md")
    assert (article.text, warnings) == (text, [])
    assert article.title == "The Kremlin said on Friday it was open to talks."


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=800).map(lambda s: s.encode("utf-8")),
        st.text(alphabet=st.sampled_from(list("<>/=\"' \n-:#abcdehilmprsty0123456789")), max_size=400).map(
            lambda s: ("---\n" + s).encode()
        ),
    ),
    name=st.sampled_from(["a.txt", "b.md", "c.html", "d.HTM"]),
)
def test_parse_article_returns_article_or_raises_ingest_error(raw: bytes, name: str) -> None:
    try:
        article = parse_article(raw, name)
    except IngestError as exc:
        assert str(exc)
        return
    assert isinstance(article, Article)
    assert isinstance(article.text, str) and article.text.strip()
    assert article.published is None or isinstance(article.published, date)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.one_of(
        st.binary(max_size=500),
        st.lists(
            st.lists(st.sampled_from(["file", "a.txt", "published", "2022-02-30", "2022-12-03", "", '"', ",x"]),
                     max_size=5).map(",".join),
            max_size=5,
        ).map(lambda rows: "\n".join(rows).encode()),
    )
)
def test_read_manifest_never_raises(tmp_path: Path, content: bytes) -> None:
    write(tmp_path, "a.txt", BODY)
    manifest = write(tmp_path, "manifest.csv", content)
    rows, problems = read_manifest(manifest)
    assert set(rows) <= {"a.txt"}
    assert all(isinstance(p, Rejection) and not p.fatal and p.file == "manifest.csv" for p in problems)
    for row in rows.values():
        assert "published" not in row or date.fromisoformat(row["published"])
