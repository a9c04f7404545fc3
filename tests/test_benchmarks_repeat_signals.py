"""benchmarks/repeat_signals.py: the judged sentences it reads, its signals and its AUC, with a word-count encoder."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from benchmarks.readability import Verdicts, sentence_key
from benchmarks.repeat_signals import auc, judged_sentences, names, score, signals

BRIEF = {
    "set": "duc2003",
    "cluster": "d31001t",
    "sentences": [
        "Three researchers from Ohio won the Nobel Prize in Medicine on Monday.",
        "The Nobel Prize in Medicine went to three Ohio researchers.",
        "Floods in Bangladesh left 400 people dead.",
    ],
}
VOCABULARY = sorted({w.strip(".").lower() for t in BRIEF["sentences"] for w in t.split()})


def encode(texts: Sequence[str]) -> np.ndarray:
    """Word counts over the brief's words: enough for a cosine that sees shared words."""
    return np.array([[t.lower().split().count(w) + t.lower().split().count(w + ".") for w in VOCABULARY]
                     for t in texts], dtype=float)


def verdicts() -> Verdicts:
    found = Verdicts()
    texts = BRIEF["sentences"]
    found.add_ours([
        {"type": "sentence", "key": sentence_key("duc2003", "d31001t", texts[1], texts[:1]), "repeats": "yes"},
        {"type": "sentence", "key": sentence_key("duc2003", "d31001t", texts[2], texts[:2]), "repeats": "no"},
    ])
    return found


def test_only_sentences_judged_after_the_same_earlier_sentences_are_read() -> None:
    found = judged_sentences([BRIEF], verdicts())
    assert [(j.text, j.repeats, len(j.earlier)) for j in found] == [
        (BRIEF["sentences"][1], True, 1), (BRIEF["sentences"][2], False, 2)]
    reordered = {**BRIEF, "sentences": [BRIEF["sentences"][1], BRIEF["sentences"][0], BRIEF["sentences"][2]]}
    assert [j.text for j in judged_sentences([reordered], verdicts())] == [BRIEF["sentences"][2]]


def test_the_repeat_scores_above_the_new_fact_on_every_signal() -> None:
    repeat, new = (signals(j, encode) for j in judged_sentences([BRIEF], verdicts()))
    for name in repeat:
        assert repeat[name] > new[name], name
    assert new["names, all earlier"] == 0.0  # Bangladesh and 400 are new


def test_auc_ranks_ties_half_and_needs_both_kinds() -> None:
    assert auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auc([0.1], [0.9]) == 0.0
    assert auc([0.5], [0.5]) == 0.5
    assert auc([], [0.5]) is None


def test_a_capitalised_opener_is_not_a_name_unless_it_comes_back() -> None:
    assert names("Police said 12 people died in Lindham.") == {"12", "Lindham"}
    assert names("Pinochet was arrested; Pinochet denies it.") == {"Pinochet"}


def test_score_counts_what_a_cosine_rule_keeps_out() -> None:
    result = score(judged_sentences([BRIEF], verdicts()), encode)
    assert (result["sentences"], result["repeats"]) == (2, 1)
    assert result["auc"]["cosine"] == 1.0
    by_threshold = {r["threshold"]: (r["repeats_out"], r["others_out"]) for r in result["cosine_rule"]}
    assert by_threshold[0.5] == (1, 0)


def test_a_missing_briefs_file_is_named(tmp_path) -> None:
    from benchmarks.repeat_signals import main

    with pytest.raises(SystemExit, match="run `python -m benchmarks.readability` first"):
        main([str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "out")])

