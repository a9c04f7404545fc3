"""Find figures that the sources disagree on.

When one article says "212 people were evacuated" and another "230 people
were evacuated", a brief must not pick one silently. Two figures are taken to
be about *the same thing* when all of these hold:

1. they count compatible things (:func:`summarize.text.facts.units_compatible`:
   people and people or jobs, dollars and dollars; a bare number with no
   unit is never compared);
2. their sentences are similar (embedding cosine at least
   ``min_similarity``, the pipeline passes a value suited to its embedder);
3. the words around the numbers share at least ``min_shared_words`` content
   words besides the unit ("evacuated", "injured", "flooded"): this is what
   tells "212 people were evacuated" from "four people were injured";
4. their sentences name no different day (a Monday reading and a Tuesday
   reading are an update, not a dispute);
5. the values are within a factor of :data:`MAX_RATIO` of each other.

Changes, parts and reference points ("two metres above", "40 extra
sailings", "three other states", "up from $32 million", "rose by 3.5%") are
not figures of anything on their own and are left out.

Figures linked this way form a group; a group is a conflict when two
documents give values that cannot both be true (212 and 230; "about 1,300"
and 1,500 — but not "more than 200" and 212, nor "$4.2 million" and
"4,200,000 dollars"). A conflict lists every value of its group with the
sources that give it, newest source first.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from summarize.document import Conflict, ConflictValue, Document, Sentence
from summarize.graph.similarity import SimilarityLike, pair_similarities
from summarize.text.dates import WEEKDAY, extract_dates
from summarize.text.facts import Quantity, extract_quantities, unit_family, units_compatible, values_compatible

__all__ = [
    "FigureMention",
    "MAX_RATIO",
    "figure_mentions",
    "values_compatible",
    "same_figure",
    "find_conflicts",
]

_CONTEXT_WINDOW = 5  # content words each side of the number
#: Figures further apart than this factor are never the same figure ($70 million vs $450 million).
MAX_RATIO = 3.0
# A figure followed by these words is a change or a part, not a total:
# "two metres above", "40 extra sailings", "three other states".
_RELATIVE_AFTER = re.compile(
    r"\s*(?:above|below|higher|lower|more|less|fewer|up|down|short|ahead|behind|beyond|over|under|"
    r"extra|other|additional|further|new)\b",
    re.IGNORECASE,
)
# ... and one after these is a reference point or a change: "up from $32 million", "rose by 3.5%".
_RELATIVE_BEFORE = re.compile(
    r"\b(?:from|by|than|every|compared with|compared to|against|rise of|fall of|increase of|decrease of)\s*$",
    re.IGNORECASE,
)
_RELATIVE_INSIDE = re.compile(r"\b(?:extra|other|additional|further|more)\b", re.IGNORECASE)

_STOP = {
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as",
    "was", "were", "is", "are", "be", "been", "being", "has", "had", "have", "will", "would", "could",
    "should", "may", "might", "can", "that", "this", "these", "those", "it", "its", "they", "them", "their",
    "he", "she", "his", "her", "we", "our", "which", "who", "whom", "what", "when", "where", "than", "then",
    "there", "about", "around", "more", "most", "some", "any", "all", "after", "before", "into", "over",
    "under", "up", "down", "out", "off", "so", "not", "no", "also", "only", "just", "said", "says", "say",
    "told", "according", "reported", "added", "stated", "announced", "estimated", "figure", "figures",
    "number", "total", "least", "nearly", "almost", "roughly", "approximately", "much", "many", "as",
    "per", "cent", "percent", "million", "billion", "thousand", "hundred", "since", "until", "while",
    "if", "because", "did", "do", "does", "other", "another", "each", "every", "both", "such", "own",
    "same", "new", "last", "first", "second", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "a.m", "p.m", "normally", "usually", "typically", "already", "even", "now", "again",
    "still", "every", "today", "yesterday", "week", "month", "year", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class FigureMention:
    """One figure in one sentence, with the words around it.

    ``sentence`` is the position in the pipeline's sentence list;
    ``context`` the Porter stems of the lower-case content words within five
    words of the number (capitalised names are left out, so two outlets
    naming the same agency do not look like the same figure).
    """

    sentence: int
    doc_id: str
    quantity: Quantity
    context: frozenset[str]
    days: frozenset[str]
    words: tuple[str, ...] = ()  # the context words as written, for the conflict's subject


def _stem(word: str) -> str:
    from nltk.stem.porter import PorterStemmer

    word = re.sub(r"['’]s?$", "", word.lower())
    stemmed = _STEMS.get(word)
    if stemmed is None:
        stemmed = _STEMS[word] = PorterStemmer().stem(word)
    return stemmed


_STEMS: dict[str, str] = {}


def _context(text: str, quantity: Quantity) -> tuple[frozenset[str], tuple[str, ...]]:
    """Stems of the content words around the figure, and those words as written."""

    def content(words: list[str]) -> list[str]:
        return [w.lower() for w in words if w.lower() not in _STOP and not w[0].isupper() and len(w) > 2]

    before = content(_WORD.findall(text[: quantity.start]))[-_CONTEXT_WINDOW:]
    after = content(_WORD.findall(text[quantity.end:]))[:_CONTEXT_WINDOW]
    unit_stems = {_stem(w) for w in _WORD.findall(quantity.text)} | {quantity.unit}
    words = tuple(w for w in before + after if _stem(w) not in unit_stems)
    return frozenset(_stem(w) for w in words), words


# "said on Tuesday" dates the report and "since Monday" a start, not the figure.
_NOT_THE_FIGURES_DAY = re.compile(
    r"\b(?:(?:said|says|told \w+|announced|reported|added|confirmed|stated)\s+(?:on|late on|early on)|since|"
    r"until|by)\s+(?:\w+\s+)?" + WEEKDAY + r"\b",
    re.IGNORECASE,
)


def _days(text: str) -> frozenset[str]:
    """The days a sentence dates its facts to ("on Monday morning"), not its reporting day."""
    text = _NOT_THE_FIGURES_DAY.sub(" ", text)
    return frozenset(
        part for _, parts in extract_dates(text) for part in parts if part.startswith(("weekday:", "day:"))
    )


def figure_mentions(sentences: Sequence[Sentence]) -> list[FigureMention]:
    """Every quantity with a unit of every sentence, save changes, parts and reference points."""
    mentions = []
    for position, sentence in enumerate(sentences):
        days: frozenset[str] | None = None  # dates are slow to find: only for sentences with figures
        for quantity in extract_quantities(sentence.text):
            if quantity.unit.startswith("vote:") or quantity.unit == "year":
                continue
            if not quantity.unit:
                continue  # "route 14", "a higher figure, 230": too little to tie to anything
            if (
                _RELATIVE_AFTER.match(sentence.text[quantity.end:])
                or _RELATIVE_BEFORE.search(sentence.text[: quantity.start])
                or _RELATIVE_INSIDE.search(quantity.unit_text)
            ):
                continue
            stems, words = _context(sentence.text, quantity)
            if days is None:
                days = _days(sentence.text)
            mentions.append(FigureMention(position, sentence.doc_id, quantity, stems, days, words))
    return mentions


def same_figure(
    first: FigureMention,
    second: FigureMention,
    similarity: float,
    *,
    min_similarity: float,
    min_shared_words: int = 1,
) -> bool:
    """Whether two mentions state a figure for the same thing (the rules in the module docstring)."""
    if first.doc_id == second.doc_id:
        return False
    if not units_compatible(first.quantity.unit, second.quantity.unit):
        return False
    if not first.quantity.unit and not second.quantity.unit:
        return False
    if first.days and second.days and not first.days & second.days:
        return False
    low, high = sorted((abs(first.quantity.value), abs(second.quantity.value)))
    if low == 0 or high / low > MAX_RATIO:
        return False
    if similarity < min_similarity:
        return False
    return len(first.context & second.context) >= min_shared_words


def _find(parent: list[int], item: int) -> int:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _value_text(quantity: Quantity) -> str:
    text = quantity.text
    return text[:1].lower() + text[1:] if quantity.qualifier != "exact" else text


def find_conflicts(
    sentences: Sequence[Sentence],
    similarity: SimilarityLike,
    *,
    min_similarity: float,
    min_shared_words: int = 1,
    citations: Mapping[str, int] | None = None,
    documents: Mapping[str, Document] | None = None,
    mentions: Sequence[FigureMention] | None = None,
) -> list[Conflict]:
    """Conflicting figures among ``sentences`` (``similarity`` is their cosine matrix).

    ``citations`` numbers the documents as the brief's source list does;
    ``documents`` gives publication dates for the newest-first order. Values
    whose documents are undated come last. Conflicts are returned in the
    order of their first mention.
    """
    citations = citations or {}
    documents = documents or {}
    mentions = list(mentions) if mentions is not None else figure_mentions(sentences)
    parent = list(range(len(mentions)))
    candidates = _candidate_pairs(mentions, min_shared_words)
    pair_similarity = pair_similarities(
        similarity,
        np.asarray([mentions[i].sentence for i, _ in candidates], dtype=np.int64),
        np.asarray([mentions[j].sentence for _, j in candidates], dtype=np.int64),
    )
    for (i, j), pair_cosine in zip(candidates, pair_similarity.tolist()):
        first, second = mentions[i], mentions[j]
        if same_figure(
            first,
            second,
            pair_cosine,
            min_similarity=min_similarity,
            min_shared_words=min_shared_words,
        ):
            parent[_find(parent, j)] = _find(parent, i)
    groups: dict[int, list[FigureMention]] = {}
    for i, mention in enumerate(mentions):
        groups.setdefault(_find(parent, i), []).append(mention)
    conflicts = []
    for group in groups.values():
        if len({m.doc_id for m in group}) < 2 or not _disputed(group):
            continue
        conflicts.append(_conflict(group, sentences, citations, documents))
    return conflicts


def _candidate_pairs(mentions: Sequence[FigureMention], min_shared_words: int) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, that pass the cheap rules of :func:`same_figure`.

    Comparing every pair is quadratic in Python: a thousand articles hold
    tens of thousands of figures. Pairs are formed only within a unit family
    and, through a sparse product, only between mentions sharing enough
    context words; documents and value ratios are then checked in bulk. The
    similarity and day rules stay with :func:`same_figure`, so the result is
    the same as comparing all pairs.
    """
    families: dict[str, list[int]] = {}
    for i, mention in enumerate(mentions):
        if mention.quantity.unit and not mention.quantity.unit.startswith("vote:"):
            families.setdefault(unit_family(mention.quantity.unit), []).append(i)
    docs = np.asarray([m.doc_id for m in mentions], dtype=object)
    values = np.abs(np.asarray([m.quantity.value for m in mentions], dtype=float))
    pairs: list[tuple[int, int]] = []
    for members in families.values():
        if len(members) < 2:
            continue
        index = np.asarray(members)
        if min_shared_words < 1:
            left, right = np.triu_indices(len(members), k=1)
        else:
            columns: dict[str, int] = {}
            rows, cols = [], []
            for row, i in enumerate(members):
                for stem in mentions[i].context:
                    rows.append(row)
                    cols.append(columns.setdefault(stem, len(columns)))
            if not rows:
                continue
            incidence = sparse.csr_matrix(
                (np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(members), len(columns))
            )
            shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
            keep = shared.data >= min_shared_words
            left, right = shared.row[keep], shared.col[keep]
        first, second = index[left], index[right]
        low = np.minimum(values[first], values[second])
        high = np.maximum(values[first], values[second])
        with np.errstate(divide="ignore", invalid="ignore"):
            keep = (docs[first] != docs[second]) & (low > 0) & (high <= MAX_RATIO * low * (1 + 1e-9))
        order = np.lexsort((second[keep], first[keep]))
        pairs.extend(zip(first[keep][order].tolist(), second[keep][order].tolist()))
    pairs.sort()
    return pairs


