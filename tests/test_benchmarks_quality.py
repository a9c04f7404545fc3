"""Tests of the DUC 2004 benchmark harness (benchmarks/quality.py, benchmarks/_rouge.py)."""

from __future__ import annotations

import json
import random

import pytest

pytest.importorskip("rouge_score")

from benchmarks import quality
from benchmarks._rouge import Rouge155Scorer, skip_bigrams, truncate_words

DATA = quality.DEFAULT_DATA


def _needs_data():
    if not DATA.exists():
        pytest.skip(f"DUC 2004 data not found at {DATA}")


def _library_ok() -> bool:
    try:
        from summarize import Summarizer  # noqa: F401
    except ImportError:
        return False
    return True


# ---------------------------------------------------------------- scorer


def test_su4_counts_skip_bigrams_by_hand():
    # a b c: pairs ab ac bc; unigrams a b (ROUGE-1.5.5 does not count the last one)
    bag = skip_bigrams(["a", "b", "c"], max_gap=4)
    assert bag == {("a",): 1, ("b",): 1, ("a", "b"): 1, ("a", "c"): 1, ("b", "c"): 1}
    assert skip_bigrams(["a", "b", "c"], perl_compat=False)[("c",)] == 1

    # 7 tokens, max gap 4: a pair may have at most 4 words between its words
    tokens = list("abcdefg")
    bag = skip_bigrams(tokens, max_gap=4, include_unigrams=False)
    assert ("a", "f") in bag  # b c d e between: gap 4
    assert ("a", "g") not in bag  # gap 5
    assert sum(bag.values()) == 5 + 5 + 4 + 3 + 2 + 1
    assert sum(skip_bigrams(tokens, max_gap=4).values()) == 20 + 6

    # repeated tokens are counted, not deduplicated
    assert skip_bigrams(["x", "x", "x"], include_unigrams=False)[("x", "x")] == 3


def test_su4_recall_on_hand_example():
    scorer = Rouge155Scorer()
    # reference a b c -> {a, b, ab, ac, bc}; peer a c b -> {a, c, ac, ab, cb}: 3 hits of 5
    scores = scorer.score("a c b", ["a b c"])
    assert scores["rougesu4_r"] == pytest.approx(3 / 5)
    assert scores["rougesu4_p"] == pytest.approx(3 / 5)


def test_identical_summary_scores_one_and_scrambled_lower():
    _needs_data()
    reference = quality.load_clusters(DATA, 1)[0]["references"][0]
    scorer = Rouge155Scorer()
    same = scorer.score(reference, [reference])
    for metric in ("rouge1_r", "rouge2_r", "rougesu4_r", "rouge1_f", "rouge2_f"):
        assert same[metric] == pytest.approx(1.0)

    words = reference.split()
    random.Random(0).shuffle(words)
    scrambled = scorer.score(" ".join(words), [reference])
    assert scrambled["rouge2_r"] < 0.5
    assert scrambled["rougesu4_r"] < same["rougesu4_r"]
    # the same words in another order: unigram recall unchanged (within the 100-word cut)
    if len(words) <= 100:
        assert scrambled["rouge1_r"] == pytest.approx(1.0)


def test_rouge_counts_agree_with_rouge_score_per_reference():
    from rouge_score import rouge_scorer

    reference = "The cats were sitting on the mat. Dogs barked loudly at the cats."
    summary = "Cats sat on a mat while the dogs barked."
    ours = Rouge155Scorer().score(summary, [reference])
    theirs = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True).score(reference, summary)
    assert ours["rouge1_r"] == pytest.approx(theirs["rouge1"].recall)
    assert ours["rouge2_r"] == pytest.approx(theirs["rouge2"].recall)
    assert ours["rouge1_f"] == pytest.approx(theirs["rouge1"].fmeasure)


def test_references_are_pooled_like_rouge155_model_average():
    scorer = Rouge155Scorer()
    # unigram hits 2 of 2 and 0 of 6: pooled 2/8, not the mean of recalls (0.5)
    scores = scorer.score("alpha beta", ["alpha beta", "one two three four five six"])
    assert scores["rouge1_r"] == pytest.approx(2 / 8)
    mean = Rouge155Scorer(aggregate="mean").score("alpha beta", ["alpha beta", "one two three four five six"])
    assert mean["rouge1_r"] == pytest.approx(0.5)


def test_truncation_to_100_words():
    text = " ".join(f"w{i}" for i in range(150))
    assert truncate_words(text).split() == [f"w{i}" for i in range(100)]
    assert truncate_words("a  b\n c", 2) == "a b"

    scorer = Rouge155Scorer()
    reference = "the quick brown fox jumps over the lazy dog"
    junk_first = "zebra " * 100 + reference
    scores = scorer.score(junk_first, [reference])
    assert scores["words"] == 100
    assert scores["rouge1_r"] == 0.0
    # references are cut too (ROUGE-1.5.5 -l applies to models as well)
    long_reference = reference + " " + "extra " * 200
    assert scorer.score(reference, [long_reference])["rouge1_r"] == pytest.approx(9 / 100)


# ---------------------------------------------------------------- harness


def test_parse_sets_reads_json_literals():
    assert quality.parse_sets(["a=1", "b=tfidf", "c=null", "d=0.5", "e=[1,2]", "f=true"]) == {
        "a": 1, "b": "tfidf", "c": None, "d": 0.5, "e": [1, 2], "f": True,
    }
    assert quality.summarizer_kwargs({"embedder": "tfidf"})["max_words"] == 100


