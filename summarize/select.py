"""Choose the sentences of the brief under a length budget.

Greedy maximal marginal relevance (Carbonell and Goldstein, 1998): each step
takes the sentence with the best trade-off between its score and its
similarity to what is already chosen, among those that still fit the word
budget. Sentences are whole or absent, and no two come from the same
redundancy cluster.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from summarize.document import Sentence

if TYPE_CHECKING:
    import scipy.sparse

__all__ = ["select_sentences", "select_by_coverage", "select_by_ilp"]


def _length_ok(
    words: np.ndarray, min_words: int, max_words: int | None, max_sentence_words: int | None
) -> np.ndarray:
    """Sentences long enough to say something and short enough to fit."""
    ok = words >= min_words
    if max_sentence_words is not None:
        ok &= words <= max_sentence_words
    if max_words is not None:
        ok &= words <= max_words
    return ok


def select_sentences(
    sentences: Sequence[Sentence],
    scores: np.ndarray,
    similarity: np.ndarray,
    labels: np.ndarray,
    *,
    max_words: int | None,
    max_sentences: int | None = None,
    mmr_lambda: float = 0.7,
    redundancy_threshold: float = 1.0,
    min_words: int = 0,
    max_sentence_words: int | None = None,
) -> list[int]:
    """Positions of the chosen sentences, in the order they were chosen.

    ``max_words`` counts whitespace-separated words over the whole brief.
    ``mmr_lambda`` = 1 ranks by score alone; lower values push for variety.
    A candidate as similar as ``redundancy_threshold`` to a chosen sentence is
    never taken, even from another cluster. When a sentence does not fit,
    shorter ones further down may still fill the budget.
    """
    n = len(sentences)
    if n == 0 or (max_sentences is not None and max_sentences <= 0):
        return []
    words = np.array([s.word_count for s in sentences])
    top = scores.max()
    relevance = scores / top if top > 0 else np.zeros(n)
    eligible = _length_ok(words, min_words, max_words, max_sentence_words)
    closest = np.full(n, -np.inf)  # max similarity to anything chosen so far
    chosen: list[int] = []
    used_clusters: set[int] = set()
    remaining = max_words if max_words is not None else np.inf
    while eligible.any() and (max_sentences is None or len(chosen) < max_sentences):
        penalty = np.where(np.isfinite(closest), closest, 0.0)
        gain = np.where(eligible, mmr_lambda * relevance - (1.0 - mmr_lambda) * penalty, -np.inf)
        best = int(np.argmax(gain))  # argmax takes the first of equals: stable
        chosen.append(best)
        used_clusters.add(int(labels[best]))
        remaining -= words[best]
        closest = np.maximum(closest, similarity[best])
        eligible &= (words <= remaining) & (closest < redundancy_threshold)
        eligible &= ~np.isin(labels, list(used_clusters))
        eligible[best] = False
    return chosen


def select_by_coverage(
    sentences: Sequence[Sentence],
    scores: np.ndarray,
    similarity: np.ndarray,
    labels: np.ndarray,
    incidence: "np.ndarray | scipy.sparse.spmatrix",
    weights: np.ndarray,
    *,
    max_words: int | None,
    max_sentences: int | None = None,
    score_weight: float = 0.5,
    length_exponent: float = 1.0,
    redundancy_threshold: float = 1.0,
    min_words: int = 0,
    max_sentence_words: int | None = None,
) -> list[int]:
    """Greedy budgeted concept coverage (a submodular objective), plus sentence scores.

    Each step takes the sentence with the best gain per word^``length_exponent``,
    the gain being the weight of concepts it newly covers (as a share of all
    concept weight) plus ``score_weight`` × its score (as a share of the best
    score). Covering a concept twice earns nothing, which is what keeps the
    brief free of repetition; the cluster and ``redundancy_threshold`` rules
    of :func:`select_sentences` still apply.
    """
    n = len(sentences)
    if n == 0 or (max_sentences is not None and max_sentences <= 0):
        return []
    words = np.array([s.word_count for s in sentences], dtype=np.float64)
    top = scores.max()
    relevance = scores / top if top > 0 else np.zeros(n)
    total_weight = weights.sum()
    concept_share = weights / total_weight if total_weight > 0 else weights
    eligible = _length_ok(words, min_words, max_words, max_sentence_words)
    uncovered = np.ones(len(weights), dtype=bool)
    closest = np.full(n, -np.inf)
    chosen: list[int] = []
    remaining = float(max_words) if max_words is not None else np.inf
    # Sparse: a dense float64 copy is 8 bytes per sentence × concept (GBs for
    # hundreds of articles); the products below are the same.
    import scipy.sparse

    incidence_f = scipy.sparse.csr_matrix(incidence, dtype=np.float64)
    while eligible.any() and (max_sentences is None or len(chosen) < max_sentences):
        gain = incidence_f @ (concept_share * uncovered) + score_weight * relevance
        ratio = np.where(eligible, gain / np.power(np.maximum(words, 1.0), length_exponent), -np.inf)
        best = int(np.argmax(ratio))
        chosen.append(best)
        uncovered[incidence_f.indices[incidence_f.indptr[best] : incidence_f.indptr[best + 1]]] = False
        remaining -= words[best]
        closest = np.maximum(closest, similarity[best])
        eligible &= (words <= remaining) & (closest < redundancy_threshold) & (labels != labels[best])
        eligible[best] = False
    return chosen


def select_by_ilp(
    sentences: Sequence[Sentence],
    scores: np.ndarray,
    labels: np.ndarray,
    incidence: "np.ndarray | scipy.sparse.spmatrix",
    weights: np.ndarray,
    *,
    max_words: int,
    max_sentences: int | None = None,
    score_weight: float = 0.5,
    min_words: int = 0,
    max_sentence_words: int | None = None,
    allowed: np.ndarray | None = None,
    time_limit: float = 5.0,
    max_candidates: int | None = 500,
) -> list[int] | None:
    """Exact concept coverage under the word budget (Gillick and Favre, 2009), by integer programming.

    Maximises the covered concept weight (as a share of all concept weight)
    plus ``score_weight`` × the chosen sentences' scores (as shares of the best
    score), with at most one sentence per redundancy cluster. A concept counts
    once however many chosen sentences contain it, so repetition earns
    nothing. Solved with HiGHS through SciPy; returns ``None`` when the solver
    finds no solution within ``time_limit`` seconds, so the caller can fall
    back to the greedy selection. The order of the result is by score.

    With more than ``max_candidates`` admissible sentences, only that many
    with the highest objective value on their own (concepts plus score) are
    offered to the solver: on thousands of sentences HiGHS would otherwise
    run into ``time_limit``, and a sentence that is poor on its own is rarely
    part of the best set. DUC-sized inputs (≈ 200 sentences) are unaffected.
    """
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = incidence.shape[0]
    words = np.array([s.word_count for s in sentences], dtype=np.float64)
    allowed = _length_ok(words, min_words, max_words, max_sentence_words) & (
        np.ones(n, dtype=bool) if allowed is None else allowed
    )
    if not allowed.any():
        return []
    top = scores.max()
    relevance = scores / top if top > 0 else np.zeros(n)
    total = weights.sum()
    concept_share = weights / total if total > 0 else weights
    # Sparse once: converting a large boolean array is slow and a dense float copy would take GBs.
    incidence = sp.csr_matrix(incidence, dtype=np.float64)
    if max_candidates is not None and allowed.sum() > max_candidates:
        alone = incidence @ concept_share + score_weight * relevance
        alone = np.where(allowed, alone, -np.inf)
        keep = np.argsort(-alone, kind="stable")[:max_candidates]
        allowed = np.zeros(n, dtype=bool)
        allowed[keep] = True
    # Only admissible sentences enter the model; concepts none of them holds cannot be covered.
    candidates = np.flatnonzero(allowed)
    incidence = incidence[candidates]
    reachable = np.asarray(incidence.sum(axis=0)).ravel() > 0
    incidence, concept_share = incidence[:, reachable], concept_share[reachable]
    own_value, incidence, concept_share = _reduce_concepts(incidence, concept_share)
    n, m = incidence.shape
    words, labels = words[candidates], labels[candidates]
    # Variables: n sentence indicators, then m concept indicators.
    objective = -np.concatenate([score_weight * relevance[candidates] + own_value, concept_share])
    rows = [sp.hstack([sp.csr_matrix(words[None, :]), sp.csr_matrix((1, m))])]
    lower = [-np.inf]
    upper = [float(max_words)]
    if max_sentences is not None:
        rows.append(sp.hstack([sp.csr_matrix(np.ones((1, n))), sp.csr_matrix((1, m))]))
        lower.append(-np.inf)
        upper.append(float(max_sentences))
    if m:
        # A concept is covered only if some chosen sentence contains it.
        rows.append(sp.hstack([-incidence.T, sp.identity(m, format="csr")]))
        lower.extend([-np.inf] * m)
        upper.extend([0.0] * m)
    cluster_ids, members = np.unique(labels, return_inverse=True)
    if len(cluster_ids) < n:
        one_per_cluster = sp.csr_matrix((np.ones(n), (members, np.arange(n))), shape=(len(cluster_ids), n))
        rows.append(sp.hstack([one_per_cluster, sp.csr_matrix((len(cluster_ids), m))]))
        lower.extend([-np.inf] * len(cluster_ids))
        upper.extend([1.0] * len(cluster_ids))
    constraints = LinearConstraint(sp.vstack(rows).tocsr(), np.array(lower), np.array(upper))
    # Concept indicators need not be declared integer: with the sentences
    # integral, the best value of each is already 0 or 1 (it is capped by 1 and
    # by the number of chosen sentences holding it, and only gains from being
    # high). Branching on sentences alone is faster on DUC 2004
    # (benchmarks/results/experiments-duc2004.md).
    integrality = np.concatenate([np.ones(n), np.zeros(m)])
    with _c_stdout_silenced():
        result = milp(
            objective,
            constraints=constraints,
            integrality=integrality,
            bounds=Bounds(np.zeros(n + m), np.ones(n + m)),
            # Presolve off makes HiGHS's stray print (see _c_stdout_silenced) rarer.
            options={"time_limit": time_limit, "disp": False, "presolve": False},
        )
    if result.x is None:
        return None
    chosen = candidates[np.flatnonzero(result.x[:n] > 0.5)]
    return sorted(chosen.tolist(), key=lambda i: (-scores[i], i))


@contextlib.contextmanager
def _c_stdout_silenced() -> Iterator[None]:
    """Send what C code prints to standard output nowhere while the block runs.

    HiGHS prints ``HighsMipSolverData::transformNewIntegerFeasibleSolution
    tmpSolver.run();`` with C's printf when it repairs a solution, whatever
    ``disp`` says (ERGO-Code/HiGHS#2783); a brief written to stdout (Markdown
    or JSON) would end with that line. File descriptor 1 points at /dev/null
    for the solve, and C's buffers are flushed before it is restored. Python's
    own ``sys.stdout`` is flushed first and is otherwise untouched. On Windows
    the block runs as is.
    """
    if sys.platform == "win32":
        yield
        return
    libc = _libc()
    try:
        sys.stdout.flush()
    except (AttributeError, ValueError, OSError):
        pass
    try:
        saved = os.dup(1)
    except OSError:  # no file descriptor 1 (an embedded interpreter)
        yield
        return
    # One solve at a time: two threads interleaving dup2 calls could leave fd 1 on /dev/null.
    with _STDOUT_LOCK:
        libc.fflush(None)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            try:
                yield
            finally:
                libc.fflush(None)
                os.dup2(saved, 1)
        finally:
            os.close(devnull)
            os.close(saved)


_STDOUT_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _libc() -> Any:
    """The C library, for ``fflush``; a stand-in that does nothing where there is none to load."""
    import ctypes

    class _NoLibc:
        def fflush(self, stream: object) -> int:
            return 0

    try:
        return ctypes.CDLL(None)
    except OSError:
        return _NoLibc()


def _reduce_concepts(
    incidence: "scipy.sparse.csr_matrix", share: np.ndarray
) -> tuple[np.ndarray, "scipy.sparse.csr_matrix", np.ndarray]:
    """The same coverage problem with fewer concept variables.

    A concept held by one candidate only is worth its weight exactly when that
    sentence is chosen, so it moves into the sentence's own value (returned
    first). Concepts held by the same set of sentences are covered together,
    so they become one concept with their summed weight. Most bigrams of a
    cluster are one or the other: on DUC 2004 this removes about half of them.
    """
    incidence = incidence.copy()
    incidence.eliminate_zeros()
    incidence.data[:] = 1.0  # held or not; a count would weigh a repeated bigram twice
    held_by = np.diff(incidence.tocsc().indptr)
    single = held_by == 1
    own_value = incidence[:, single] @ share[single]
    shared = incidence[:, ~single].tocsc()
    share = share[~single]
    groups: dict[bytes, int] = {}
    first: list[int] = []
    merged: list[float] = []
    for j in range(shared.shape[1]):
        key = shared.indices[shared.indptr[j] : shared.indptr[j + 1]].tobytes()
        slot = groups.setdefault(key, len(first))
        if slot == len(first):
            first.append(j)
            merged.append(0.0)
        merged[slot] += float(share[j])
    return np.asarray(own_value).ravel(), shared[:, first].tocsr(), np.array(merged, dtype=np.float64)

