"""Find figures that the sources disagree on.

When one article says "212 people were evacuated" and another "230 people
were evacuated", a brief must not pick one silently. But most pairs of
figures that share a unit are about different things: 11 killed in one
bombing and 26 killed by missiles elsewhere, a six-day hearing and a decision
expected in 10 days, a party's 64 seats and the 122-seat chamber, a storm's
180 mph peak and its 30 mph days later. So each figure is read with what it
measures (:class:`FigureMention`):

* its **dimension**, with conversions to one base unit (miles and kilometres
  are one length; "8 mph (13 kph)" is one speed, and the bracketed conversion
  is not a figure of its own but widens the value by its rounding);
* the **measure**: the content words of its own clause near the number
  ("killed", "evacuated", "stunted"), and the noun an adjectival figure
  qualifies ("a six-day *hearing*");
* the **names** of its clause near the number (the entity it is about:
  "in Guatemala", "Cambodian children", "Hun Sen's party");
* the **time** it refers to (weekdays, months, years, "last year", "peak",
  "once", "earlier"; the day a report was *made*, "said Tuesday", is not it);
* its **role**: a part ("64 of the 122"), a whole ("the 122-member
  chamber"), an increment ("another 3,000", "3,000 new"), a reference point
  ("up from", "down from", "on top of"), an example ("if a player made $20
  million"), or a range ("between 30 and 40") are not totals and are left out
  (ranges are kept as an interval).

Two figures are taken to be about *the same quantity* (:func:`same_figure`)
when they come from different documents, have one dimension, agree on time,
name no different entities, share a measure word (or a name, for physical
measurements), and their sentences are similar (cosine at least
``min_similarity``: the pipeline passes its embedder's ``conflict_similarity``).
They *disagree* when their values cannot both be true: "more than 200" and
230 agree, and so do "nearly two cents" and 1.75 cents or 290 and 289 kph
given as conversions of 180 mph.

Each disagreement becomes one :class:`~summarize.document.Conflict` listing
every value of its group with the sources that give it, newest source first."""

from __future__ import annotations

import datetime as _dt
import functools
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse

from summarize.document import Conflict, ConflictValue, Document, Sentence
from summarize.graph.similarity import SimilarityLike, pair_similarities
from summarize.text.facts import Quantity, extract_quantities
from summarize.trust.agreement import MAX_RATIO, _features, _heads_differ, figures_disagree, same_figure
from summarize.trust.figure_words import _stem
from summarize.trust.figures import FigureMention, figure_mentions

__all__ = ["find_conflicts", "states_value"]





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
    disputed_roots: list[tuple[int, int]] = []
    agreeing: list[tuple[int, int]] = []
    in_sentence: dict[tuple[int, str], list[FigureMention]] = {}
    for mention in mentions:
        in_sentence.setdefault((mention.sentence, mention.dimension), []).append(mention)
    this_year = max((d.published.year for d in documents.values() if d.published is not None), default=None)
    for (i, j), pair_cosine in zip(candidates, pair_similarity.tolist()):
        first, second = mentions[i], mentions[j]
        if not same_figure(first, second, pair_cosine, min_similarity=min_similarity, min_shared_words=min_shared_words):
            continue
        if this_year is not None and _one_in_a_past_year(first, second, this_year):
            continue  # "in 1978, 20 people died in a fire" is another fire than this year's
        if figures_disagree(first, second):
            # "the 50-foot arm ... the 41-foot module" against "the 50-foot arm": the other sentence
            # states this value too, so its differing figure is about something else.
            if _states_value(in_sentence[second.sentence, second.dimension], first) or _states_value(
                in_sentence[first.sentence, first.dimension], second
            ):
                continue
            disputed_roots.append((i, j))
        else:
            agreeing.append((i, j))
    # A conflict is what the disagreeing pairs hold together, plus the values that agree with one of
    # them directly ("more than 200" beside 212 and 230): chains of agreement would pull in other figures.
    for i, j in disputed_roots:
        parent[_find(parent, j)] = _find(parent, i)
    members: dict[int, set[int]] = {}
    for i, j in disputed_roots:
        members.setdefault(_find(parent, i), set()).update((i, j))
    disputed_at = {i: root for root, nodes in members.items() for i in nodes}
    for i, j in agreeing:
        if i in disputed_at and j not in disputed_at:
            members[disputed_at[i]].add(j)
        elif j in disputed_at and i not in disputed_at:
            members[disputed_at[j]].add(i)
    groups = sorted((sorted(nodes) for nodes in members.values()), key=lambda nodes: nodes[0])
    return [_conflict([mentions[i] for i in group], sentences, citations, documents) for group in groups]


def _years(mention: FigureMention) -> set[int]:
    return {int(marker) for marker in mention.days if marker.isdigit() and len(marker) == 4}


