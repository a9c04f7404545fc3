"""Tests of the real-news trust benchmark (benchmarks/trust_real.py), on hand-built briefs and verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import trust_real as tr

CLUSTER = "duc2004/d1"

SOURCE = "The storm killed 32 people in Honduras on Tuesday."
OTHER_SUPPORTS = "Hurricane Mitch killed at least 32 people in Honduras."
OTHER_PARTIAL = "Mitch hit Honduras with strong winds."
DIFFERS = "The storm killed 21 people in Honduras."
TOLL_A = "Officials said more than 10,000 people died in the region."
TOLL_B = "An estimated 9,000 people died across Central America."
TOLL_C = "Honduras counted 6,076 dead."


def fake_brief() -> dict:
    """A brief as ``to_json()`` writes it: one sentence citing three articles, one flag, one conflict."""
    return {
        "sentences": [
            {
                "text": "The storm killed 32 people in Honduras.",
                "sentence_id": "a#0",
                "citations": [1, 2, 3],
                "evidence": [
                    {"doc_id": "a", "relation": "source", "text": SOURCE, "similarity": 1.0},
                    {"doc_id": "b", "relation": "supports", "text": OTHER_SUPPORTS, "similarity": 0.8},
                    {"doc_id": "c", "relation": "partial", "text": OTHER_PARTIAL, "similarity": 0.6},
                    {"doc_id": "d", "relation": "differs", "text": DIFFERS, "similarity": 0.7},
                ],
                "flags": [
                    {"kind": "disputed-figure", "value": "32 people", "message": "d gives 21 people where this sentence says 32 people"},
                    {"kind": "trimmed", "value": "on Tuesday", "message": "left out"},
                ],
            }
        ],
        "sources": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
        "conflicts": [
            {
                "message": "Sources differ: more than 10,000 people [1]; an estimated 9,000 people [2]",
                "values": [
                    {"text": "more than 10,000 people", "sentence_ids": ["a#3"]},
                    {"text": "an estimated 9,000 people", "sentence_ids": ["b#5"]},
                ],
            }
        ],
    }


TEXTS = {"a#3": TOLL_A, "b#5": TOLL_B}


def claims_of(brief: dict | None = None) -> dict:
    return tr.brief_claims(CLUSTER, brief or fake_brief(), TEXTS)


# ---------------------------------------------------------------- keys


def test_normalise_makes_ldc_and_curly_quotes_and_spaces_equal():
    assert tr.normalise("He said ``no'' \n  today.") == tr.normalise("He said “no”  today.")
    assert tr.normalise("it’s") == tr.normalise("it's")
    assert tr.normalise("32 people") != tr.normalise("33 people")


def test_citation_key_ignores_trivial_differences_and_evidence_order():
    key = tr.citation_key(CLUSTER, "He said ``no''.", "b", ["one.", "two."])
    assert key == tr.citation_key(CLUSTER, "He  said “no”.", "b", ["two.", "one."])
    assert key != tr.citation_key(CLUSTER, "He said ``no''.", "c", ["one.", "two."])  # another article
    assert key != tr.citation_key(CLUSTER, "He said ``no''.", "b", ["one."])  # other evidence shown
    assert key != tr.citation_key("duc2003/d1", "He said ``no''.", "b", ["one.", "two."])  # same id, other set
    # the loose key does not depend on the evidence
    assert tr.citation_loose_key(CLUSTER, "He said ``no''.", "b") == tr.citation_loose_key(CLUSTER, "He said “no”.", "b")


def test_conflict_key_ignores_order_and_citation_numbers_but_not_values():
    values = [{"text": "12 people", "sentences": ["x.", "y."]}, {"text": "14 people", "sentences": ["z."]}]
    reordered = [{"text": "14 people", "sentences": ["z."]}, {"text": "12 people", "sentences": ["y.", "x."]}]
    assert tr.conflict_key(CLUSTER, "conflict", values) == tr.conflict_key(CLUSTER, "conflict", reordered)
    changed = [{"text": "12 people", "sentences": ["x."]}, {"text": "14 people", "sentences": ["z."]}]
    assert tr.conflict_key(CLUSTER, "conflict", values) != tr.conflict_key(CLUSTER, "conflict", changed)
    # flags on one sentence share their values: the message (without [n]) tells them apart
    one = tr.conflict_key(CLUSTER, "flag", values, "Sources differ: 12 people [1]; 14 people [2]")
    assert one == tr.conflict_key(CLUSTER, "flag", values, "Sources differ: 12 people [3]; 14 people [1]")
    assert one != tr.conflict_key(CLUSTER, "flag", values, "b gives 14 people where this sentence says 12 people")


def test_shared_judged_rows_match_the_claims_of_the_same_brief(tmp_path):
    claims = claims_of()
    citation = next(c for c in claims["citations"] if c["doc_id"] == "b")
    conflict = next(c for c in claims["conflicts"] if c["kind"] == "conflict")
    judged = tmp_path / "judged"
    judged.mkdir()
    # as the shared files write them: bare cluster id, LDC quotes, other spacing, evidence with labels
    (judged / "citations.jsonl").write_text(json.dumps({
        "cluster": "d1", "sentence": "The storm  killed 32 people in Honduras.", "citation": 2, "doc_id": "b",
        "evidence": [{"relation": "supports", "text": OTHER_SUPPORTS}], "verdict": "SUPPORTED", "reason": "ok",
    }) + "\n")
    (judged / "conflict-claims.jsonl").write_text(json.dumps({
        "cluster": "d1", "kind": "conflict", "message": "Sources differ: ...",
        "values": [{"text": "an estimated 9,000 people", "sentences": [TOLL_B]},
                   {"text": "more than 10,000 people", "sentences": [TOLL_A]}],
        "verdict": "false alarm", "reason": "[different times] the toll rose",
    }) + "\n")
    verdicts = tr.shared_verdicts(judged)
    assert verdicts[citation["key"]]["verdict"] == "SUPPORTED"
    assert verdicts[citation["key"]]["own"] is False
    assert verdicts[citation["key"]]["loose_key"] == citation["loose_key"]
    assert verdicts[conflict["key"]]["reason"] == "different times"


# ---------------------------------------------------------------- claims


def test_brief_claims_marks_own_article_and_leaves_differing_evidence_out_of_citations():
    claims = claims_of()
    by_doc = {c["doc_id"]: c for c in claims["citations"]}
    assert sorted(by_doc) == ["a", "b", "c"]  # d gives a different figure: not cited
    assert by_doc["a"]["own"] is True and by_doc["b"]["own"] is False
    assert by_doc["b"]["evidence"] == [OTHER_SUPPORTS]
    assert claims["sentences"] == 1


def test_brief_claims_represents_flags_as_the_judged_run_did():
    flags = [c for c in claims_of()["conflicts"] if c["kind"] == "flag"]
    assert len(flags) == 1  # the trimmed flag is not a conflict claim
    assert flags[0]["values"] == [
        {"text": "The storm killed 32 people in Honduras.", "sentences": ["The storm killed 32 people in Honduras."]},
        {"text": "differs", "sentences": [DIFFERS]},
    ]
    conflict = next(c for c in claims_of()["conflicts"] if c["kind"] == "conflict")
    assert [v["sentences"] for v in conflict["values"]] == [[TOLL_A], [TOLL_B]]


def test_a_conflict_note_under_its_sentence_is_not_a_second_claim():
    brief = fake_brief()
    message = brief["conflicts"][0]["message"]
    brief["sentences"][0]["flags"].append({"kind": "disputed-figure", "value": "people", "message": message})
    claims = claims_of(brief)
    assert [c["kind"] for c in claims["conflicts"]].count("conflict") == 1
    assert not any(c["kind"] == "flag" and c["message"] == message for c in claims["conflicts"])


# ---------------------------------------------------------------- metrics


def _verdict(claim: dict, verdict: str, **extra) -> dict:
    return {"key": claim["key"], "verdict": verdict, **extra}


def test_other_article_precision_excludes_own_article_citations():
    citations = {c["doc_id"]: c for c in claims_of()["citations"]}
    extra = dict(citations["b"], key="unjudged", doc_id="e")
    verdicts = {
        c["key"]: _verdict(c, v)
        for c, v in ((citations["a"], "SUPPORTED"), (citations["b"], "SUPPORTED"), (citations["c"], "PARTIAL"))
    }
    metrics = tr.citation_metrics([*citations.values(), extra], sentences=2, verdicts=verdicts)
    assert metrics["all"]["precision"] == pytest.approx(2 / 3)
    assert metrics["other"]["precision"] == pytest.approx(1 / 2)  # a (own article) left out
    assert metrics["all"]["unjudged"] == 1 and metrics["other"]["judged"] == 2
    assert metrics["articles_per_sentence"] == pytest.approx(4 / 2)


def test_retention_counts_only_supported_other_article_citations_whose_sentence_is_chosen_again():
    citations = claims_of()["citations"]
    by_doc = {c["doc_id"]: c for c in citations}
    still = {"type": "citation", "set": "duc2004", "verdict": "SUPPORTED", "own": False, "origin": "shared",
             "loose_key": by_doc["b"]["loose_key"], "sentence_key": by_doc["b"]["sentence_key"]}
    dropped = dict(still, loose_key=tr.citation_loose_key(CLUSTER, by_doc["b"]["sentence"], "z"))
    gone = dict(still, sentence_key=tr.sentence_key(CLUSTER, "A sentence not chosen this time."))
    own = dict(still, own=True, loose_key="own-not-counted")
    partial = dict(dropped, verdict="PARTIAL")
    other_set = dict(dropped, set="duc2003")
    ours = dict(dropped, origin="project")  # this code's own verdicts would always count as still made
    verdicts = {str(i): v for i, v in enumerate([still, dropped, gone, own, partial, other_set, ours])}
    result = tr.retention(citations, verdicts, "duc2004")
    assert result == {"judged_supported": 3, "sentence_chosen_again": 2, "still_cited": 1, "retention": 0.5}


def test_conflict_precision_counts_partly_genuine_as_not_genuine():
    conflicts = claims_of()["conflicts"]
    flag, conflict = (next(c for c in conflicts if c["kind"] == k) for k in ("flag", "conflict"))
    verdicts = {flag["key"]: _verdict(flag, "genuine"), conflict["key"]: _verdict(conflict, "partly genuine")}
    metrics = tr.conflict_metrics(conflicts + [dict(conflict, key="new")], verdicts, {})
    assert metrics["precision"] == pytest.approx(1 / 2)
    assert metrics["partly_genuine_share"] == pytest.approx(1 / 2)
    assert (metrics["judged"], metrics["unjudged"]) == (2, 1)


def _sides(a: list[str], b: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(map(tr.sentence_hash, a)), frozenset(map(tr.sentence_hash, b))


def _claim(values: list[tuple[str, list[str]]], cluster: str = CLUSTER, kind: str = "conflict", message: str = "m") -> dict:
    """A hand-built conflict claim: (value text, source sentences) pairs."""
    value_rows = [{"text": text, "sentences": sentences} for text, sentences in values]
    return {"cluster": cluster, "kind": kind, "message": message, "values": value_rows,
            "key": tr.conflict_key(cluster, kind, value_rows, message)}


def test_recall_matches_a_disagreement_by_source_sentences_not_by_value_text():
    judged = {"toll": [_sides([TOLL_A, "An agreeing sentence."], [TOLL_B])]}
    # new wording of the values, same sentences (one side shares one of its two sentences): found
    reworded = _claim([("10,000 dead", [TOLL_A]), ("9,000 dead", [TOLL_B, TOLL_C])])
    assert tr.conflict_metrics([reworded], {}, judged)["disagreements_found"] == 1
    # both sentences behind one value (no two values differ between the sides): not found
    merged = _claim([("10,000 dead", [TOLL_A, TOLL_B]), ("6,076 dead", [TOLL_C])])
    assert tr.conflict_metrics([merged], {}, judged)["disagreements_found"] == 0
    # the same values from other sentences: not found
    other = _claim([("more than 10,000 people", ["x."]), ("an estimated 9,000 people", ["y."])])
    assert tr.conflict_metrics([other], {}, judged)["disagreements_found"] == 0


def test_duplicates_count_two_claims_sharing_a_pair_of_source_sentences():
    conflict = _claim([("two yachts", [SOURCE]), ("three yachts", [DIFFERS, TOLL_C])])
    flag = _claim([("s", [SOURCE]), ("differs", [DIFFERS])], kind="flag", message="f")
    second_flag = _claim([("s", [SOURCE]), ("differs", [DIFFERS])], kind="flag", message="g")
    shares_one = _claim([("two yachts", [SOURCE]), ("five", [TOLL_A])])
    elsewhere = _claim([("s", [SOURCE]), ("differs", [DIFFERS])], cluster="duc2004/d2", kind="flag", message="f")
    assert tr.duplicate_claims([conflict, shares_one]) == {"extra_claims": 0, "groups": 0}
    assert tr.duplicate_claims([conflict, flag, shares_one, elsewhere]) == {"extra_claims": 1, "groups": 1}
    assert tr.duplicate_claims([conflict, flag, second_flag]) == {"extra_claims": 2, "groups": 1}
    assert tr.conflict_metrics([conflict, flag], {}, {})["duplicate_extra_claims"] == 1


def test_two_quantities_stated_in_the_same_sentences_are_not_one_disagreement_twice():
    dead = _claim([("65 people", [TOLL_A]), ("60 people", [TOLL_B])])
    injured = _claim([("157 others", [TOLL_A]), ("162 others", [TOLL_B])])
    again = _claim([("at least 60 people", [TOLL_B]), ("65 people", [TOLL_A])])
    assert tr.duplicate_claims([dead, injured]) == {"extra_claims": 0, "groups": 0}
    assert tr.duplicate_claims([dead, injured, again]) == {"extra_claims": 1, "groups": 1}


def test_score_set_counts_the_shared_claims_made_again():
    claims = claims_of()
    citation = next(c for c in claims["citations"] if c["doc_id"] == "b")
    made = {"key": citation["key"], "type": "citation", "verdict": "SUPPORTED", "own": False, "set": "duc2004",
            "origin": "shared", "loose_key": citation["loose_key"], "sentence_key": citation["sentence_key"]}
    not_made = dict(made, key="judged-but-not-made")
    project = dict(made, key="project-row", origin="project")
    verdicts = {v["key"]: v for v in (made, not_made, project)}
    scores = tr.score_set("duc2004", claims, verdicts, {})
    assert scores["shared_found"]["citation"] == {"found": 1, "of": 2}
    assert tr.score_set("duc2003", claims, verdicts, {})["shared_found"]["citation"] == {"found": 0, "of": 0}
    reference = tr.shared_reference(verdicts)
    assert reference["citations"]["other"]["claims"] == 2  # the project's row is not part of the shared set


# ---------------------------------------------------------------- blind files

RELATIONS = {"source", "supports", "partial", "differs", "related"}


def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def test_blind_files_hold_quoted_sentences_and_keys_only(tmp_path):
    claims = claims_of()
    own = next(c for c in claims["citations"] if c["own"])
    article = ["Rain fell in the capital.", SOURCE, "Honduras said 32 people were killed by the storm.",
               "The storm flooded Honduras.", "Schools were closed."]
    verdicts = {own["key"]: {"verdict": "SUPPORTED"}}
    written = tr.write_blind("duc2004", claims, verdicts, {(CLUSTER, "a"): article, (CLUSTER, "b"): []}, tmp_path)
    citations = [json.loads(line) for line in (tmp_path / "duc2004-citations.jsonl").read_text().splitlines()]
    conflicts = [json.loads(line) for line in (tmp_path / "duc2004-conflicts.jsonl").read_text().splitlines()]
    assert written["citations"]["rows"] == 2 and written["conflicts"]["rows"] == 2
    assert own["key"] not in {row["key"] for row in citations}  # judged claims are not asked again
    for row in citations + conflicts:
        assert set(row) <= {"key", "cluster", "sentence", "article_sentences", "claim", "values"}
        assert all(isinstance(leaf, str) for leaf in _leaves(row))  # no scores, similarities, citation numbers
        assert not RELATIONS & {leaf.lower() for leaf in _leaves(row)}  # no relation labels
        assert "summarize" not in json.dumps(row).lower()
        for value in row.get("values", []):
            assert set(value) == {"text", "sentences"}
    flag = next(row for row in conflicts if "this sentence" in json.dumps(row))
    assert [v["text"] for v in flag["values"]] == ["this sentence", "the other articles"]
    assert "[1]" not in next(row for row in conflicts if row is not flag)["claim"]


def test_blind_citation_adds_the_two_sentences_sharing_most_words_in_article_order():
    article = ["Rain fell in the capital.", "Honduras said 32 people were killed by the storm.", SOURCE,
               "The storm flooded Honduras.", "Schools were closed."]
    shown = tr.best_article_sentences("The storm killed 32 people in Honduras.", [SOURCE], article)
    assert shown == [article[1], SOURCE, article[3]]
    # evidence that is already among the best sentences is not repeated
    assert tr.best_article_sentences("The storm killed 32 people in Honduras.", [article[1]], article) == [
        article[1], SOURCE, article[3]]


# ---------------------------------------------------------------- merging verdicts


def _claims_by_key() -> dict[str, dict]:
    claims = claims_of()
    return {c["key"]: {**c, "set": "duc2004"} for c in claims["citations"] + claims["conflicts"]}


def test_merge_refuses_a_bad_label_or_an_unknown_key_and_writes_nothing(tmp_path):
    store = tmp_path / "trust-verdicts.jsonl"
    claims = _claims_by_key()
    citation_key = next(k for k, c in claims.items() if "doc_id" in c)
    conflict_key = next(k for k, c in claims.items() if "doc_id" not in c)
    with pytest.raises(tr.MergeError, match="not one of"):
        tr.merge_verdicts([{"key": citation_key, "verdict": "genuine"}], claims, store)  # a conflict label
    with pytest.raises(tr.MergeError, match="matches no dumped claim"):
        tr.merge_verdicts([{"key": "0" * 40, "verdict": "SUPPORTED"}, {"key": conflict_key, "verdict": "genuine"}], claims, store)
    assert not store.exists()


def test_merge_stores_hashed_rows_and_is_idempotent(tmp_path):
    store = tmp_path / "trust-verdicts.jsonl"
    claims = _claims_by_key()
    citation_key = next(k for k, c in claims.items() if "doc_id" in c and not c["own"])
    conflict_key = next(k for k, c in claims.items() if c.get("kind") == "conflict")
    judged = [{"key": citation_key, "verdict": "supported", "reason": "states it", "sentence": "x"},
              {"key": conflict_key, "verdict": "False alarm", "reason": "[different times] rose"}]
    assert tr.merge_verdicts(judged, claims, store) == {"added": 2, "already_stored": 0, "total": 2}
    first = store.read_text()
    assert tr.merge_verdicts(judged, claims, store) == {"added": 0, "already_stored": 2, "total": 2}
    assert store.read_text() == first
    rows = {r["key"]: r for r in map(json.loads, first.splitlines())}
    assert rows[citation_key]["verdict"] == "SUPPORTED" and rows[citation_key]["own"] is False
    assert rows[conflict_key]["verdict"] == "false alarm" and rows[conflict_key]["reason"] == "different times"
    assert "Honduras" not in first and "states it" not in first  # no text, only hashes and labels
    with pytest.raises(tr.MergeError, match="contradicts"):
        tr.merge_verdicts([{"key": citation_key, "verdict": "PARTIAL"}], claims, store)


# ---------------------------------------------------------------- end to end (TF-IDF, handmade articles)

ARTICLES = [
    ("w1", "2024-03-04", ("A storm struck the port of Lindham on Monday. The storm killed 12 people, officials said. "
     "About 230 people were evacuated from the harbour district. The port will stay closed until Friday.")),
    ("w2", "2024-03-04", ("The storm that struck Lindham killed 12 people, the mayor said. Officials said 212 people "
     "were evacuated from the harbour district. Ferries were cancelled across the region.")),
    ("w3", "2024-03-05", ("Lindham began clearing up after the storm killed 12 people. Schools reopened on Tuesday. "
     "The harbour district was evacuated overnight.")),
]


def test_main_dumps_scores_and_merges_verdicts_on_a_handmade_cluster(tmp_path, capsys):
    data = tmp_path / "clusters.jsonl"
    data.write_text(json.dumps({"id": "h1", "documents": [
        {"id": doc_id, "date": date, "title": None, "text": text} for doc_id, date, text in ARTICLES],
        "references": []}) + "\n")
    judged, store = tmp_path / "judged", tmp_path / "verdicts.jsonl"
    judged.mkdir()
    common = ["--set", "duc2003", "--duc2003", str(data), "--embedder", "tfidf", "--judged", str(judged),
              "--verdicts", str(store), "--disagreements", str(tmp_path / "none.jsonl"),
              "--build", str(tmp_path / "build"), "--out", str(tmp_path / "trust")]
    results = tr.main(common)
    scores = results["runs"]["tfidf"]["sets"]["duc2003"]["scores"]["citations"]
    assert scores["all"]["claims"] > 0 and scores["all"]["judged"] == 0
    blind = tmp_path / "build" / "trust-unjudged" / "duc2003-tfidf-citations.jsonl"
    rows = [json.loads(line) for line in blind.read_text().splitlines()]
    assert len(rows) == len({c for c in [r["key"] for r in rows]}) > 0
    assert "**" in (tmp_path / "trust.md").read_text()  # the unjudged count is shown loudly

    judged_file = tmp_path / "judged.jsonl"
    judged_file.write_text("".join(json.dumps({**r, "verdict": "SUPPORTED", "reason": ""}) + "\n" for r in rows))
    tr.main(["--merge-verdicts", str(judged_file), "--verdicts", str(store), "--build", str(tmp_path / "build")])
    again = tr.main(common)["runs"]["tfidf"]["sets"]["duc2003"]
    assert again["scores"]["citations"]["all"]["judged"] == len(rows)
    assert again["blind"]["citations"]["rows"] == 0
    assert not Path(tmp_path / "build" / "trust-unjudged" / "duc2003-tfidf-citations.jsonl").read_text()


def test_a_change_over_time_is_scored_apart_from_disagreements(tmp_path):
    brief = fake_brief()
    brief["conflicts"].append({
        "message": "Rose as reports came in: 6,076 dead [3] (1998-11-02), then more than 10,000 people [1] (1998-11-06)",
        "kind": "rose",
        "values": [{"text": "6,076 dead", "sentence_ids": ["c#1"]}, {"text": "more than 10,000 people", "sentence_ids": ["a#3"]}],
    })
    claims = tr.brief_claims(CLUSTER, brief, {**TEXTS, "c#1": TOLL_C})
    change = next(c for c in claims["conflicts"] if c["kind"] == "change")
    conflict = next(c for c in claims["conflicts"] if c["kind"] == "conflict")
    verdicts = {conflict["key"]: _verdict(conflict, "genuine"), change["key"]: {"verdict": "correct"}}
    judged = {"toll": [_sides([TOLL_A], [TOLL_C])]}
    metrics = tr.conflict_metrics(claims["conflicts"], verdicts, judged)
    assert metrics["claims"] == 2 and metrics["precision"] == pytest.approx(1 / 1)  # the flag is unjudged
    assert metrics["changes"] == {"claims": 1, "judged": 1, "correct": 1, "precision": 1.0}
    assert metrics["found_as_change"] == ["toll"] and metrics["disagreements_found"] == 1
    assert tr.blind_conflict(change)["kind"] == "change" and "kind" not in tr.blind_conflict(conflict)
    store = tmp_path / "v.jsonl"
    by_key = {c["key"]: c for c in claims["conflicts"]}
    with pytest.raises(tr.MergeError, match="not one of"):
        tr.merge_verdicts([{"key": change["key"], "verdict": "genuine"}], by_key, store)
    assert tr.merge_verdicts([{"key": change["key"], "verdict": "correct"}], by_key, store)["added"] == 1
