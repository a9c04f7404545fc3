"""benchmarks/readability.py: verdict keys, scoring, blind files and merging, on hand-made briefs."""

from __future__ import annotations

import json

import pytest

from benchmarks import readability
from benchmarks.readability import Verdicts, lead_key, merge_verdicts, score_briefs, sentence_key, unjudged_briefs

SHARED = [{
    "cluster": "d30002t",
    "sentences": [
        {"text": "Hurricane Mitch killed at least 231 people in Honduras.", "label": "OK"},
        {"text": "The storm destroyed ``most'' of the banana crop.", "label": "OK"},
        {"text": "Times are tough in the oil patch.", "label": "FILLER"},
    ],
    "lead": "yes",
    "redundant": 1,
}]


def verdicts() -> Verdicts:
    found = Verdicts()
    found.add_shared(SHARED)
    return found


def test_a_sentence_verdict_holds_only_after_the_same_earlier_sentences() -> None:
    first, second = SHARED[0]["sentences"][0]["text"], SHARED[0]["sentences"][1]["text"]
    found = verdicts()
    # Normalised text: LDC quotes, curly quotes, spaces and case do not matter.
    assert sentence_key("duc2004", "d30002t", "the storm destroyed “most” of the  banana crop.", [first]) in found.labels
    # Read first, "The storm" has nothing before it: not the judged sentence.
    assert sentence_key("duc2004", "d30002t", second, []) not in found.labels
    # The order of the earlier sentences is not part of the key, the set is.
    assert sentence_key("duc2004", "d30002t", "x", [first, second]) == sentence_key("duc2004", "d30002t", "x",
                                                                                      [second, first])
    assert sentence_key("duc2003", "d30002t", second, [first]) not in found.labels  # ids repeat across sets


def test_scores_count_labels_repeats_leads_and_words() -> None:
    texts = [s["text"] for s in SHARED[0]["sentences"]]
    scores = score_briefs("duc2004", [{"cluster": "d30002t", "sentences": texts}], verdicts(), max_words=100)
    assert scores["judged"] == 3 and scores["coverage"] == 1.0
    assert scores["filler"] == pytest.approx(1 / 3) and scores["needs_context"] == 0.0
    assert scores["repeats"] == {"sentences": 1, "of": 3, "briefs": 1, "share": pytest.approx(1 / 3)}
    assert scores["lead"] == {"yes": 1, "judged": 1, "briefs": 1}
    assert scores["words"]["max"] == sum(len(t.split()) for t in texts) and scores["words"]["over_budget"] == 0
    # Another brief of the same cluster: the first sentence keeps its verdicts, the per-brief repeats do not.
    other = score_briefs("duc2004", [{"cluster": "d30002t", "sentences": texts[:1] + ["Aid arrived on Friday."]}],
                         verdicts(), max_words=5)
    assert other["judged"] == 1 and other["repeats"]["of"] == 0 and other["words"]["over_budget"] == 1


def test_blind_file_marks_what_is_unjudged_and_tells_nothing_else(tmp_path) -> None:
    texts = [SHARED[0]["sentences"][0]["text"], "Aid arrived on Friday."]
    rows = unjudged_briefs("duc2004", [{"cluster": "d30002t", "sentences": texts}], verdicts(),
                           {"d30002t": "Hurricane Mitch hit Central America."})
    assert len(rows) == 1
    row = rows[0]
    # The first sentence is judged (a first sentence repeats nothing); the second lacks both verdicts.
    assert [s["judge"] for s in row["sentences"]] == [False, True]
    assert row["judge_lead"] is False and "lead" not in row
    assert set(row["sentences"][1]) == {"n", "text", "judge", "label", "repeats"}
    assert "README.md" in row["rubric"] and row["main_event_reference"].startswith("Hurricane")
    # Judge it and merge: the brief is fully judged afterwards.
    row["sentences"][1].update(label="OK", repeats="no")
    stored = tmp_path / "verdicts.jsonl"
    assert merge_verdicts([row], stored) == {"added": 1, "already_stored": 0}
    assert merge_verdicts([row], stored) == {"added": 0, "already_stored": 1}
    found = verdicts()
    found.add_ours(readability.load_jsonl(stored))
    scores = score_briefs("duc2004", [{"cluster": "d30002t", "sentences": texts}], found, max_words=100)
    assert scores["judged"] == 2 and scores["repeats"]["of"] == 2 and scores["repeats"]["sentences"] == 0
    # Only hashes are stored, never the article text.
    assert "Aid arrived" not in stored.read_text()


def test_merge_refuses_a_verdict_outside_the_rubric(tmp_path) -> None:
    row = {"set": "duc2004", "cluster": "d1", "judge_lead": True, "lead": "maybe",
           "sentences": [{"n": 1, "text": "Aid arrived.", "judge": True, "label": "OK", "repeats": None}]}
    with pytest.raises(readability.MergeError, match="lead must be"):
        merge_verdicts([row], tmp_path / "v.jsonl")
    row.update(lead="yes")
    row["sentences"][0]["label"] = "GOOD"
    with pytest.raises(readability.MergeError, match="label must be one of"):
        merge_verdicts([row], tmp_path / "v.jsonl")
    assert not (tmp_path / "v.jsonl").exists()


def test_lead_verdicts_key_on_the_first_sentence_alone() -> None:
    found = verdicts()
    assert found.leads[lead_key("duc2004", "d30002t", SHARED[0]["sentences"][0]["text"])] is True
    assert json.dumps(sorted(found.labels.values())) == json.dumps(["FILLER", "OK", "OK"])