def _one_in_a_past_year(first: FigureMention, second: FigureMention, this_year: int) -> bool:
    """One figure is dated to a year before the newest article's, the other to no year at all."""
    first_years, second_years = _years(first), _years(second)
    if bool(first_years) == bool(second_years):
        return False  # both dated (same_figure compared them) or neither
    return max(first_years or second_years) < this_year


def _states_value(candidates: Sequence[FigureMention], mention: FigureMention) -> bool:
    return any(
        other is not mention and not figures_disagree(other, mention) and not _heads_differ(other, mention)
        for other in candidates
    )


def _candidate_pairs(mentions: Sequence[FigureMention], min_shared_words: int) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, that pass the cheap rules of :func:`same_figure`.

    Comparing every pair is quadratic in Python: a thousand articles hold
    tens of thousands of figures. Pairs are formed only within a dimension
    and, through a sparse product, only between mentions sharing a context
    word (or a name, for lengths, weights and speeds); documents and value
    ratios are then checked in bulk. The other rules stay with
    :func:`same_figure`, so the result is the same as comparing all pairs.
    """
    families: dict[str, list[int]] = {}
    for i, mention in enumerate(mentions):
        if mention.dimension:
            families.setdefault(mention.dimension, []).append(i)
    docs = np.asarray([m.doc_id for m in mentions], dtype=object)
    values = np.abs(np.asarray([m.base_value for m in mentions], dtype=float))
    pairs: list[tuple[int, int]] = []
    for members in families.values():
        if len(members) < 2:
            continue
        index = np.asarray(members)
        columns: dict[str, int] = {}
        rows, cols = [], []
        for row, i in enumerate(members):
            for feature in _features(mentions[i]):
                rows.append(row)
                cols.append(columns.setdefault(feature, len(columns)))
        if not rows:
            continue
        incidence = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(members), len(columns))
        )
        shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
        keep = shared.data >= 1
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
        latest, earliest = (max(dates), min(dates)) if len(dates) == len(doc_ids) else (None, None)
        values.append(
            ConflictValue(
                text=text,
                value=value,
                unit=next((m.quantity.unit for m in mentions if m.quantity.unit), ""),
                citations=tuple(sorted({citations[d] for d in doc_ids if d in citations})),
                sentence_ids=tuple(dict.fromkeys(sentences[m.sentence].id for m in mentions)),
                latest=_minutes(latest),
                earliest=_minutes(earliest),
            )
        )
    # Newest first; undated last; then the more widely reported value first.
    values.sort(key=lambda v: (v.latest is None, _negated(v.latest), -len(v.citations), v.value))
    change = _change_over_time(values, group)
    if change:
        values.reverse()  # a change reads oldest first, newest last
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
    return Conflict(subject=subject, unit=unit, values=tuple(values), kind=change or "differ")


def _minutes(moment: object) -> str | None:
    return moment.isoformat(timespec="minutes") if isinstance(moment, _dt.datetime) else None


# Counts that go on changing as an event unfolds: the dead, the injured, the missing, the evacuated.
_RUNNING_COUNTS = (
    "killed", "dead", "died", "deaths", "toll", "injured", "wounded", "hurt", "missing", "evacuated", "homeless",
    "rescued", "arrested", "detained", "displaced", "hospitalized", "hospitalised", "infected", "cases", "fled",
    "refugees", "victims", "casualties", "bodies",
)


@functools.cache
def _running_stems() -> frozenset[str]:
    return frozenset(_stem(word) for word in _RUNNING_COUNTS)


def _change_over_time(values: Sequence[ConflictValue], group: Sequence[FigureMention]) -> str:
    """``"rose"``/``"fell"`` when a running count changed as reports came in, else ``""``.

    Every source of each value must be dated and newer than every source of
    the value before it (a value reported again later is a dispute), and the
    values must move one way: 32 dead on Monday, 36 on Wednesday. ``values``
    are newest first.
    """
    if len(values) < 2 or any(v.earliest is None or v.latest is None for v in values):
        return ""
    if not all(any(word in _running_stems() for word in m.near) for m in group):
        return ""
    oldest_first = list(reversed(values))
    for older, newer in zip(oldest_first, oldest_first[1:]):
        if not str(older.latest) < str(newer.earliest):
            return ""
    steps = [newer.value - older.value for older, newer in zip(oldest_first, oldest_first[1:])]
    if all(step > 0 for step in steps):
        return "rose"
    if all(step < 0 for step in steps):
        return "fell"
    return ""


def _negated(latest: str | None) -> tuple[int, ...]:
    if latest is None:
        return ()
    moment = _dt.datetime.fromisoformat(latest)
    return (-moment.toordinal(), -(moment.hour * 60 + moment.minute))


def states_value(text: str, conflict: Conflict) -> bool:
    """Whether ``text`` states one of the values of ``conflict`` (a brief sentence that can carry its note)."""
    values = {(v.value, v.unit) for v in conflict.values}
    return any((q.value, q.unit) in values for q in extract_quantities(text))
