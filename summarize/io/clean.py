"""Strip page clutter from article text with named rules, so a reader can see what was removed and why.

Each removed line (or part of a line: a wire dateline, a "Q." marker, a reporting credit) is
reported with the rule that removed it (``Document.metadata["removed"]``); the text as loaded stays
in ``Document.raw_text``. A dateline says where (and sometimes when) a story was filed:
:func:`parse_dateline` reads it back for ``Document.metadata["dateline"]``.
"""

from __future__ import annotations

import dataclasses
import re

from summarize.document import Document

__all__ = ["BOILERPLATE_RULES", "INLINE_RULES", "clean_document", "clean_text", "normalise_text", "parse_dateline"]


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
# A caption that ends with its photo credit: "... after the vote. AP", "(Photo: Jane Doe/Reuters)",
# "Supporters cheer in Lindham. Jane Doe/National Press Wire". The credit is an agency or a
# "Name/Agency" pair after the caption's last full stop, or a "(Photo: ...)" group.
_AGENCY = (
    r"(?:AP|AFP|EPA|Reuters|Getty Images|Getty|Bloomberg|Xinhua|Shutterstock|Alamy|PA|PA Wire|ANP|DPA|"
    r"Associated Press|AP Photo|Reuters Pictures|Pool|Handout|File)"
)
_CAPTION_CREDIT = re.compile(
    rf"(?:[.!?][\"”’]?\s+(?:{_AGENCY}(?:\s*Photo)?|(?:[A-Z][\w.'’-]+\s+){{1,3}}?[A-Z][\w.'’-]+\s*/\s*[A-Z][\w.& -]{{1,40}})"
    rf"|\(\s*(?:(?:Photo|Image|Picture|Photograph)s?(?:\s+by)?\s*[:|]?|{_AGENCY}\s+Photo\s*/)\s*[^()]{{2,80}}\))\s*$",
)
# Newsletter prompts: whole lines, and NBC-style blocks that a scrape glues into a paragraph.
_NEWSLETTER = re.compile(
    r"^(?:breaking news emails\b|get breaking news alerts\b|sign up (?:for|to)\b.{0,60}\b(?:newsletter|emails?|alerts)\b|"
    r"subscribe (?:to|for)\b.{0,60}\b(?:newsletter|emails?|alerts)\b|(?:get|receive) (?:our|the)\b.{0,40}\bnewsletter\b|"
    r"the news and stories that matter, delivered)",
    re.IGNORECASE,
)
# Reporting and editing credits (Reuters, AP): a line of them, or an agency's contributor note.
_CREDITS = re.compile(
    r"^(?:\(?\s*(?:additional reporting|reporting|writing|editing|compiled|research) by\b"
    r"|contributing:\s"
    r"|.{0,200}\bcontributed (?:reporting )?to this (?:report|story|article)\.?\)?$)",
    re.IGNORECASE,
)
_LIST_HEADINGS = ("read_more",)
_LIST_ITEM_MAX_WORDS = 16


BOILERPLATE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("newsletter", _NEWSLETTER),
    ("credits", _CREDITS),
    ("caption_credit", _CAPTION_CREDIT),
    ("caption", _CAPTION),
    ("read_more", _READ_MORE),
    ("byline", _BYLINE),
    ("share", _SHARE),
)

# --------------------------------------------------------------------------
# Inline rules: clutter inside a line of story text. The match is removed and the
# rest of the line kept ("BRUSSELS, Belgium (AP) _ NATO said ..." keeps "NATO said ...").

_MONTH_ABBREVIATION = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\.|Aug(?:ust|\.)?|"
    r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
# A wire dateline: a place in capitals ("WASHINGTON", "ST. LOUIS", "BRUSSELS, Belgium"), an optional
# date ("Nov. 5", "Nov 5, 2024"), an optional agency in parentheses, then a dash, "_" or "--".
_DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})"
    r"(?:,\s+(?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,2})?)?"
    rf"(?:,?\s*(?P<date>{_MONTH_ABBREVIATION}\s+\d{{1,2}}(?:,?\s+\d{{4}})?))?"
    r"\s*(?:\((?P<agency>[A-Z][^()\n]{1,40})\))?"
    r"\s*(?:--|[-_—–])(?:\s+(?=\S)|\s*$)"
)
# Capitalised words that open a headline or a label, not a place.
_NOT_PLACES = {"UPDATE", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "EDITORIAL", "WATCH", "VIDEO", "PHOTOS",
               "LIVE", "CORRECTED", "CORRECTION", "REFILE", "URGENT", "FACTBOX", "EXPLAINER", "NOTE", "EDS"}
# "Q." / "A." / "Q:" opening a line of an interview, and NYT's "(italics)" / "(end italics)" markup.
_QA_MARKER = re.compile(r"^(?:[QA][.:])\s+(?:\((?:italics|bold)\)\s*)?|\s*\((?:end )?(?:italics|bold)\)\s*",
                        re.IGNORECASE)
_QUESTION_MARKER = re.compile(r"^Q[.:]\s", re.MULTILINE)
_INLINE_CREDITS = re.compile(
    r"\s*\(\s*(?:additional reporting|reporting|writing|editing|compiled|research) by\b[^()]{1,400}\)",
    re.IGNORECASE,
)
_INLINE_NEWSLETTER = re.compile(
    r"\s*Breaking News Emails\s+Get breaking news alerts and special reports\.?"
    r"(?:\s+The news and stories that matter, delivered weekday mornings\.?)?(?:\s+SUBSCRIBE\b)?",
    re.IGNORECASE,
)

#: Rules that remove part of a line, in the order they run. The dateline rule
#: only looks at the start of a story (the first three lines of text).
INLINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dateline", _DATELINE),
    ("qa_marker", _QA_MARKER),
    ("credits", _INLINE_CREDITS),
    ("newsletter", _INLINE_NEWSLETTER),
)
_DATELINE_LINES = 3


