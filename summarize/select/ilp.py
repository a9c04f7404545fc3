"""Choose the sentences of the brief by exact concept coverage: an integer program solved by HiGHS.

The objective is the total weight of the concepts (bigrams) the chosen
sentences cover plus a small share of their scores, under the word budget,
one sentence per redundancy cluster (Gillick and Favre, 2009).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from summarize.document import Sentence
from summarize.select import highs
from summarize.select.limits import length_ok

if TYPE_CHECKING:
    import scipy.sparse

__all__ = ["select_by_ilp"]


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
    requires: Mapping[int, Sequence[int]] | None = None,
    required: Sequence[int] = (),
    apart: Sequence[tuple[int, int]] = (),
    time_limit: float = 5.0,
    max_candidates: int | None = 500,
) -> list[int] | None:
    """Exact concept coverage under the word budget (Gillick and Favre, 2009), by integer programming.

    Maximises the covered concept weight (as a share of all concept weight)
    plus ``score_weight`` × the chosen sentences' scores (as shares of the best
    score), with at most one sentence per redundancy cluster. A concept counts
    once however many chosen sentences contain it, so repetition earns
    nothing. Solved with the HiGHS that SciPy ships (``select/highs.py``);
    returns ``None`` when the solver finds no solution within ``time_limit``
    seconds, so the caller can fall back to the greedy selection. The order of the result is by score.

    With more than ``max_candidates`` admissible sentences, only that many
    with the highest objective value on their own (concepts plus score) are
    offered to the solver: on thousands of sentences HiGHS would otherwise
    run into ``time_limit``, and a sentence that is poor on its own is rarely
    part of the best set. DUC-sized inputs (≈ 200 sentences) are unaffected.

    ``requires`` maps a sentence to the sentences that give it context: it is
    chosen only with at least one of them (none admissible: never). The
    ``required`` sentences are chosen whatever else is (the lead); the two
    sentences of an ``apart`` pair are never both chosen (one repeats the other).
    """
    import scipy.sparse as sp

    n = incidence.shape[0]
    words = np.array([s.word_count for s in sentences], dtype=np.float64)
    allowed = length_ok(words, min_words, max_words, max_sentence_words) & (
        np.ones(n, dtype=bool) if allowed is None else allowed
    )
    requires = requires or {}
    allowed = allowed.copy()
    for position in required:
        allowed[position] = True
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
        admissible = allowed
        allowed = np.zeros(n, dtype=bool)
        allowed[keep] = True
        allowed[list(required)] = True
        for kept in np.flatnonzero(allowed).tolist():  # a kept sentence keeps what it needs
            allowed[[a for a in requires.get(kept, ()) if admissible[a]]] = True
    # A sentence whose context cannot be chosen cannot be chosen either (chains resolved to a fixed point).
    changed = True
    while changed:
        changed = False
        for position, antecedents in requires.items():
            if allowed[position] and position not in required and not any(allowed[a] for a in antecedents):
                allowed[position] = False
                changed = True
    if not allowed.any():
        return []
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
    row_lower = [-np.inf]
    row_upper = [float(max_words)]
    if max_sentences is not None:
        rows.append(sp.hstack([sp.csr_matrix(np.ones((1, n))), sp.csr_matrix((1, m))]))
        row_lower.append(-np.inf)
        row_upper.append(float(max_sentences))
    if m:
        # A concept is covered only if some chosen sentence contains it.
        rows.append(sp.hstack([-incidence.T, sp.identity(m, format="csr")]))
        row_lower.extend([-np.inf] * m)
        row_upper.extend([0.0] * m)
    slot = {int(position): k for k, position in enumerate(candidates)}
    context_rows = [
        (slot[position], [slot[a] for a in antecedents if a in slot])
        for position, antecedents in requires.items()
        if position in slot and position not in required
    ]
    if context_rows:
        # x_sentence - sum(x_antecedent) <= 0: chosen only with one of its antecedents.
        data = [(r, column, -1.0) for r, (_, found) in enumerate(context_rows) for column in found]
        data += [(r, own, 1.0) for r, (own, _) in enumerate(context_rows)]
        rows_, columns_, values_ = zip(*data)
        block = sp.csr_matrix((values_, (rows_, columns_)), shape=(len(context_rows), n))
        rows.append(sp.hstack([block, sp.csr_matrix((len(context_rows), m))]))
        row_lower.extend([-np.inf] * len(context_rows))
        row_upper.extend([0.0] * len(context_rows))
    pairs = [(slot[a], slot[b]) for a, b in apart if a in slot and b in slot and a != b]
    if pairs:
        data_pairs = [(r, column) for r, pair in enumerate(pairs) for column in pair]
        block = sp.csr_matrix(
            (np.ones(len(data_pairs)), tuple(zip(*data_pairs))), shape=(len(pairs), n)
        )
        rows.append(sp.hstack([block, sp.csr_matrix((len(pairs), m))]))
        row_lower.extend([-np.inf] * len(pairs))
        row_upper.extend([1.0] * len(pairs))
    cluster_ids, members = np.unique(labels, return_inverse=True)
    if len(cluster_ids) < n:
        one_per_cluster = sp.csr_matrix((np.ones(n), (members, np.arange(n))), shape=(len(cluster_ids), n))
        rows.append(sp.hstack([one_per_cluster, sp.csr_matrix((len(cluster_ids), m))]))
        row_lower.extend([-np.inf] * len(cluster_ids))
        row_upper.extend([1.0] * len(cluster_ids))
    # Concept indicators need not be declared integer: with the sentences
    # integral, the best value of each is already 0 or 1 (it is capped by 1 and
    # by the number of chosen sentences holding it, and only gains from being
    # high). Branching on sentences alone is faster on DUC 2004
    # (benchmarks/results/experiments-duc2004.md).
    integrality = np.concatenate([np.ones(n), np.zeros(m)])
    lower_bounds = np.zeros(n + m)
    lower_bounds[[slot[p] for p in required if p in slot]] = 1.0
    with _c_stdout_silenced():
        solution = highs.solve_milp(
            objective,
            sp.vstack(rows).tocsr(),
            np.array(row_lower),
            np.array(row_upper),
            lower=lower_bounds,
            upper=np.ones(n + m),
            integrality=integrality,
            time_limit=time_limit,
            # Presolve off makes HiGHS's stray print (see _c_stdout_silenced) rarer.
            presolve=False,
        )
    if solution is None:
        return None
    chosen = candidates[np.flatnonzero(solution[:n] > 0.5)]
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
