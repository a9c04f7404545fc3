"""ROUGE scoring for the DUC 2004 benchmark, set up to behave like ROUGE-1.5.5.

The official numbers for DUC 2004 task 2 come from the Perl script run as
``ROUGE-1.5.5.pl -n 4 -m -l 100 -f A -t 0 ...``.  This module reproduces that
setting on top of the ``rouge-score`` package:

* ROUGE-N counts (N = 1, 2, 4) come from ``rouge_score.rouge_scorer.RougeScorer``
  with the package's default tokenizer and Porter stemming (``use_stemmer=True``:
  lower-case, non-alphanumerics become spaces, words longer than 3 characters are
  stemmed, as the Perl script does).
* ``-l 100`` keeps the first 100 whitespace-separated words of **every** text it
  reads: the peer summary *and each reference* (the Perl ``readText`` routine is
  used for both).  Most DUC 2004 references are longer than 100 words (152 of
  the 200), so forgetting to cut them lowers ROUGE-1 recall by about 0.008.
* ``-f A`` ("model average") does **not** average per-reference recalls: the
  script adds the clipped hits over the references and divides by the sum of
  the references' n-gram counts (``$totalGramHit / $totalGramCount``).  We do the
  same ("pooled").  Precision divides the same hits by ``references x peer
  n-grams``; F is the harmonic mean with alpha = 0.5 (``-p 0.5``).  The old
  jackknifing over references was removed from the script in version 1.4, so no
  jackknife is applied.  ``aggregate="mean"`` (the per-reference average) is
  kept only for comparison.
* ROUGE-SU4 (``-2 4 -u``) is implemented here: skip-bigrams whose two words have
  at most 4 words between them, plus unigrams, on the same stemmed tokens.  Like
  the Perl ``createSkipBigram`` loop (``for($i=0;$i<$#m_tokens;$i++)``) the
  unigram of the last token of a text is not counted; ``perl_compat=False``
  counts it.

What remains different from the Perl script: its ``-m`` first maps irregular
forms through the WordNet 2.0 exception list (said -> say, men -> man, ...)
and then applies the original Porter stemmer; ``rouge-score`` uses NLTK's
Porter stemmer with no exception list.  On the 13 SumRepo systems this leaves
our ROUGE-1 recall a little below the official one (see the calibration
section that ``benchmarks.quality`` writes), while ROUGE-2 and ROUGE-4 match
to the printed precision on most clusters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from rouge_score import rouge_scorer, tokenizers

__all__ = [
    "LENGTH_LIMIT",
    "METRICS",
    "CachingTokenizer",
    "Rouge155Scorer",
    "ngrams",
    "skip_bigrams",
    "truncate_words",
]

LENGTH_LIMIT = 100
NGRAM_ORDERS = (1, 2, 4)
#: every key :meth:`Rouge155Scorer.score` returns, besides ``"words"``
METRICS = tuple(
    f"{name}_{part}"
    for name in ("rouge1", "rouge2", "rouge4", "rougesu4")
    for part in ("r", "p", "f")
)


def truncate_words(text: str, limit: int | None = LENGTH_LIMIT) -> str:
    """The first ``limit`` whitespace-separated words of ``text``, joined by spaces.

    This is ROUGE-1.5.5's ``-l`` cut: words are counted on the raw text, before
    punctuation is removed, so a stand-alone ``--`` or ``''`` counts as a word.
    ``limit=None`` (or 0) keeps everything.
    """
    words = text.split()
    if limit:
        words = words[:limit]
    return " ".join(words)


class CachingTokenizer(tokenizers.Tokenizer):
    """rouge-score's default tokenizer with Porter stemming, memoised per text.

    The benchmark tokenizes each reference once per system and cluster; stemming
    dominates the cost of scoring, so the token lists are kept.  The output is
    exactly ``tokenizers.DefaultTokenizer(use_stemmer=True).tokenize(text)``.
    """

    def __init__(self, use_stemmer: bool = True, max_entries: int = 200_000):
        self._inner = tokenizers.DefaultTokenizer(use_stemmer=use_stemmer)
        self._cache: dict[str, tuple[str, ...]] = {}
        self._max_entries = max_entries

    def tokenize(self, text: str) -> list[str]:
        tokens = self._cache.get(text)
        if tokens is None:
            tokens = tuple(self._inner.tokenize(text))
            if len(self._cache) >= self._max_entries:
                self._cache.clear()
            self._cache[text] = tokens
        return list(tokens)


def ngrams(tokens: Sequence[str], n: int) -> Counter:
    """Counts of the contiguous n-grams of ``tokens``."""
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def skip_bigrams(
    tokens: Sequence[str],
    max_gap: int = 4,
    include_unigrams: bool = True,
    perl_compat: bool = True,
) -> Counter:
    """The ROUGE-S bag of ``tokens``: ordered word pairs at most ``max_gap`` words apart.

    A pair ``(tokens[i], tokens[j])`` with ``i < j`` is kept when ``j - i - 1 <=
    max_gap`` (``max_gap < 0``: no limit).  With ``include_unigrams`` (the ``-u``
    of ROUGE-SU) each token also counts once as a 1-tuple; with ``perl_compat``
    the last token's unigram is left out, as ROUGE-1.5.5 does.
    """
    bag: Counter = Counter()
    n = len(tokens)
    for i in range(n):
        if include_unigrams and (i < n - 1 or not perl_compat):
            bag[(tokens[i],)] += 1
        stop = n if max_gap < 0 else min(n, i + max_gap + 2)
        for j in range(i + 1, stop):
            bag[(tokens[i], tokens[j])] += 1
    return bag


def _overlap(peer: Counter, model: Counter) -> int:
    """Clipped matches: each gram counts min(peer count, model count) times."""
    if len(peer) > len(model):
        peer, model = model, peer
    return sum(min(count, model[gram]) for gram, count in peer.items() if gram in model)


def _combine(hits: Iterable[int], model_counts: Iterable[int], peer_count: int, aggregate: str):
    """(recall, precision, F1) over several references."""
    hits = list(hits)
    model_counts = list(model_counts)
    m = len(hits)
    if m == 0:
        return 0.0, 0.0, 0.0
    if aggregate == "pool":
        total_model = sum(model_counts)
        recall = sum(hits) / total_model if total_model else 0.0
        precision = sum(hits) / (m * peer_count) if peer_count else 0.0
    elif aggregate == "mean":
        recall = sum(h / c if c else 0.0 for h, c in zip(hits, model_counts)) / m
        precision = sum(h / peer_count if peer_count else 0.0 for h in hits) / m
    else:
        raise ValueError(f"aggregate must be 'pool' or 'mean', not {aggregate!r}")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return recall, precision, f1


class Rouge155Scorer:
    """Scores a summary against several references like ``ROUGE-1.5.5 -m -l 100 -f A``.

    >>> scorer = Rouge155Scorer()
    >>> s = scorer.score("the cat sat on the mat", ["the cat sat on the mat"])
    >>> s["rouge1_r"], s["rouge2_r"], s["rougesu4_r"]
    (1.0, 1.0, 1.0)
    """

    def __init__(
        self,
        length_limit: int | None = LENGTH_LIMIT,
        max_gap: int = 4,
        aggregate: str = "pool",
        perl_compat: bool = True,
    ):
        if aggregate not in ("pool", "mean"):
            raise ValueError(f"aggregate must be 'pool' or 'mean', not {aggregate!r}")
        self.length_limit = length_limit
        self.max_gap = max_gap
        self.aggregate = aggregate
        self.perl_compat = perl_compat
        self.tokenizer = CachingTokenizer(use_stemmer=True)
        # use_stemmer only matters for rouge-score's own default tokenizer; ours
        # wraps that same tokenizer with stemming on.
        self._rouge = rouge_scorer.RougeScorer(
            [f"rouge{n}" for n in NGRAM_ORDERS], use_stemmer=True, tokenizer=self.tokenizer
        )
        self._su_cache: dict[str, Counter] = {}

    def describe(self) -> dict:
        return {
            "package": "rouge-score (RougeScorer(['rouge1','rouge2','rouge4'], use_stemmer=True))",
            "length_limit_words": self.length_limit,
            "length_limit_applies_to": "summary and each reference (as ROUGE-1.5.5 -l)",
            "multi_reference": self.aggregate
            + (" (sum of hits / sum of reference n-grams, = ROUGE-1.5.5 -f A)" if self.aggregate == "pool" else " (mean of per-reference scores)"),
            "jackknife": False,
            "su4": f"skip-bigrams with max gap {self.max_gap} + unigrams"
            + (" (last unigram dropped, as ROUGE-1.5.5)" if self.perl_compat else ""),
            "alpha": 0.5,
        }

    def _su_bag(self, text: str) -> Counter:
        bag = self._su_cache.get(text)
        if bag is None:
            tokens = self.tokenizer.tokenize(text)
            bag = skip_bigrams(tokens, self.max_gap, True, self.perl_compat)
            if len(self._su_cache) > 200_000:
                self._su_cache.clear()
            self._su_cache[text] = bag
        return bag

    def score(self, summary: str, references: Sequence[str]) -> dict[str, float]:
        """Recall, precision and F1 of ROUGE-1/2/4/SU4 (keys ``rouge2_r`` ...) and ``words``.

        ``words`` is the number of whitespace words of the summary that were scored.
        """
        peer = truncate_words(summary, self.length_limit)
        models = [truncate_words(r, self.length_limit) for r in references]
        peer_tokens = self.tokenizer.tokenize(peer)
        result: dict[str, float] = {"words": float(len(peer.split()))}

        per_ref = [self._rouge.score(model, peer) for model in models]
        model_tokens = [self.tokenizer.tokenize(model) for model in models]
        for n in NGRAM_ORDERS:
            key = f"rouge{n}"
            counts = [max(len(t) - n + 1, 0) for t in model_tokens]
            # rouge-score reports recall = hits / reference n-grams; recover the
            # integer hits so that references can be pooled like -f A does.
            hits = [round(s[key].recall * c) for s, c in zip(per_ref, counts)]
            r, p, f = _combine(hits, counts, max(len(peer_tokens) - n + 1, 0), self.aggregate)
            result[f"{key}_r"], result[f"{key}_p"], result[f"{key}_f"] = r, p, f

        peer_bag = self._su_bag(peer)
        peer_count = sum(peer_bag.values())
        hits, counts = [], []
        for model in models:
            bag = self._su_bag(model)
            hits.append(_overlap(peer_bag, bag))
            counts.append(sum(bag.values()))
        r, p, f = _combine(hits, counts, peer_count, self.aggregate)
        result["rougesu4_r"], result["rougesu4_p"], result["rougesu4_f"] = r, p, f
        return result