def _dateline_match(line: str) -> re.Match[str] | None:
    match = _DATELINE.match(line)
    if match is None or not (match.group("place") or match.group("agency")):
        return None
    place = match.group("place") or ""
    first_word = place.split(",")[0].split()[0].strip(".") if place else ""
    if first_word in _NOT_PLACES or (place and len(re.sub(r"[^A-Z]", "", place.split(",")[0])) < 2):
        return None
    if not match.group("agency") and not match.group("date"):
        # Without an agency or a date, only the wire's own marks ("WASHINGTON _", "NEW YORK —") make a
        # dateline: "US - China talks" and "NATO - the alliance" open sentences.
        if match.group(0).rstrip()[-1] in "-–" or len(re.sub(r"[^A-Z]", "", place)) < 4:
            return None
    return match


def parse_dateline(text: str) -> dict[str, str] | None:
    """The place, date and agency of a wire dateline at the start of ``text``, or None.

    ``"BRUSSELS, Belgium, Nov. 5 (AP) _ NATO ..."`` gives ``{"text": "BRUSSELS, Belgium, Nov. 5 (AP) _",
    "place": "Brussels, Belgium", "date": "Nov. 5", "agency": "AP"}`` (keys without a value are left out).
    """
    match = _dateline_match(text.lstrip())
    if match is None:
        return None
    found = {"text": match.group(0).strip()}
    place = match.group("place")
    if place:
        found["place"] = ", ".join(
            part.strip().title() if part.strip().isupper() else part.strip() for part in place.split(",")
        )
    for key in ("date", "agency"):
        if match.group(key):
            found[key] = match.group(key).strip()
    return found


def _inline_clutter(line: str, *, story_start: bool, interview: bool) -> tuple[str, list[tuple[str, str]]]:
    """``line`` without inline clutter, and what was taken out as ``(rule, text)`` pairs."""
    removed: list[tuple[str, str]] = []
    for name, pattern in INLINE_RULES:
        if name == "dateline":
            match = _dateline_match(line) if story_start else None
            if match is not None:
                removed.append((name, match.group(0).strip()))
                line = line[match.end():]
            continue
        if name == "qa_marker" and not interview and not re.search(r"\((?:end )?(?:italics|bold)\)", line, re.I):
            continue  # "A. Philip Randolph" starts a sentence; "A." is a marker only in a Q&A
        pieces = [m.group(0).strip() for m in pattern.finditer(line)]
        if pieces:
            removed.extend((name, piece) for piece in pieces)
            line = pattern.sub(lambda m: " " if m.start() and m.end() < len(line) else "", line).strip()
            line = re.sub(r"  +", " ", line)
    return line, removed


_MARKUP = re.compile(r"^(?:#{1,6}\s+|>\s*|[*_]{1,3})|[*_]{1,3}$")


def _boilerplate_rule(line: str) -> str | None:
    # Match rules on the words, not on Markdown markup around them.
    line = _MARKUP.sub("", _MARKUP.sub("", line)).strip()
    if not line:
        return None
    for name, pattern in BOILERPLATE_RULES:
        if name in ("credits", "caption_credit", "newsletter") and len(line.split()) > 60:
            continue  # a paragraph, not a credit line
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

    Returns the cleaned text and the removed lines (or parts of lines, for
    :data:`INLINE_RULES`) as ``(rule, text)`` pairs.
    After a "Most read"/"Related" heading, the short lines that follow it (the
    list of links) are removed too, up to the next blank line or full sentence.
    """
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    in_link_list = False
    items_seen = 0  # a heading may be followed by one blank line before its list
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    interview = _QUESTION_MARKER.search(text) is not None
    text_lines = 0  # lines of text seen so far: a dateline opens one of the first few
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if line:
            text_lines += 1
            stripped, inline = _inline_clutter(
                line, story_start=text_lines <= _DATELINE_LINES and not any(r == "dateline" for r, _ in removed),
                interview=interview,
            )
            removed.extend(inline)
            if inline:
                line = raw_line = stripped
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
# Invisible characters that reorder or hide text (issue 17 Low, "Trojan Source"):
# bidi embeddings and overrides (U+202A-202E), isolates (U+2066-2069), and the
# zero-width space, word joiner and BOM. Removed, not replaced by a space, so a
# word they split is whole again. ZWJ/ZWNJ and the LRM/RLM marks stay: scripts
# and emoji need them and they cannot reorder text.
_INVISIBLE = re.compile("[\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def normalise_text(text: str) -> str:
    """Normalise line ends and drop control characters that break rendering (or drive terminals)."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " "))
    return _CONTROL.sub(" ", text)


def clean_document(document: Document) -> Document:
    """``document`` with its clutter removed, when nothing has cleaned it yet.

    The loaders clean what they read (and keep the text as loaded in
    ``raw_text``); a :class:`Document` built in code from a wire feed or a
    page still carries "BRUSSELS, Belgium (AP) _", "(Reporting by ...)" and control characters.
    A document with a ``raw_text`` or a ``metadata["removed"]`` list was
    cleaned, or deliberately not, and is returned as is; so is one the rules
    find nothing in.
    """
    if document.raw_text is not None or "removed" in document.metadata:
        return document
    text, removed = clean_text(normalise_text(document.text))  # control characters too, as the loaders do
    if not removed and text == document.text.strip():
        return document
    metadata = {**document.metadata, "removed": removed}
    dateline = next((parse_dateline(written) for rule, written in removed if rule == "dateline"), None)
    if dateline:
        metadata["dateline"] = dateline
    return dataclasses.replace(document, text=text, raw_text=document.text, metadata=metadata)
