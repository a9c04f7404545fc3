"""Find an undated article about another edition of the event: last cycle's election in this cycle's set.

Two tests, each ending in a reason a reader can check against the article:

* **dated by its text**: the article's own dateline, caption stamp or a weekday beside a date pins
  a year (:func:`summarize.text.reftime.reference_time`), and most other articles mention a later
  year. "dated 2021 by its text (photo caption 'Nov. 2, 2021'), the others 2024 ('...')".
* **contradicts the others on several points**: another person in the same role where the others
  agree on one ("challenger Lisa Park where 3 others have Tom Beck"), another year for the same
  kind of event ("the 2021 election" where the others have "the 2024 election"), a latest year
  earlier than the others', different figures for the same name and measure. Figures change as a
  story develops (a toll rises), so they never decide alone: at least :data:`MIN_POINTS` points,
  one of them not a figure.

Articles with a publication date in their metadata are judged by
:func:`summarize.trust.stale.date_outliers` instead: their date is better evidence than their words.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from summarize.document import Document
from summarize.text.facts import extract_quantities, unit_family, values_compatible
from summarize.text.names import extract_entities
from summarize.text.reftime import ReferenceTime, reference_time
from summarize.text.segment import split_sentences
from summarize.trust.stale import DEFAULT_MAX_DAYS, StaleArticle, date_outliers

__all__ = ["MIN_POINTS", "edition_outliers", "out_of_place", "role_names", "figures"]

#: Points of contradiction (one at least not a figure) that make an article another edition's.
MIN_POINTS = 3

# Roles that one person fills at a time, written before the name ("challenger Lisa Park", "Mayor Ana
# Ruiz") or as the verb before it ("defeated Lisa Park"). "former"/"late" before it is history.
_ROLES = {
    "mayor": "mayor", "governor": "governor", "gov.": "governor", "president": "president", "premier": "premier",
    "prime minister": "prime minister", "chancellor": "chancellor", "senator": "senator", "sen.": "senator",
    "challenger": "challenger", "opponent": "opponent", "rival": "rival", "incumbent": "incumbent",
    "nominee": "nominee", "runner-up": "runner-up", "coach": "coach", "manager": "manager", "captain": "captain",
    "chief executive": "chief executive", "speaker": "speaker", "hurricane": "hurricane", "typhoon": "typhoon",
    "cyclone": "cyclone", "tropical storm": "tropical storm", "storm": "storm",
    "defeated": "defeated", "defeating": "defeated", "beat": "defeated", "beating": "defeated",
    "unseated": "defeated", "ousted": "defeated", "against": "against", "versus": "against", "vs.": "against",
}
_ROLE_BEFORE = re.compile(
    r"(?:\b(?P<qualifier>[A-Z][\w.'’-]*|former|late|ex-|then-|outgoing|new)\s+)?"
    r"\b(?P<role>" + "|".join(sorted((re.escape(r) for r in _ROLES), key=len, reverse=True)) + r")\s*$",
    re.IGNORECASE,
)
_HISTORY = {"former", "late", "ex-", "then-", "outgoing", "new"}
# Capitalised words before a title that are not a place or a nationality ("The Mayor", "When Gov.").
_COMMON_STARTERS_LOWER = {"the", "a", "an", "when", "as", "and", "but", "then", "while", "after", "before", "with",
                          "by", "for", "of", "to", "in", "on", "at", "if", "said", "says", "says."}
# A name ends here: the next word is lower case or punctuation.
_MEASURE_WORDS = re.compile(r"\b(turnout|margin|majority|toll|total|lead)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Point:
    kind: str  # "name", "edition", "year", "figure"
    text: str


def role_names(text: str) -> dict[str, set[str]]:
    """Who fills each role in ``text``: ``{"challenger": {"park"}, "mayor": {"ruiz"}}`` (surnames, lower case).

    The role is the title or verb just before the name; a nationality before it is part of the
    role ("Chilean president"), "former"/"late" before it is history and not read.
    """
    found: dict[str, set[str]] = {}
    for _start, _end, sentence in split_sentences(text):
        _sentence_roles(sentence, found)
    return found


@functools.lru_cache(maxsize=4096)
def _mention(entity: str) -> re.Pattern[str]:
    """Where ``entity`` stands as whole words (compiled once: a day names the same people in many sentences)."""
    return re.compile(rf"(?<![\w'’]){re.escape(entity)}(?![\w'’])")


def _sentence_roles(text: str, found: dict[str, set[str]]) -> None:
    for entity in set(extract_entities(text)):
        for match in _mention(entity).finditer(text):
            words = entity.split()
            role_match, qualifier, place = None, "", ""
            # "Mayor Ana Ruiz", "Hurricane Mitch", "Illinois Gov. Jim Edgar": the role is inside the name.
            for i in range(len(words)):
                for size in (2, 1):
                    key = " ".join(words[i:i + size]).lower()
                    if key in _ROLES and len(words) > i + size and role_match is None:
                        role_match, words = key, words[i + size:]
                        if i:
                            qualifier = entity.split()[i - 1].lower()
                        else:
                            qualifier_match = re.search(r"(?<![\w'’])([A-Z][\w.'’-]*|former|late)\s+$",
                                                        text[:match.start()])
                            qualifier = qualifier_match.group(1).lower() if qualifier_match else ""
                if role_match is not None:
                    break
            if "of" in words:  # "Gov. George Voinovich of Ohio"
                at = words.index("of")
                words, place = words[:at], " ".join(words[at + 1:]).lower()
            if qualifier in _COMMON_STARTERS_LOWER:
                qualifier = ""
            if role_match is None:
                before = _ROLE_BEFORE.search(text[max(0, match.start() - 40):match.start()])
                if before is None:
                    continue
                role_match = before.group("role").lower()
                qualifier = before.group("qualifier") or ""
                # The pattern ignores case for the role; a qualifier is a capitalised word or a history word.
                qualifier = qualifier.lower() if qualifier[:1].isupper() or qualifier.lower() in _HISTORY else ""
            if not words:
                continue
            if qualifier in _HISTORY:
                continue
            after = re.match(r",?\s+of\s+([A-Z][\w.'’-]*)", text[match.end():])
            place = place or (after.group(1).lower() if after else "")
            if place and not qualifier:  # "Gov. George Voinovich of Ohio" is Ohio's governor
                qualifier = place
            role = _ROLES[role_match]
            if qualifier and qualifier[0].isalpha() and role not in ("defeated", "against"):
                role = f"{qualifier} {role}"
            surname = re.sub(r"(?:['’]s|['’])$", "", words[-1]).lower().strip(".,")
            if surname:
                found.setdefault(role, set()).add(surname)


def figures(text: str) -> dict[tuple[str, str], list]:
    """Figures keyed by (the name or measure word they belong to, what they count).

    The name is the nearest one before the figure in its sentence with no other figure between
    ("Ruiz won 52.4 percent to Park's 47.6 percent": Ruiz 52.4%, Park 47.6%), else a measure word
    ("turnout", "margin"). Figures without a unit, and vote tallies, are not keyed.
    """
    keyed: dict[tuple[str, str], list] = {}
    for _start, _end, sentence in split_sentences(text):
        quantities = [q for q in extract_quantities(sentence) if q.unit and not q.unit.startswith("vote:")]
        names = []
        for entity in set(extract_entities(sentence)):
            for match in _mention(entity).finditer(sentence):
                surname = re.sub(r"(?:['’]s|['’])$", "", entity.split()[-1]).lower().strip(".,")
                names.append((match.end(), surname))
        previous_end = 0
        for quantity in quantities:
            owners = [name for end, name in names if previous_end <= end <= quantity.start]
            measure = _MEASURE_WORDS.findall(sentence[previous_end:quantity.start])
            previous_end = quantity.end
            owner = owners[-1] if owners else (measure[-1].lower() if measure else "")
            if owner:
                keyed.setdefault((owner, unit_family(quantity.unit)), []).append(quantity)
    return keyed


def _majority(values: Counter[str], voters: int) -> str | None:
    """The value most of ``voters`` (at least two) give, or None."""
    if not values:
        return None
    value, count = values.most_common(1)[0]
    return value if count >= 2 and count * 2 > voters else None


@dataclass(frozen=True)
class _Reading:
    """What the tests read from one article, read once."""

    time: ReferenceTime
    roles: dict[str, set[str]]
    figures: dict[tuple[str, str], list]
    lower_text: str


def _read(document: Document) -> _Reading:
    return _Reading(reference_time(document), role_names(document.text), figures(document.text), document.text.lower())


def _mentions(text_lower: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", text_lower) is not None


def _contradictions(index: int, readings: Sequence[_Reading]) -> list[_Point]:
    """What article ``index`` says differently from a majority of the others that say something on it."""
    own = readings[index]
    others = [r for i, r in enumerate(readings) if i != index]
    points: list[_Point] = []

    for role, names in sorted(own.roles.items()):
        holders = [r for r in others if role in r.roles]
        votes = Counter(name for r in holders for name in r.roles[role])
        agreed = _majority(votes, len(holders))
        if agreed is None or agreed in names or _mentions(own.lower_text, agreed):
            continue
        ours = sorted(n for n in names if not any(_mentions(r.lower_text, n) for r in holders))
        if ours:
            points.append(_Point("name", f"{role} {ours[0].title()} where {votes[agreed]} others have "
                                         f"{agreed.title()}"))

    for noun, years in sorted(own.time.editions.items()):
        theirs = Counter(str(max(r.time.editions[noun])) for r in others if noun in r.time.editions)
        agreed_year = _majority(theirs, sum(theirs.values()))
        # Only the newest thing the article speaks of: "the 1986 Games" in a 1998 story is history.
        if (agreed_year is not None and max(years) < int(agreed_year) and max(years) == own.time.latest_year
                and not _mentions(own.lower_text, agreed_year)):
            points.append(_Point("edition", f"'{years[max(years)]}' where the others have the {agreed_year} {noun}"))

    # A latest year is only a lower bound; it counts against the others' *pinned* years.
    ours_latest = own.time.latest_year
    pinned = [r.time.year for r in others if r.time.year is not None]
    if ours_latest is not None and own.time.year is None and not any(p.kind == "edition" for p in points):
        after = [year for year in pinned if year > ours_latest]
        if len(after) >= 2 and len(after) * 2 > len(others):
            newest = Counter(after).most_common(1)[0][0]
            points.append(_Point("year", f"mentions no year after {ours_latest} ('{own.time.latest_evidence}'), "
                                         f"the others are dated {newest}"))

    for key, quantities in sorted(own.figures.items(), key=lambda item: item[0]):
        stated = [r.figures[key] for r in others if key in r.figures]
        if len(stated) < 2:
            continue
        if any(values_compatible(q, ours) for qs in stated for q in qs for ours in quantities):
            continue
        value = _majority(Counter(qs[0].text for qs in stated), len(stated))
        if value is not None:
            points.append(_Point("figure", f"{quantities[0].text} for {key[0].title()} where the others have {value}"))
    return points


def edition_outliers(documents: Sequence[Document], *, min_points: int = MIN_POINTS) -> list[StaleArticle]:
    """Undated articles that belong to another edition of the event (see the module notes).

    Needs at least three articles: two others must agree for an article to differ from them.
    """
    if len(documents) < 3:
        return []
    readings = [_read(d) for d in documents]
    found = []
    for index, document in enumerate(documents):
        if document.published is not None:
            continue
        own = readings[index].time
        others = [r.time.estimate for i, r in enumerate(readings) if i != index and r.time.estimate is not None]
        if own.year is not None and len(others) >= 2:
            later = [year for year in others if year > own.year]
            if len(later) * 2 > len(others):
                newest = Counter(later).most_common(1)[0][0]
                found.append(StaleArticle(document.id, "stale-text-date",
                                          f"dated {own.year} by its text ({own.evidence}), the others {newest}"))
                continue
        points = _contradictions(index, readings)
        if len(points) >= min_points and any(p.kind != "figure" for p in points):
            found.append(StaleArticle(
                document.id, "other-edition",
                f"contradicts the other articles on {len(points)} points: " + "; ".join(p.text for p in points),
            ))
    return found


def out_of_place(documents: Sequence[Document], *, max_days: int = DEFAULT_MAX_DAYS) -> list[StaleArticle]:
    """Articles to set aside before summarising: stale by their metadata date, or another edition's by their text."""
    found = date_outliers(documents, max_days=max_days)
    flagged = {article.doc_id for article in found}
    return found + edition_outliers([d for d in documents if d.id not in flagged])
