"""Bytes plus a metadata row in, one Article out: the pure core of ingestion.

Metadata precedence is the contract's: manifest > front matter > HTML metadata > the text itself (header
line, dateline, first line) > unknown. ``published_basis`` records which source gave the date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from dateline.ingest.dates import parse_published
from dateline.ingest.decode import decode_bytes
from dateline.ingest.errors import IngestError
from dateline.ingest.ids import article_id_for, content_hash_for, normalize_rel_path
from dateline.ingest.sanitize import Cleaned, clean_text, describe
from dateline.ingest.textmeta import (
    META_KEYS,
    find_dateline_date,
    first_line_title,
    split_front_matter,
    strip_header_lines,
)
from dateline.records import Article, PublishedBasis

TEXT_EXTENSIONS = (".txt", ".md")
HTML_EXTENSIONS = (".html", ".htm")
ARTICLE_EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS
_EMPTY = "file is empty (or only whitespace); remove it or add the article text"
# spaCy refuses longer texts (nlp.max_length: its parser and NER need ~1 GB per 100,000 characters), and
# one such article would stop the whole build; no news article comes near it.
MAX_TEXT_CHARS = 1_000_000
# spaCy's tokenizer takes quadratic time on a run of symbols with no space or letter in it (5,000 "$" or
# emoji: ~15 s; 100,000: hours), so a hostile file could stall the build. Such runs get a space every
# SYMBOL_RUN characters: nothing is removed and prose never has runs this long.
SYMBOL_RUN = 32
_SYMBOL_RUN_RE = re.compile(rf"[^\w\s]{{{SYMBOL_RUN + 1},}}")


def break_symbol_runs(text: str) -> tuple[str, int]:
    """``text`` with long runs of symbols split by spaces, and how many runs were split."""
    count = 0

    def split(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        run = m.group()
        return " ".join(run[i:i + SYMBOL_RUN] for i in range(0, len(run), SYMBOL_RUN))

    return _SYMBOL_RUN_RE.sub(split, text), count


def is_article_name(name: str) -> bool:
    """True for the file types the corpus contract counts as articles (extension, any case)."""
    return name.lower().endswith(ARTICLE_EXTENSIONS)


def _clean_meta(meta: Mapping[str, str] | None) -> dict[str, str]:
    """Known keys with non-empty values; the manifest's published date checked and normalised."""
    cleaned: dict[str, str] = {}
    for key, value in (meta or {}).items():
        k = str(key).strip().lower()
        if k in META_KEYS and value is not None and str(value).strip():
            cleaned[k] = str(value).strip()
    if "published" in cleaned:
        try:
            cleaned["published"] = parse_published(cleaned["published"]).isoformat()
        except ValueError as exc:
            raise IngestError(f"metadata 'published' is unusable: {exc}") from None
    return cleaned


def parse_article_report(
    raw: bytes, rel_path: str, meta: Mapping[str, str] | None = None
) -> tuple[Article, list[str]]:
    """Like ``parse_article`` but also returns non-fatal problems (e.g. broken front matter) as reasons."""
    rel = normalize_rel_path(rel_path)
    row = _clean_meta(meta)
    lower = rel.lower()
    if not lower.endswith(ARTICLE_EXTENSIONS):
        raise IngestError("is not an article file type; use .txt, .md, .html or .htm")
    if not raw.strip():
        raise IngestError(_EMPTY)

    warnings: list[str] = []
    cleaned: dict[str, Cleaned] = {}
    found: dict[str, str | None] = dict.fromkeys(META_KEYS)  # from the file itself
    candidates: list[tuple[PublishedBasis, date | None]] = []
    front: dict[str, str] = {}

    if lower.endswith(HTML_EXTENSIONS):
        from dateline.ingest.html import extract_html  # lazily: text-only corpora skip the HTML stack

        page = extract_html(raw)
        warnings.extend(page.warnings)
        cleaned["text"] = clean_text(page.text)
        body, header = strip_header_lines(cleaned["text"].text)
        found.update(title=page.title, author=page.author, outlet=page.outlet, url=page.url)
        candidates.append(("html-meta", _iso_date(page.published)))
    else:
        cleaned["text"] = clean_text(decode_bytes(raw))
        text = cleaned["text"].text
        if not text.strip():
            raise IngestError(_EMPTY)
        split = split_front_matter(text)
        warnings.extend(split.warnings)
        front = split.meta
        body, header = strip_header_lines(split.body)
        found["title"] = first_line_title(body)
    if not body.strip():
        raise IngestError(
            "has metadata but no article text (only front matter or a date/byline line); add the text"
        )
    body, runs = break_symbol_runs(body)
    if runs:
        warnings.append(f"{runs} run(s) of more than {SYMBOL_RUN} symbols with no space (e.g. a line of "
                        f"punctuation or emoji) got a space every {SYMBOL_RUN} characters; the language model "
                        "is extremely slow on such runs")
    if len(body) > MAX_TEXT_CHARS:
        raise IngestError(
            f"article text is {len(body):,} characters, over the {MAX_TEXT_CHARS:,}-character limit of the "
            "language model; split it into separate articles"
        )
    if header is not None:
        found["author"] = found["author"] or header.author
        candidates.append(("text", header.published))
    candidates.append(("text", find_dateline_date(body)))
    if lower.endswith(HTML_EXTENSIONS) and not found["title"]:
        found["title"] = first_line_title(body)

    def pick(key: str) -> str | None:
        return row.get(key) or front.get(key) or found.get(key) or None

    published: date | None = None
    basis: PublishedBasis = "unknown"
    for source_basis, source in (("manifest", row), ("front-matter", front)):
        if source.get("published"):
            published, basis = date.fromisoformat(source["published"]), source_basis
            break
    else:
        for candidate_basis, value in candidates:
            if value is not None:
                published, basis = value, candidate_basis
                break

    meta_fields: dict[str, str | None] = {}
    for key in ("title", "outlet", "author", "url"):
        value = pick(key)
        if value is not None:
            cleaned[key] = clean_text(value, line_breaks=False)
            value = cleaned[key].text
        meta_fields[key] = value
    replaced = describe(cleaned)
    if replaced:
        warnings.append(replaced)

    article = Article(
        id=article_id_for(rel),
        file=rel,
        title=meta_fields["title"],
        outlet=meta_fields["outlet"],
        author=meta_fields["author"],
        url=meta_fields["url"],
        published=published,
        published_basis=basis,
        text=body,
        content_hash=content_hash_for(raw, row),
    )
    return article, warnings


def _iso_date(value: str | None) -> date | None:
    """A YYYY-MM-DD string from a page's metadata as a date; None when absent or not a calendar day."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def parse_article(raw: bytes, rel_path: str, meta: Mapping[str, str] | None = None) -> Article:
    """Turn one file's bytes (and its manifest row, if any) into an Article; raises IngestError.

    Pure: no file system or network access, so it can be tested and reused on bytes from anywhere.
    """
    article, _warnings = parse_article_report(raw, rel_path, meta)
    return article
