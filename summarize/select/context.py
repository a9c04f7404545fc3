"""Sentences that may enter a brief only with the sentence that gives them context.

:func:`summarize.text.orphans.orphan_opening` reads what a sentence leans on.
Here that becomes a requirement over the whole input: the positions of the
sentences, any one of which, placed before it, lets the reader understand it:

- a sentence that leans on the one before it in its article (a pronoun, "This",
  "But", "If", "Another", a quote without its speaker, "..., he said") needs
  exactly that sentence, right before it;
- "The board ..." needs a sentence that mentions a board;
- a bare surname ("Qin was ...") needs a sentence that gives the full name, when
  the articles introduce that name in full (a person: most articles first give
  "Qin Yongmin"); a name the articles use bare from the start ("China",
  "Microsoft") needs nothing.

The selection (:func:`summarize.select.ilp.select_by_ilp`) then picks such a
sentence only with one of its antecedents, and :func:`context_follows` says
where it must go in the brief.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from summarize.document import Sentence
from summarize.text.orphans import LOCAL_KINDS, Orphan, introduces, orphan_opening

__all__ = ["ContextNeed", "context_follows", "context_needs", "introduced_in_full"]


@dataclass(frozen=True)
class ContextNeed:
    """What sentence ``position`` needs: one of ``antecedents`` (positions) before it; ``local`` when
    that is the previous sentence of its article, which must come right before it."""

    position: int
    orphan: Orphan
    antecedents: tuple[int, ...]
    local: bool


def _previous_in_article(position: int, sentences: Sequence[Sentence]) -> int | None:
    sentence = sentences[position]
    for candidate in range(position - 1, -1, -1):
        other = sentences[candidate]
        if other.doc_id != sentence.doc_id:
            break
        if other.index == sentence.index - 1:
            return candidate
    return None


def introduced_in_full(name: str, sentences: Sequence[Sentence]) -> bool:
    """Whether the articles introduce ``name`` in full: in more than half of the articles that mention it,
    the first sentence that does gives it with a first name or title ("Qin Yongmin", "President Habibie")."""
    probe = Orphan("surname", name, needs=name)
    first_mention: dict[str, bool] = {}
    mention = re.compile(rf"\b{re.escape(name)}\b")
    for sentence in sentences:
        if sentence.doc_id in first_mention or not mention.search(sentence.text):
            continue
        first_mention[sentence.doc_id] = introduces(sentence.text, probe)
    return 2 * sum(first_mention.values()) > len(first_mention)


def context_needs(
    sentences: Sequence[Sentence], *, standalone: Iterable[int] = ()
) -> dict[int, ContextNeed]:
    """Every sentence (position in ``sentences``) that needs another one, and which ones would do.

    ``standalone`` positions are taken as needing nothing (the caller can make
    them stand alone, e.g. by a safe rewrite). Antecedents are positions in
    ``sentences``; an empty tuple means no sentence of the input gives the context.
    """
    skip = set(standalone)
    needs: dict[int, ContextNeed] = {}
    full_names: dict[str, bool] = {}
    for position, sentence in enumerate(sentences):
        if position in skip:
            continue
        orphan = orphan_opening(sentence.text)
        if orphan is None:
            continue
        if orphan.kind in LOCAL_KINDS:
            before = _previous_in_article(position, sentences)
            needs[position] = ContextNeed(position, orphan, () if before is None else (before,), local=True)
            continue
        if orphan.kind == "surname":
            name = orphan.needs or orphan.words
            if name not in full_names:
                full_names[name] = introduced_in_full(name, sentences)
            if not full_names[name]:
                continue
        antecedents = tuple(
            j for j, other in enumerate(sentences) if j != position and introduces(other.text, orphan)
        )
        needs[position] = ContextNeed(position, orphan, antecedents, local=False)
    return needs


def context_follows(ordered: Sequence[int], needs: Mapping[int, ContextNeed]) -> dict[int, int]:
    """``{sentence: the sentence it must follow}`` for the brief order ``ordered`` (positions).

    A sentence that needs the previous sentence of its article follows it
    directly; one that needs an introduction follows the first chosen
    sentence giving it, unless one already comes before it.
    """
    rank = {position: i for i, position in enumerate(ordered)}
    follows: dict[int, int] = {}
    for position in ordered:
        need = needs.get(position)
        if need is None:
            continue
        present = [a for a in need.antecedents if a in rank]
        if not present:
            continue
        if need.local:
            follows[position] = present[0]
        elif not any(rank[a] < rank[position] for a in present):
            follows[position] = min(present, key=rank.__getitem__)
    return follows
