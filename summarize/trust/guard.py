"""The generation guard: a generated sentence is kept only when its sources state every fact in it.

:func:`apply_generation` runs the optional abstractive step over a brief and
keeps the extractive sentence wherever :func:`check_generated` rejects the
model's text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from summarize.document import Brief, Flag, RejectedGeneration, Sentence
from summarize.embed import Embedder
from summarize.generate import GenerationRequest, Generator
from summarize.graph.clusters import RedundancyCluster, similarity_matrix
from summarize.text.segment import split_sentences
from summarize.trust.coherence import CoherenceResult
from summarize.trust.evidence import unsupported_facts

if TYPE_CHECKING:
    from summarize.config import SummarizerConfig

__all__ = ["apply_generation", "GuardVerdict", "check_generated"]


# --------------------------------------------------------------------------
# The guard on generated sentences


@dataclass(frozen=True)
class GuardVerdict:
    """Whether a generated sentence may replace the extractive one, and why not."""

    accepted: bool
    reasons: tuple[str, ...]
    similarity: float
    flags: tuple[Flag, ...] = ()


_REPEATED = re.compile(r"\b(\w+(?:\s+\w+){0,2})(?:\s+\1\b){2,}", re.IGNORECASE)


def check_generated(
    text: str,
    evidence_texts: Sequence[str],
    *,
    encode: Callable[[Sequence[str]], object],
    min_similarity: float,
    max_words: int | None = None,
) -> GuardVerdict:
    """Decide whether a generated sentence is faithful to its cluster.

    It must be a sentence (letters, final punctuation, no word run repeated
    three times), fit ``max_words``, state only numbers, dates and names found
    in ``evidence_texts``, and reach ``min_similarity`` (cosine under
    ``encode``, the pipeline's embedder) to at least one evidence sentence.
    The texts are encoded together so fitted embedders (TF-IDF) share a
    vocabulary.
    """
    reasons: list[str] = []
    stripped = text.strip()
    words = stripped.split()
    if len(words) < 3 or not re.search(r"[^\W\d_]", stripped):
        reasons.append("not a sentence")
    elif not re.search(r"[.!?][\"'”’)]*$", stripped):
        reasons.append("no final punctuation")
    if _REPEATED.search(stripped):
        reasons.append("repeats itself")
    if max_words is not None and len(words) > max_words:
        reasons.append(f"{len(words)} words is over the {max_words}-word budget")
    flags = tuple(unsupported_facts(stripped, evidence_texts)) if stripped else ()
    reasons.extend(flag.message for flag in flags)
    similarity = 0.0
    if stripped and evidence_texts:
        vectors = encode([stripped, *evidence_texts])
        if hasattr(vectors, "toarray"):
            vectors = vectors.toarray()
        matrix = np.asarray(vectors, dtype=np.float64)
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = 1.0
        matrix = matrix / norms[:, None]
        similarity = float((matrix[1:] @ matrix[0]).max()) if len(matrix) > 1 else 0.0
        if similarity < min_similarity:
            reasons.append(f"similarity {similarity:.2f} to its sources is below {min_similarity:.2f}")
    return GuardVerdict(not reasons, tuple(reasons), round(similarity, 4), flags)


def apply_generation(
    brief: Brief,
    ordered: Sequence[int],
    sentences: Sequence[Sentence],
    clusters: Sequence[RedundancyCluster],
    labels: np.ndarray,
    repair: CoherenceResult,
    *,
    generator: Generator,
    embedder: Embedder,
    config: SummarizerConfig,
    say: Callable[[str], None],
) -> None:
    """Replace extractive sentences by generated ones that pass the guard; record the rest.

    Sentences tied by a reference (context, "He said" after its antecedent,
    rewritten openings) stay extractive: rewording could cut the tie.
    """
    tied = set(repair.follows) | set(repair.follows.values()) | set(repair.rewritten)
    eligible = [i for i, p in enumerate(ordered) if p not in tied]
    if not eligible:
        return
    words = [len(s.text.split()) for s in brief.sentences]
    slack = 0 if config.max_words is None else max(0, config.max_words - sum(words))
    allowance = {i: words[i] + slack // len(eligible) for i in eligible}
    evidence_texts = {
        i: [brief.sentences[i].text]
        + [sentences[m].text for m in clusters[labels[ordered[i]]].members if m != ordered[i]][:5]
        for i in eligible
    }
    if config.generation_mode == "selection":
        total = sum(allowance.values())
        request = GenerationRequest(tuple(brief.sentences[i].text for i in eligible), total)
        outputs = generator.generate([request])
        pieces = [text for _, _, text in split_sentences(outputs[0] if outputs else "", min_words=1)]
        candidates = _match_pieces(pieces, eligible, evidence_texts, embedder)
    else:
        requests = [GenerationRequest(tuple(evidence_texts[i]), allowance[i]) for i in eligible]
        say(f"generating {len(requests)} sentences with {generator.name}")
        candidates = list(zip(eligible, generator.generate(requests)))
    min_similarity = config.generation_min_similarity
    if min_similarity is None:
        min_similarity = embedder.profile.generation_similarity
    for i, text in candidates:
        sentence = brief.sentences[i]
        verdict = check_generated(
            text, evidence_texts[i], encode=embedder.encode, min_similarity=min_similarity,
            max_words=allowance[i],
        )
        if verdict.accepted and text.strip() != sentence.text:
            brief.sentences[i] = dataclasses.replace(
                sentence, text=text.strip(), generated=True, extractive_text=sentence.text
            )
        elif not verdict.accepted:
            brief.rejected.append(RejectedGeneration(text, verdict.reasons, sentence.sentence_id, sentence.cluster_id))


def _match_pieces(pieces: Sequence[str], eligible: Sequence[int], evidence_texts: dict[int, list[str]], embedder: Embedder) -> list[tuple[int, str]]:
    """Pair each generated sentence with the brief sentence whose sources it is closest to (each used once)."""
    pairs: list[tuple[int, str]] = []
    free = list(eligible)
    for piece in pieces:
        if not free:
            break
        texts = [piece, *[" ".join(evidence_texts[i]) for i in free]]
        scores = similarity_matrix(embedder.encode(texts))[0, 1:]
        best = free[int(np.argmax(scores))]
        pairs.append((best, piece))
        free.remove(best)
    return pairs