def _disputed(group: Sequence[FigureMention]) -> bool:
    for i, first in enumerate(group):
        for second in group[i + 1:]:
            if first.doc_id != second.doc_id and not values_compatible(first.quantity, second.quantity):
                return True
    return False


def _conflict(
    group: Sequence[FigureMention],
    sentences: Sequence[Sentence],
    citations: Mapping[str, int],
    documents: Mapping[str, Document],
) -> Conflict:
    by_reading: dict[tuple[float, str], list[FigureMention]] = {}
    for mention in group:
        by_reading.setdefault((mention.quantity.value, mention.quantity.qualifier), []).append(mention)
    values = []
    for (value, _), mentions in by_reading.items():
        written = Counter(_value_text(m.quantity) for m in mentions).most_common()
        text = min((w for w, count in written if count == written[0][1]), key=len)
        doc_ids = list(dict.fromkeys(m.doc_id for m in mentions))
        dates = [published for d in doc_ids if d in documents and (published := documents[d].published) is not None]
        latest = max(dates) if dates else None
        values.append(
            ConflictValue(
                text=text,
                value=value,
                unit=next((m.quantity.unit for m in mentions if m.quantity.unit), ""),
                citations=tuple(sorted({citations[d] for d in doc_ids if d in citations})),
                sentence_ids=tuple(dict.fromkeys(sentences[m.sentence].id for m in mentions)),
                latest=latest.isoformat(timespec="minutes") if isinstance(latest, _dt.datetime) else None,
            )
        )
    # Newest first; undated last; then the more widely reported value first.
    values.sort(key=lambda v: (v.latest is None, _negated(v.latest), -len(v.citations), v.value))
    shared = Counter(word for m in group for word in m.context)
    spelled = {_stem(word): word for m in reversed(group) for word in m.words}
    # Ties go to the word read first: ``context`` is a set, whose order changes with the hash seed.
    first_seen: dict[str, int] = {}
    for m in group:
        for word in m.words:
            first_seen.setdefault(_stem(word), len(first_seen))
    ranked = sorted(shared.items(), key=lambda item: (-item[1], first_seen.get(item[0], len(first_seen)), item[0]))
    subject = " ".join(spelled.get(stem, stem) for stem, count in ranked[:3] if count > 1)
    unit = next((v.unit for v in values if v.unit), "")
    return Conflict(subject=subject, unit=unit, values=tuple(values))


def _negated(latest: str | None) -> tuple[int, ...]:
    if latest is None:
        return ()
    moment = _dt.datetime.fromisoformat(latest)
    return (-moment.toordinal(), -(moment.hour * 60 + moment.minute))
