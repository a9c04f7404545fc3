"""Strip page clutter from article text with named rules, so a reader can see what was removed and why.

Each removed line is reported with the rule that removed it (``Document.metadata["removed"]``);
the text as loaded stays in ``Document.raw_text``.
"""

from __future__ import annotations

import re

__all__ = ["BOILERPLATE_RULES", "clean_text", "normalise_text"]


# --------------------------------------------------------------------------
# Boilerplate rules. Each one is a name and a test on a stripped line; the
# names end up in Document.metadata["removed"] so a user can audit them.

_CAPTION = re.compile(
    r"^(?:\(?\s*(?:photo|image|picture|photograph|caption|video|graphic|illustration)s?"
    r"(?:\s+credit)?\s*[:|/-])"
    r"|^(?:credit|image credit|photo credit)\s*:"
    r"|\((?:[^()]*/)?\s*(?:getty images|reuters|ap photo|afp|epa|shutterstock)[^()]*\)\s*$"
    r"|^\[?\s*(?:photo|image)\s*:?\s*\]?$",
    re.IGNORECASE,
)
_READ_MORE = re.compile(
    r"^(?:read more|read also|also read|see also|related(?: stories| articles| coverage)?|"
    r"more from|more on this|most read|most popular|most viewed|trending|recommended|"
    r"you may also like|watch|listen|continue reading|top stories)\b\s*[:>»-]?",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?i:by|reporting by|written by|additional reporting by|editing by|edited by)\s+"
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|;|and|&|\|)\s*.*)?$",
)
_SHARE = re.compile(
    r"^(?:share (?:this|on|via)|share$|tweet$|email$|print$|follow us|follow @|like us on|"
    r"sign up|subscribe|click here|advertisement$|sponsored|ad$|"
    r"join the conversation|comments?\s*\(\d+\)|"
    r"(?:copyright|©|\(c\))\s|all rights reserved|this article (?:was|has been) (?:updated|amended|corrected)"
    r"|download (?:our|the) app|get (?:our|the) newsletter)",
    re.IGNORECASE,
)
_LIST_HEADINGS = ("read_more",)
_LIST_ITEM_MAX_WORDS = 16


BOILERPLATE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("caption", _CAPTION),
    ("read_more", _READ_MORE),
    ("byline", _BYLINE),
    ("share", _SHARE),
)

_MARKUP = re.compile(r"^(?:#{1,6}\s+|>\s*|[*_]{1,3})|[*_]{1,3}$")


def _boilerplate_rule(line: str) -> str | None:
    # Match rules on the words, not on Markdown markup around them.
    line = _MARKUP.sub("", _MARKUP.sub("", line)).strip()
    if not line:
        return None
    for name, pattern in BOILERPLATE_RULES:
        if name == "byline":
            # A byline is short; "By noon the river had risen ..." is a sentence.
            if len(line.split()) <= 12 and not line.rstrip().endswith((".", "!", "?")) and pattern.match(line):
                return name
            continue
        if name == "read_more" and len(line.split()) > 25:
            continue
        if pattern.search(line):
            return name
    return None


def clean_text(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Remove boilerplate lines from article text.

    Returns the cleaned text and the removed lines as ``(rule, line)`` pairs.
    After a "Most read"/"Related" heading, the short lines that follow it (the
    list of links) are removed too, up to the next blank line or full sentence.
    """
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    in_link_list = False
    items_seen = 0  # a heading may be followed by one blank line before its list
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.strip()
        if not line:
            in_link_list = in_link_list and items_seen == 0
            kept.append("")
            continue
        rule = _boilerplate_rule(line)
        if rule is None and in_link_list and _looks_like_link_item(line):
            rule = "read_more"
            items_seen += 1
        if rule is None:
            in_link_list = False
            kept.append(raw_line.rstrip())
            continue
        removed.append((rule, line))
        if rule in _LIST_HEADINGS and _is_heading(line):
            in_link_list, items_seen = True, 0
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return cleaned, removed


def _is_heading(line: str) -> bool:
    return len(line.split()) <= 6 and not line.endswith((".", "!", "?"))


def _looks_like_link_item(line: str) -> bool:
    words = line.split()
    return len(words) <= _LIST_ITEM_MAX_WORDS and not re.search(r"[.!?]['\"”’]?$", line) or bool(
        re.match(r"^\s*(?:[-*•]|\d+[.)])\s+", line) and len(words) <= _LIST_ITEM_MAX_WORDS
    )


# C0 controls but tab and line ends, DEL, and the C1 controls (U+0080-U+009F: a
# Latin-1 read can give them, and U+009B is a terminal's CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalise_text(text: str) -> str:
    """Normalise line ends and drop control characters that break rendering (or drive terminals)."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " "))
