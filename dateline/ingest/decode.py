"""Bytes to text for article files: UTF-8 first, then the legacy encodings news archives are full of.

Windows-1252 is preferred over other single-byte code pages whenever it reads cleanly, because automatic
detection on short Western text often picks a Central European page (turning "à" into "ŕ").
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from dateline.ingest.errors import IngestError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# How messy (charset-normalizer's measure) a windows-1252 reading may be and still be trusted.
_CP1252_MAX_MESS = 0.2
# Share of control/replacement characters above which a decoded file is not text.
_MAX_NONTEXT_SHARE = 0.05
_SAMPLE_CHARS = 100_000
_NEWLINES_RE = re.compile(r"\r\n?")
# Control characters (but not tab, newline, CR, form feed), U+FFFD, surrogates and private-use characters.
_NON_ASCII_RE = re.compile("[^\x00-\x7f\ufffd]")
_TEXT_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\x0b\x0c\r"
_NONTEXT_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets do not depend on the platform that wrote the file."""
    return _NEWLINES_RE.sub("\n", text) if "\r" in text else text


def _nontext_share(text: str) -> float:
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    if sample.isascii():  # the common case, counted at C speed
        return len(sample.encode("ascii").translate(None, _TEXT_ASCII)) / len(sample)
    return len(_NONTEXT_RE.findall(sample)) / len(sample)


def _mostly_utf8(raw: bytes) -> str | None:
    """UTF-8 with a few corrupt bytes (a bad copy-paste) is still UTF-8: replace those bytes, keep the rest."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(_NON_ASCII_RE.findall(text))
    if good >= 3 and bad <= max(1, good // 20):
        return text
    return None


def _legacy(raw: bytes) -> str | None:
    """Windows-1252 when it reads cleanly, else charset-normalizer's best guess, else None."""
    try:
        cp1252 = raw.decode("cp1252")
    except UnicodeDecodeError:
        cp1252 = None
    if cp1252 is not None and mess_ratio(cp1252[:_SAMPLE_CHARS], 1.0) <= _CP1252_MAX_MESS:
        return cp1252
    best = from_bytes(raw[: 4 * _SAMPLE_CHARS]).best()
    if best is None:
        return None
    try:
        return raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(raw: bytes, declared: str | None = None) -> str:
    """Decode an article file to str (BOM stripped, newlines as LF) or raise IngestError saying why not.

    ``declared`` is an encoding the document names itself (an HTML ``<meta charset>``); it is tried after a
    byte-order mark and before guessing.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason} at "
                    f"byte {exc.start}); re-save it as UTF-8"
                ) from None
            return _checked(text)
    if b"\x00" in raw:
        raise IngestError(
            "contains NUL bytes, so it is binary (or UTF-16 without a byte-order mark), not text; "
            "export it as UTF-8 text"
        )
    text: str | None = None
    if declared:
        try:
            name = codecs.lookup(declared).name
            # As browsers do (WHATWG): a page labelled Latin-1 or ASCII is read as windows-1252.
            name = "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name
            text = raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = _mostly_utf8(raw) or _legacy(raw)
    if text is None:
        raise IngestError(
            "could not be decoded: it is not UTF-8 and no known text encoding fits; re-save it as UTF-8"
        )
    return _checked(text)


def _checked(text: str) -> str:
    """Reject decodings that are mostly control characters: a binary file that happened to decode."""
    share = _nontext_share(text)
    if share > _MAX_NONTEXT_SHARE:
        raise IngestError(
            f"looks binary: {share:.0%} of its characters are control or undecodable characters; "
            "only plain-text, Markdown and HTML articles are supported; remove it or convert it to UTF-8 text"
        )
    return normalize_newlines(text)
