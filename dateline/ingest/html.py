"""Article text and metadata from a saved HTML page, without ever touching the network.

trafilatura finds the main text (boilerplate, comments and tables dropped, one paragraph per line) and
htmldate the publication date from the page's own metadata. A plain block-level text extraction is the
fallback when trafilatura finds nothing; scripts and styles are removed before either sees the text.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.etree as etree
import lxml.html
from htmldate import find_date

from dateline.ingest.dates import parse_published
from dateline.ingest.decode import decode_bytes
from dateline.ingest.errors import IngestError

_XML_DECL_RE = re.compile(r"\A\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*(?P<charset>[A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
# C0 controls other than tab/newline/CR mean nothing in HTML and make lxml refuse the string.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WS_RE = re.compile(r"[ \t\r\f\v\u00a0]+")
# libxml2's HTML parser stops at 256 levels of nesting and silently drops the rest of the document;
# a tree this deep was cut short, so its text is read with a flat tokenizer instead.
_MAX_TREE_DEPTH = 250

_NEVER_TEXT = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas")
_BOILERPLATE = ("head", "nav", "header", "footer", "aside", "form", "button", "select", "table", "figure")
_BLOCK_TAGS = frozenset(
    ["p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article", "main", "tr", "td", "th", "dd", "dt", "dl", "hr", "figcaption", "address", "details", "summary"]
)


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What a page yields: the article text (one paragraph per line) and its own metadata."""

    text: str
    title: str | None
    author: str | None
    outlet: str | None
    url: str | None
    published: str | None  # ISO date from the page's metadata
    warnings: tuple[str, ...] = ()  # non-fatal problems the reader should know about


def _declared_charset(raw: bytes) -> str | None:
    m = _META_CHARSET_RE.search(raw[:4096])
    return m.group("charset").decode("ascii") if m else None


def _parse(html: str) -> etree._Element:
    """Parse an HTML string into a document tree, or raise IngestError."""
    html = _CONTROL_RE.sub("", _XML_DECL_RE.sub("", html, count=1))
    if not html.strip():
        raise IngestError("the HTML has no content")
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise IngestError(f"could not be parsed as HTML ({exc}); check that it is a saved web page") from None


def _meta_content(tree: etree._Element, *names: str) -> str | None:
    for name in names:
        for node in tree.xpath(
            "//meta[translate(@property,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')=$n "
            "or translate(@name,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')=$n]/@content",
            n=name,
        ):
            value = _WS_RE.sub(" ", str(node)).strip()
            if value:
                return value
    return None


def _canonical_url(tree: etree._Element) -> str | None:
    for href in tree.xpath("//link[translate(@rel,'CANONIL','canonil')='canonical']/@href"):
        if str(href).strip().startswith(("http://", "https://")):
            return str(href).strip()
    og = _meta_content(tree, "og:url")
    return og if og and og.startswith(("http://", "https://")) else None


def _title_tag(tree: etree._Element) -> str | None:
    for node in tree.xpath("//title"):
        text = _WS_RE.sub(" ", node.text_content()).strip()
        if text:
            return text
    return None


def _drop(node: etree._Element) -> None:
    """Remove a node but keep its tail text (which belongs to the parent)."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    previous = node.getprevious()
    parent.remove(node)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _strip_never_text(tree: etree._Element) -> None:
    """Drop scripts, styles, comments and processing instructions in place."""
    doomed = list(tree.xpath("//comment() | //processing-instruction()"))
    doomed += [node for node in tree.iter(*_NEVER_TEXT)]
    for node in doomed:
        _drop(node)


def _tree_depth(tree: etree._Element) -> int:
    """The deepest element's nesting level, counted without recursion."""
    depth = deepest = 0
    for event, _node in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