def test_cross_validate_picks_on_training_folds():
    _needs_data()
    clusters = quality.load_clusters(DATA, 6)

    def runner(params, cluster):  # lead-k of the first article, k from the grid point
        sentences = quality.split_sentences(cluster["documents"][0]["text"])
        return " ".join(sentences[: params["k"]])

    grid = [{"k": 1}, {"k": 4}]
    result = quality.cross_validate(grid, clusters, folds=3, metric="rouge1_r", runner=runner, bootstrap=50)
    assert result["folds"] == 3
    assert len(result["per_fold"]) == 3
    assert sorted(c for f in result["per_fold"] for c in f["test_clusters"]) == sorted(c["id"] for c in clusters)
    assert result["all_data_best"]["params"] == {"k": 4}  # more words, more unigram recall
    assert 0.0 <= result["heldout_mean"] <= result["all_data_best"]["mean"] + 1e-12


def test_smoke_main_on_two_clusters(tmp_path):
    _needs_data()
    out = tmp_path / "exp-smoke"
    argv = ["--clusters", "2", "--out", str(out), "--bootstrap", "50"]
    library = _library_ok()
    argv += ["--config", "tfidf"] if library else ["--no-ours"]
    results = quality.main(argv)

    assert (tmp_path / "exp-smoke.md").exists()
    assert (tmp_path / "exp-smoke.json").exists()
    written = json.loads((tmp_path / "exp-smoke.json").read_text())
    assert written["data"]["n_clusters"] == 2
    assert written["command"].startswith("python -m benchmarks.quality")
    assert written["per_cluster_fields"][:2] == ["rouge1_r", "rouge2_r"]
    assert written["environment"]["versions"]["python"]

    kinds = {}
    for system in results["systems"]:
        kinds.setdefault(system["kind"], set()).add(system["name"])
        for metric, value in system["mean"].items():
            assert 0.0 <= value <= 1.0, (system["name"], metric, value)
        for scores in system["per_cluster"].values():
            assert scores["words"] <= 100
    assert {"ICSISumm", "DPP", "LexRank", "Lead"} <= kinds["sumrepo"]
    assert len(kinds["sumrepo"]) == 13
    assert set(quality.LIVE_PEERS) == kinds["live"]
    for system in results["systems"]:
        if system["kind"] == "live":  # each adds sentences until it has 100 words; the scorer cuts
            assert system["mean_words_produced"] >= 100, system["name"]
            assert system["mean_words_scored"] == 100, system["name"]
    if library:
        assert kinds["ours"] == {"ours: tfidf"}
        ours = next(s for s in results["systems"] if s["kind"] == "ours")
        assert ours["config"] == {"embedder": "tfidf", "max_words": 100}
        assert ours["sec_per_cluster"] > 0
        assert not ours["errors"]

    markdown = (tmp_path / "exp-smoke.md").read_text()
    for name in ["ICSISumm", "sumy LexRank", "lexrank LexRank", "Lead (newest article)"]:
        assert f"| {name} |" in markdown
    assert "Calibration" in markdown
    calibration = written["calibration"]["summary"]
    assert abs(calibration["rouge2_r"]["mean_offset"]) < 0.01
    assert abs(calibration["rouge1_r"]["mean_offset"]) < 0.02



def test_target_table_says_which_targets_are_met() -> None:
    from benchmarks.quality import target_lines

    def system(name: str, kind: str, r1: float, r2: float) -> dict:
        return {"name": name, "kind": kind, "mean": {"rouge1_r": r1, "rouge2_r": r2}}

    systems = [
        system("ours: default", "ours", 0.391, 0.109),
        system("ours: tfidf", "ours", 0.38, 0.10),
        system("DPP", "sumrepo", 0.3945, 0.0957),
        system("ICSISumm", "sumrepo", 0.38, 0.0976),
        system("Lead", "sumrepo", 0.42, 0.12),  # a baseline, not a system to beat
        system("sumy LexRank", "live", 0.365, 0.0863),
    ]
    lines = "\n".join(target_lines(systems)).splitlines()
    rows = {line.split(" | ")[0].lstrip("| "): line for line in lines if line.startswith(("| default", "| TF-IDF"))}
    assert "**no** (-1.40)" in rows["default R-1 ≥ 40.5"]
    assert "below: DPP" in rows["default R-1 above every SumRepo system"]
    assert rows["default R-2 ≥ 10.8"].endswith("| yes |")
    assert "best ICSISumm 9.76" in rows["default R-2 above every SumRepo system"]
    assert "+1.37" in rows["TF-IDF mode R-2 ≥ sumy LexRank + 1"] and rows["TF-IDF mode R-2 ≥ sumy LexRank + 1"].endswith("| yes |")
    assert target_lines([s for s in systems if s["name"] != "ours: default"]) == []


def test_duc2004_report_says_the_default_was_fitted_on_duc2003() -> None:
    from benchmarks.quality import fitted_on_lines
    from summarize.select.concepts import ConceptModel

    text = "\n".join(fitted_on_lines())
    assert ConceptModel.default().trained_on.startswith("duc2003")
    assert f"fitted on **{ConceptModel.default().trained_on}**" in text and "headline number" in text
