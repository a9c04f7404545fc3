"""The mark of a sentence the brief shortened: words of the article were left out ("on Tuesday", "police said").

A shortened sentence is still the article's words, but not all of them, so a
reader is told: a ✂ after the sentence, a legend once per brief, and in HTML
the article's full sentence on hover. The JSON keeps it in the ``trimmed`` flag.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

__all__ = ["SHORTENED_LEGEND", "SHORTENED_MARK", "any_shortened", "shortened", "shortened_html", "shortened_text"]

SHORTENED_MARK = "✂"
SHORTENED_LEGEND = f"{SHORTENED_MARK} shortened: words of the article left out (the JSON keeps its full sentence)"


def shortened(sentence: Any) -> str | None:
    """The article's full sentence when the brief shortened ``sentence`` (its ``source`` evidence quotes
    the article as written), else None."""
    flag = next((f for f in sentence.flags if f.kind == "trimmed"), None)
    if flag is None:
        return None
    return next((e.text for e in sentence.evidence if e.relation == "source"), flag.message)


def any_shortened(sentences: Iterable[Any]) -> bool:
    return any(shortened(s) is not None for s in sentences)


def shortened_text(sentence: Any) -> str:
    """`` ✂`` after a shortened sentence in Markdown and plain text, else nothing."""
    return f" {SHORTENED_MARK}" if shortened(sentence) is not None else ""


def shortened_html(sentence: Any) -> str:
    """The mark as HTML, the article's full sentence in its hover text."""
    original = shortened(sentence)
    if original is None:
        return ""
    hover = html.escape(f"Shortened. The article says: {original}")
    return f' <span class="shortened" title="{hover}">{SHORTENED_MARK}</span>'
