"""Text made safe once, at ingest, for everything downstream: the store, the model, charts and exports.

Two classes of character never belong in an article and break things far from where they came in:

* lone surrogates (a YAML ``"\\ud800"`` escape, a JSON-LD ``\\udfff``): not encodable as UTF-8, so the
  store's Arrow write fails and the whole build stops;
* control characters other than tab and newline (a vertical tab from a Word export, a bell, DEL, the
  C1 block): invisible, and a chart label holding one makes the png and pptx renderers fail.

Each is replaced one for one, so every character offset stays where it was: a surrogate by U+FFFD, a
vertical tab or form feed (both line breaks in practice) by a newline, any other control by a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # keeps \t and \n (a \r left in metadata goes)
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The safe text and what was replaced in it."""

    text: str
    surrogates: int = 0
    controls: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.surrogates or self.controls)


def clean_text(text: str, *, line_breaks: bool = True) -> Cleaned:
    """``text`` with lone surrogates and control characters (not tab or newline) replaced one for one.

    ``line_breaks=False`` (metadata: a title is one line) replaces a vertical tab or form feed by a space.
    """
    surrogates = 0 if _encodable(text) else len(_SURROGATE_RE.findall(text))
    if surrogates:
        text = _SURROGATE_RE.sub("\ufffd", text)
    controls = 0
    if _CONTROL_RE.search(text):
        controls = len(_CONTROL_RE.findall(text))
        breaks = _LINE_BREAKS if line_breaks else {}
        text = _CONTROL_RE.sub(lambda m: breaks.get(m.group(), " "), text)
    return Cleaned(text, surrogates, controls)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def describe(where: dict[str, Cleaned]) -> str | None:
    """One warning for an article: what was replaced, and in which of its fields; None if nothing was."""
    surrogates = sum(c.surrogates for c in where.values())
    controls = sum(c.controls for c in where.values())
    if not surrogates and not controls:
        return None
    parts = []
    if surrogates:
        parts.append(f"{surrogates} lone surrogate{'s' if surrogates != 1 else ''} (invalid Unicode, e.g. a "
                     "'\\ud800' escape) replaced with U+FFFD")
    if controls:
        parts.append(f"{controls} control character{'s' if controls != 1 else ''} (e.g. a vertical tab) "
                     "replaced with a space or line break")
    fields = ", ".join(name for name, c in where.items() if c.changed)
    return f"{' and '.join(parts)} in the {fields}; the article was loaded with them replaced"
