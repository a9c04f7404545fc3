"""Making article strings safe to show: one printable line, inert Markdown, URLs that cannot break out of a link.

Every renderer (brief, notebook, daily page) writes article text only through these.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    pass

__all__ = ["date_text", "escape_markdown", "one_line", "safe_url"]


def _citation_marks(citations: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in citations)


def date_text(value: _dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.time() == _dt.time():
        return value.date().isoformat()
    return value.isoformat(timespec="minutes")


# Control characters (C0 but nothing we write ourselves, DEL, C1) start terminal escape
# sequences; Markdown and text output often goes straight to a terminal.
# Controls, and the invisible bidi and zero-width characters that can reorder a line.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def one_line(text: str) -> str:
    """Text from an article as one printable line: controls and line breaks become spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: javascript:, data: and the like are never linked.

    Spaces, controls, ``<`` and ``>`` are percent-encoded: in a Markdown
    autolink ``<...>`` (the brief's and the daily brief's source lists) a
    ``>`` would end the link and the rest of the URL would be read as
    Markdown, raw HTML or a link of its own.
    """
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    return re.sub(r"[\x00-\x20<>\x7f-\x9f]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url.strip())


# What would open a block (heading, rule, quote, list, code fence) at the start of a list item.
_BLOCK_START = re.compile(r"^(?=[#>+*=_~`-])|^(\d{1,9})(?=[.)])")


# Only these make a link or raw HTML in CommonMark: "](" (inline link or
# image), "]:" (a link definition, which a bare "[2]" could then use) and "<"
# before a letter, "/", "!" or "?" (a tag, comment or autolink). Escaping them
# alone keeps "[2]", "<<" and "a < b" readable in a terminal.
_LINK_MAKING = re.compile(r"\](?=[(:])|<(?=[A-Za-z/!?])")


def escape_markdown(text: str) -> str:
    """Article text as Markdown that shows as written: no links, images, raw HTML or new blocks."""
    text = one_line(text).replace("\\", "\\\\")
    text = _LINK_MAKING.sub(lambda m: "\\]" if m.group() == "]" else "&lt;", text)
    return _BLOCK_START.sub(lambda m: (m.group(1) or "") + "\\", text, count=1)
