"""Keep brief sentences from pointing at words the brief does not contain.

An extracted sentence that opens with "He said ...", "But she insisted ...",
"However, ..." or "That report ..." leans on the sentence before it in its
article. In a brief, that sentence is usually somewhere else or absent, so
the reader meets a "he" with no one to be. For each such *dangling
reference* we, in order of preference:

1. put it right after its antecedent when the antecedent is already chosen;
2. add the antecedent (the previous sentence of its article) in front of it
   when the word budget allows and the antecedent does not dangle itself;
3. rewrite it when that is safe: drop an opening connective ("However, the
   mayor said" → "The mayor said"), or replace "He"/"She" by the one titled
   name of the antecedent ("Dr. Samuel Okafor");
4. swap it for the best other sentence that fits and does not dangle, or
   drop it when there is none.

The antecedent is the previous sentence *of the same article*; that is the
sentence a pronoun at the start of a sentence refers through.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from summarize.document import Sentence
from summarize.graph.similarity import SimilarityLike
from summarize.text.orphans import NOT_A_CONNECTIVE

__all__ = [
    "DanglingReference",
    "CoherenceResult",
    "dangling_reference",
    "safe_rewrite",
    "antecedent_position",
    "repair_references",
    "arrange",
    "dangling_positions",
]

_PRONOUNS = {"he", "she", "they", "it", "his", "her", "their", "its", "him", "them", "hers", "theirs"}
_DEMONSTRATIVES = {"this", "that", "these", "those", "such"}
_CONNECTIVES = (
    "however", "but", "and", "also", "meanwhile", "moreover", "furthermore", "nevertheless", "nonetheless",
    "still", "yet", "instead", "therefore", "thus", "hence", "consequently", "so", "then", "later",
    "afterwards", "afterward", "besides", "likewise", "similarly", "otherwise", "indeed", "in addition",
    "as a result", "on the other hand", "even so", "in contrast", "by contrast", "at the same time",
    "for example", "for instance", "in fact", "after that", "despite this", "because of this", "in turn",
    "as well", "too", "again", "additionally", "accordingly", "regardless", "earlier",
)
_CONNECTIVE = re.compile(
    r"^(?P<word>" + "|".join(re.escape(c) for c in sorted(_CONNECTIVES, key=len, reverse=True)) + r")\b(?P<comma>,?)",
    re.IGNORECASE,
)
_OPENING = re.compile(r"^[\"'“‘(\[]*")
# "It is not clear whether ..." does not refer to anything.
_EXPLETIVE_IT = re.compile(
    r"^it\s+(?:is|was|has been|had been|will be|would be|remains|remained|seems|seemed)\s+(?:not\s+)?"
    r"(?:clear|unclear|likely|unlikely|possible|impossible|expected|hoped|feared|believed|understood|thought|"
    r"estimated|reported|said|known|unknown|too early|time|important|necessary|difficult|hard|easy)\b",
    re.IGNORECASE,
)
_PARTITIVE = re.compile(
    r"^(?:\w+|one|two|three|four|five|six|several|some|most|many|all|none|both|each|neither|either|half)"
    r"\s+of\s+(?:them|those|these|theirs)\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"[,.!?][\"'”’]+\s+(?P<word>he|she|they)\s+(?:said|says|added|told|asked|insisted|warned|explained|"
    r"replied|wrote|argued|stressed|noted|continued)\b",
    re.IGNORECASE,
)
_TITLED_NAME = re.compile(
    r"\b(?P<title>Mr|Mrs|Ms|Dr|Prof|Lt|Gov|Sen|Rep|Gen|Col|Capt|Sgt|Rev|Mayor|President|Minister|Governor|"
    r"Councillor|Senator|Judge|Chief)\.?\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
)
# Where a titled name is not who "He" is: a possessive ("a friend of President Clinton's"), the object of a
# preposition ("talks with Gov. Pataki"), or a sentence whose speaker is someone else ("..., said David Mixner").
_OBJECT_BEFORE = re.compile(r"\b(?:of|to|with|by|for|against|from|about|on|at|in|than|and|or)\s+$", re.IGNORECASE)
_FULL_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w'’-]+"
_SPEAKER = re.compile(rf"\b(?:said|says|told|added)\s+(?P<after>{_FULL_NAME})|(?P<before>{_FULL_NAME}),?\s+(?:said|says|told|added)\b")
_FEMALE_TITLES = {"mrs", "ms"}
_MALE_TITLES = {"mr"}


@dataclass(frozen=True)
class DanglingReference:
    """What makes a sentence lean on the one before: the ``word`` and its ``kind``.

    ``kind`` is "pronoun", "demonstrative", "connective" or "attribution"
    (a quotation closed by "he said").
    """

    word: str
    kind: str


def _opening_end(text: str) -> int:
    """Where the words start after opening quotes and spaces (the pattern matches the empty string too)."""
    opening = _OPENING.match(text)
    return opening.end() if opening else 0


def dangling_reference(text: str) -> DanglingReference | None:
    """The reference at the start of ``text`` that needs an earlier sentence, if any."""
    body_start = _opening_end(text)
    body = text[body_start:]
    first = re.match(r"[A-Za-z]+", body)
    if not first:
        return None
    word = first.group(0).lower()
    quoted = body_start > 0 and text[:1] in "\"'“‘"
    if not quoted:
        if word in _PRONOUNS:
            if word == "it" and _EXPLETIVE_IT.match(body):
                return None
            return DanglingReference(first.group(0), "pronoun")
        if word in _DEMONSTRATIVES:
            return DanglingReference(first.group(0), "demonstrative")
        connective = None if NOT_A_CONNECTIVE.match(body) else _CONNECTIVE.match(body)
        if connective and (connective.group("comma") or connective.group("word").lower() in ("but", "and", "yet", "so", "also", "still", "instead", "then")):
            return DanglingReference(connective.group("word"), "connective")
        partitive = _PARTITIVE.match(body)
        if partitive:
            return DanglingReference(partitive.group(0), "pronoun")
        return None
    attribution = _ATTRIBUTION.search(text)
    if attribution:
        return DanglingReference(attribution.group("word"), "attribution")
    return None


def safe_rewrite(text: str, antecedent: str | None = None) -> str | None:
    """A version of ``text`` that no longer dangles, when one can be made safely; else ``None``.

    Safe means: an opening connective is dropped and what is left does not
    dangle; or an opening "He"/"She" is replaced by the single titled name of
    ``antecedent`` whose title does not contradict the pronoun.
    """
    reference = dangling_reference(text)
    if reference is None:
        return text
    body_start = _opening_end(text)
    body = text[body_start:]
    if reference.kind == "connective":
        match = _CONNECTIVE.match(body)
        rest = body[match.end() if match else 0:].lstrip(" ,")
        if not rest or not rest[0].isalpha():
            return None
        rewritten = text[:body_start] + rest[0].upper() + rest[1:]
        return rewritten if dangling_reference(rewritten) is None else None
    if reference.kind == "pronoun" and reference.word.lower() in ("he", "she") and antecedent:
        names = {m.group(0) for m in _TITLED_NAME.finditer(antecedent)}
        if len(names) != 1:
            return None
        match = next(_TITLED_NAME.finditer(antecedent))
        if not _subject_like(match, antecedent):
            return None
        title = match.group("title").lower()
        pronoun = reference.word.lower()
        if (pronoun == "he" and title in _FEMALE_TITLES) or (pronoun == "she" and title in _MALE_TITLES):
            return None
        return text[:body_start] + match.group(0) + body[len(reference.word):]
    return None


def _subject_like(match: re.Match[str], antecedent: str) -> bool:
    """Whether the titled name ``match`` can be who an opening "He"/"She" of the next sentence is."""
    if re.search(r"['’]s$", match.group("name")) or _OBJECT_BEFORE.search(antecedent[: match.start()]):
        return False
    for speaker in _SPEAKER.finditer(antecedent):
        name = speaker.group("after") or speaker.group("before")
        if name not in match.group(0):
            return False
    return True


def antecedent_position(position: int, sentences: Sequence[Sentence]) -> int | None:
    """Where the previous sentence of the same article is in ``sentences`` (None for a first sentence)."""
    sentence = sentences[position]
    for candidate in range(position - 1, -1, -1):
        other = sentences[candidate]
        if other.doc_id != sentence.doc_id:
            break
        if other.index < sentence.index:
            return candidate
    return None


@dataclass
class CoherenceResult:
    """The repaired selection and what was done to it.

    ``chosen`` are sentence positions (context sentences included);
    ``follows`` maps a sentence to the one it must directly follow;
    ``context_for`` maps an added context sentence to the sentence it
    introduces; ``rewritten`` holds new texts; ``actions`` one line per
    change, for the brief's record.
    """

    chosen: list[int]
    follows: dict[int, int] = field(default_factory=dict)
    context_for: dict[int, int] = field(default_factory=dict)
    rewritten: dict[int, str] = field(default_factory=dict)
    swapped: list[tuple[int, int | None]] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def repair_references(
    chosen: Sequence[int],
    sentences: Sequence[Sentence],
    scores: np.ndarray,
    similarity: SimilarityLike,
    labels: np.ndarray,
    *,
    max_words: int | None,
    max_sentences: int | None = None,
    redundancy_threshold: float = 1.0,
    min_words: int = 0,
    max_sentence_words: int | None = None,
) -> CoherenceResult:
    """Fix every dangling reference of a selection (the steps in the module docstring).

    Positions index ``sentences``; ``scores``, ``similarity`` and ``labels``
    are the pipeline's, used to pick a replacement that is as good and as
    non-redundant as the selection rules would allow.
    """
    result = CoherenceResult(chosen=list(chosen))
    words = np.array([s.word_count for s in sentences])
    banned: set[int] = set()
    queue = list(result.chosen)
    while queue:
        position = queue.pop(0)
        if position not in result.chosen or position in result.context_for:
            continue
        reference = dangling_reference(result.rewritten.get(position, sentences[position].text))
        if reference is None:
            continue
        before = antecedent_position(position, sentences)
        label = sentences[position].id
        if before is not None and before in result.chosen:
            result.follows[position] = before
            result.actions.append(f"{label}: placed after {sentences[before].id}, which its {reference.word!r} needs")
            continue
        used = _words_used(result, words)
        fits = (
            before is not None
            and (max_words is None or used + words[before] <= max_words)
            and (max_sentences is None or len(result.chosen) < max_sentences)
            and dangling_reference(sentences[before].text) is None
        )
        if fits and before is not None:
            result.chosen.append(before)
            result.follows[position] = before
            result.context_for[before] = position
            result.actions.append(f"{label}: added {sentences[before].id} before it for its {reference.word!r}")
            continue
        rewritten = safe_rewrite(sentences[position].text, sentences[before].text if before is not None else None)
        # A name put in for "He" can be longer than the pronoun: a rewrite that
        # would take the brief over its budget is not made (the sentence is
        # swapped instead), so a reader never sees more than max_words words.
        grows = 0 if rewritten is None else len(rewritten.split()) - int(words[position])
        if (
            rewritten is not None
            and rewritten != sentences[position].text
            and (max_words is None or used + grows <= max_words)
        ):
            result.rewritten[position] = rewritten
            result.actions.append(f"{label}: rewrote its opening {reference.word!r}")
            continue
        banned.add(position)
        result.chosen.remove(position)
        replacement = _replacement(
            result.chosen, banned, sentences, scores, similarity, labels, words,
            budget=None if max_words is None else max_words - _words_used(result, words),
            redundancy_threshold=redundancy_threshold, min_words=min_words, max_sentence_words=max_sentence_words,
        )
        result.swapped.append((position, replacement))
        if replacement is None:
            result.actions.append(f"{label}: dropped, its {reference.word!r} has no antecedent in the brief")
        else:
            result.chosen.append(replacement)
            result.actions.append(
                f"{label}: swapped for {sentences[replacement].id}, its {reference.word!r} has no antecedent"
            )
    return result


def _words_used(result: CoherenceResult, words: np.ndarray) -> int:
    """Words of the selection as a reader sees it: rewritten sentences count with their new text."""
    return sum(
        len(result.rewritten[p].split()) if p in result.rewritten else int(words[p]) for p in result.chosen
    )


def _replacement(
    chosen: Sequence[int],
    banned: set[int],
    sentences: Sequence[Sentence],
    scores: np.ndarray,
    similarity: SimilarityLike,
    labels: np.ndarray,
    words: np.ndarray,
    *,
    budget: int | None,
    redundancy_threshold: float,
    min_words: int,
    max_sentence_words: int | None,
) -> int | None:
    """The best-scored sentence that fits, adds a new fact and does not dangle."""
    used_clusters = {int(labels[i]) for i in chosen}
    for candidate in np.argsort(-scores, kind="stable"):
        candidate = int(candidate)
        if candidate in banned or candidate in chosen or int(labels[candidate]) in used_clusters:
            continue
        if words[candidate] < min_words or (max_sentence_words is not None and words[candidate] > max_sentence_words):
            continue
        if budget is not None and words[candidate] > budget:
            continue
        if chosen and float(similarity[candidate, list(chosen)].max()) >= redundancy_threshold:
            continue
        if dangling_reference(sentences[candidate].text) is not None:
            continue
        return candidate
    return None


def arrange(ordered: Sequence[int], follows: dict[int, int]) -> list[int]:
    """``ordered`` with every sentence moved to directly after the one it follows."""
    ordered = list(ordered)
    present = set(ordered)
    followers: dict[int, list[int]] = {}
    for after, before in follows.items():
        if after in present and before in present:
            followers.setdefault(before, []).append(after)
    attached = {after for group in followers.values() for after in group}
    rank = {position: i for i, position in enumerate(ordered)}
    arranged: list[int] = []

    def emit(position: int) -> None:
        if position in arranged:
            return
        arranged.append(position)
        for after in sorted(followers.get(position, []), key=rank.__getitem__):
            emit(after)

    for position in ordered:
        if position not in attached:
            emit(position)
    for position in ordered:  # a cycle cannot happen with previous-sentence links; keep everything anyway
        emit(position)
    return arranged


def dangling_positions(texts: Sequence[str], sentence_ids: Sequence[str]) -> list[int]:
    """Brief positions whose sentence dangles: it opens with a reference and the
    sentence before it in the brief is not the previous sentence of its article.
    """
    found = []
    for i, (text, sentence_id) in enumerate(zip(texts, sentence_ids)):
        if dangling_reference(text) is None:
            continue
        doc_id, _, index = sentence_id.rpartition("#")
        if i and sentence_ids[i - 1] == f"{doc_id}#{int(index) - 1}":
            continue
        found.append(i)
    return found