class _FlatText(HTMLParser):
    """Block-separated text from a tag stream: no tree, so no depth limit and no recursion."""

    _SKIP = frozenset(_NEVER_TEXT + ("head", "title"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping[tag] = self.skipping.get(tag, 0) + 1
        if tag in _BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping.get(tag):
            self.skipping[tag] -= 1
        if tag in _BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not any(self.skipping.values()):
            self.chunks.append(data)


def flat_text(html: str) -> str:
    """Text of any HTML, however deeply nested, one block per line; scripts, styles and head dropped."""
    parser = _FlatText()
    parser.feed(_CONTROL_RE.sub("", html))
    parser.close()
    lines = (_WS_RE.sub(" ", line).strip() for line in "".join(parser.chunks).split("\n"))
    return "\n".join(line for line in lines if line)


def plain_text(tree: etree._Element) -> str:
    """Block-level text of the page's main area (article > main > body), one block per line."""
    tree = copy.deepcopy(tree)
    _strip_never_text(tree)
    for node in list(tree.iter(*_BOILERPLATE)):
        _drop(node)
    roots = (
        tree.xpath("//article[not(ancestor::article)]")
        or tree.xpath("//main[not(ancestor::main)]")
        or tree.xpath("//body")
        or [tree]
    )
    chunks: list[str] = []
    for root in roots:
        chunks.append("\n")
        for event, node in etree.iterwalk(root, events=("start", "end")):
            if not isinstance(node.tag, str):
                continue
            tag = node.tag.lower()
            if event == "start":
                if tag in _BLOCK_TAGS:
                    chunks.append("\n")
                if node.text and tag not in _NEVER_TEXT:
                    chunks.append(node.text)
            else:
                if tag in _BLOCK_TAGS:
                    chunks.append("\n")
                if node.tail and node is not root:
                    chunks.append(node.tail)
    lines = (_WS_RE.sub(" ", line).strip() for line in "".join(chunks).split("\n"))
    return "\n".join(line for line in lines if line)


def _trafilatura(tree: etree._Element) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata from trafilatura; ("", {}) when it finds nothing or fails on odd markup."""
    import trafilatura
    from trafilatura.xml import xmltotxt

    tree = copy.deepcopy(tree)
    # trafilatura keeps <noscript> and similar fallback content as text; only JSON-LD metadata may stay.
    for node in list(tree.iter(*_NEVER_TEXT)):
        if not (node.tag == "script" and "ld+json" in (node.get("type") or "").lower()):
            _drop(node)
    try:
        doc = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - third-party extractor on arbitrary markup; we fall back
        return "", {}
    if doc is None:
        return "", {}
    text = ""
    if getattr(doc, "body", None) is not None:
        text = xmltotxt(doc.body, include_formatting=False) or ""
    if not text.strip():
        text = getattr(doc, "text", None) or ""
    meta = {"title": getattr(doc, "title", None), "author": getattr(doc, "author", None)}
    return text, meta


def _restore_paragraphs(flat_text: str, fallback: str) -> str | None:
    """Re-split a one-line extraction at the fallback's paragraph boundaries.

    trafilatura's choice of content is kept; only line breaks are added where a fallback paragraph starts
    and ends on word boundaries. Text the fallback does not have (a table cell) becomes its own line.
    Returns None when the fallback's paragraphs cover less than half of the text.
    """
    flat = _WS_RE.sub(" ", flat_text).strip()
    by_first_word: dict[str, list[str]] = {}
    for line in sorted({line for line in fallback.split("\n") if line}, key=len, reverse=True):
        by_first_word.setdefault(line.split(" ", 1)[0], []).append(line)
    pieces: list[str] = []
    loose: list[str] = []
    matched = 0
    pos = 0
    while pos < len(flat):
        space = flat.find(" ", pos)
        space = len(flat) if space == -1 else space
        for paragraph in by_first_word.get(flat[pos:space], ()):
            end = pos + len(paragraph)
            if flat.startswith(paragraph, pos) and (end == len(flat) or flat[end] == " "):
                if loose:
                    pieces.append(" ".join(loose))
                    loose = []
                pieces.append(paragraph)
                matched += len(paragraph)
                pos = end + 1
                break
        else:
            loose.append(flat[pos:space])
            pos = space + 1
    if loose:
        pieces.append(" ".join(loose))
    if len(pieces) < 2 or matched * 2 < len(flat):
        return None
    return "\n".join(pieces)


# Where a page states its own publication date. htmldate reads these too, but only accepts 1995 to today.
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date", "dc.date",
              "dcterms.created", "pubdate", "publishdate")


def _html_date(tree: etree._Element) -> tuple[str | None, str | None]:
    """The page's publication date (YYYY-MM-DD), and a warning when it states one that is unusable.

    htmldate first; a date it refuses (it only accepts 1995 to today) is read from the page's own
    metadata as written, so a 1990 or 9999-12-31 page keeps its date and a garbled one is reported.
    """
    try:
        found = find_date(copy.deepcopy(tree), extensive_search=False, original_date=True)
    except Exception:  # noqa: BLE001 - htmldate failing is the same as it finding nothing
        found = None
    if found:
        return found, None
    stated = _meta_content(tree, *_DATE_META) or next(
        (str(v).strip() for v in tree.xpath("//*[@itemprop='datePublished']/@content") if str(v).strip()), None)
    if stated is None:
        return None, None
    try:
        return parse_published(stated).isoformat(), None
    except ValueError as exc:
        return None, f"the page's publication date is unusable: {exc}; it was left unknown"


def extract_html(raw: bytes) -> HtmlExtract:
    """Decode and extract one HTML page. Raises IngestError when no article text can be found."""
    html = decode_bytes(raw, declared=_declared_charset(raw))
    tree = _parse(html)  # untouched: JSON-LD scripts and meta tags carry the page's metadata
    warnings: tuple[str, ...] = ()
    if _tree_depth(tree) >= _MAX_TREE_DEPTH:
        text, meta, fallback = flat_text(html), {}, ""
        warnings = (f"the HTML is nested more than {_MAX_TREE_DEPTH} elements deep, so its text was read "
                    "without the page layout (menus or footers may be included in the article text)",)
    else:
        text, meta = _trafilatura(tree)
        fallback = plain_text(tree)
    if not text.strip():
        text = fallback
    elif "\n" not in text.strip() and "\n" in fallback:
        # trafilatura's last-resort extraction runs paragraphs together on one line; restore them.
        text = _restore_paragraphs(text, fallback) or text
    text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    if not text:
        raise IngestError("no article text found in the HTML page (it may be an empty shell filled by scripts)")
    title = meta.get("title") or _meta_content(tree, "og:title") or _title_tag(tree)
    published, date_problem = _html_date(tree)
    if date_problem:
        warnings = (*warnings, date_problem)
    return HtmlExtract(
        text=text,
        title=title,
        author=meta.get("author") or _meta_content(tree, "author", "article:author"),
        outlet=_meta_content(tree, "og:site_name"),
        url=_canonical_url(tree),
        published=published,
        warnings=warnings,
    )
