"""Smoke test of benchmarks/concept_model.py: it fits on DUC 2003, reports DUC 2004, cross-validates both."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("rouge_score")

from benchmarks import concept_model, quality


def test_concept_model_harness_runs_on_four_clusters(tmp_path, monkeypatch) -> None:
    if not quality.DEFAULT_DATA.exists():
        pytest.skip(f"DUC 2004 data not found at {quality.DEFAULT_DATA}")
    saved = tmp_path / "concept-model.json"
    monkeypatch.setattr(concept_model, "MODEL_PATH", saved)
    out = tmp_path / "result"
    if not concept_model.DEV_DATA.exists():
        pytest.skip(f"DUC 2003 data not found at {concept_model.DEV_DATA}")
    assert concept_model.main(["--limit", "4", "--test-limit", "4", "--folds", "2", "--embedder", "tfidf",
                               "--out", str(out), "--save"]) == 0
    results = json.loads(out.with_suffix(".json").read_text())
    # Fitted on DUC 2003, reported on both sets; the test set's headline row is the DUC 2003 model.
    assert [(r["set"], r["setting"].split(",")[0].split(" (")[0]) for r in results["rows"]] == [
        ("duc2003", "document frequency"), ("duc2003", "learned"), ("duc2003", "learned"),
        ("duc2004", "document frequency"), ("duc2004", "learned"), ("duc2004", "learned"),
    ]
    assert "fitted on all of duc2003 (the shipped model; the headline number)" in results["rows"][4]["setting"]
    for row in results["rows"]:
        assert 0 < row["rouge1_r"] < 100 and 0 < row["rouge2_r"] < row["rouge1_r"]
    assert len(results["fold_auc"]) == 2
    from summarize.select.concepts import ConceptModel

    model = ConceptModel.load(saved)
    assert model.trained_on.startswith("duc2003") and model.trained_on.endswith("4 clusters")
    assert any(c != 0 for c in model.coefficients)
    assert "| duc2004 | learned, 2-fold cross-validated on duc2004" in out.with_suffix(".md").read_text()
