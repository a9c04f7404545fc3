from __future__ import annotations

import datetime as dt

import numpy as np

from summarize import Summarizer, load_documents
from summarize.document import Document
from summarize.trust.stale import content_outliers, date_outliers, document_vectors
from tests.conftest import EXAMPLES, KeywordEmbedder, make_doc


def _dated(doc_id: str, day: dt.date | None) -> Document:
    published = dt.datetime.combine(day, dt.time()) if day else None
    return Document(id=doc_id, text="A sentence about the event in question.", published=published)


def test_article_from_last_year_is_stale_with_its_distance_in_the_reason() -> None:
    docs = [_dated(f"d{i}", dt.date(2025, 3, 10 + i)) for i in range(4)] + [_dated("old", dt.date(2024, 3, 11))]
    (found,) = date_outliers(docs, max_days=120)
    assert (found.doc_id, found.kind) == ("old", "stale-date")
    assert "2024-03-11" in found.reason and "365 days before" in found.reason


def test_spread_within_the_limit_is_not_stale() -> None:
    # DUC 2004 clusters span up to 80 days around one event.
    docs = [_dated(f"d{i}", dt.date(2025, 1, 1) + dt.timedelta(days=20 * i)) for i in range(5)]
    assert date_outliers(docs, max_days=120) == []


def test_no_date_judgement_without_a_clear_majority_or_enough_dates() -> None:
    two_camps = [_dated("a", dt.date(2024, 1, 1)), _dated("b", dt.date(2024, 1, 2)),
                 _dated("c", dt.date(2025, 1, 1)), _dated("d", dt.date(2025, 1, 2))]
    assert date_outliers(two_camps) == []
    assert date_outliers([_dated("a", dt.date(2024, 1, 1)), _dated("b", dt.date(2025, 6, 1)), _dated("c", None)]) == []


def test_undated_article_is_never_stale_by_date() -> None:
    docs = [_dated(f"d{i}", dt.date(2025, 3, 10)) for i in range(3)] + [_dated("undated", None)]
    assert date_outliers(docs) == []


def test_content_outlier_needs_low_similarity_and_a_large_deviation() -> None:
    on_event = np.array([[1.0, 0.1, 0.0], [0.9, 0.2, 0.0], [1.0, 0.0, 0.1], [0.95, 0.15, 0.05]])
    vectors = np.vstack([on_event, [[0.0, 0.05, 1.0]]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = ["a", "b", "c", "d", "other"]
    (found,) = content_outliers(ids, vectors, min_similarity=0.45)
    assert (found.doc_id, found.kind) == ("other", "off-event")
    assert "similarity 0.0" in found.reason
    # Unlike the others but still similar enough in absolute terms: kept.
    assert content_outliers(ids, vectors, min_similarity=0.0) == []
    assert content_outliers(ids[:3], vectors[:3], min_similarity=0.9) == []  # too few to judge


def test_document_vectors_average_sentence_rows_per_document() -> None:
    rows = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    ids, vectors = document_vectors(rows, ["x", "x", "y"])
    assert ids == ["x", "y"]
    np.testing.assert_allclose(vectors, [[2 ** -0.5, 2 ** -0.5], [1.0, 0.0]])


def test_off_event_article_is_left_out_of_the_brief() -> None:
    topics = ["bridge", "closed", "injured", "ferry"]
    bridge = [
        make_doc(f"b{i}", "The harbour bridge was closed on Tuesday morning. Four people were injured on the bridge. "
                 "Ferry services were doubled for commuters.", day=11)
        for i in range(4)
    ]
    other = make_doc("bakery", "A bakery won a prize for its sourdough loaf. Judges praised its crust and crumb.", day=11)
    brief = Summarizer(embedder=KeywordEmbedder(topics), min_sentence_words=3).summarize([*bridge, other])
    assert [(e.doc_id, e.kind) for e in brief.excluded] == [("bakery", "off-event")]
    assert "bakery" not in {d.id for d in brief.sources}


def test_examples_exclude_their_stale_article_with_the_reason() -> None:
    expected = {
        "harbour-bridge": "06-bayside-gazette",
        "river-flood": "06-tessby-record",
        "chip-plant": "dunmore-standard-corvane-packaging-site",
    }
    for name, stale_id in expected.items():
        brief = Summarizer(embedder="tfidf").summarize(load_documents(EXAMPLES / name))
        assert [(e.doc_id, e.kind) for e in brief.excluded] == [(stale_id, "stale-date")]
        assert "days before the other articles" in brief.excluded[0].reason
        assert stale_id not in {d.id for d in brief.sources}
        assert all(stale_id not in s.sentence_id for s in brief.sentences)
        exported = brief.to_dict()["excluded"]
        assert exported == [{"id": stale_id, "reason": brief.excluded[0].reason, "kind": "stale-date"}]
        assert stale_id in brief.to_markdown().split("**Left out**")[1]


def test_keep_stale_keeps_the_article_and_warns() -> None:
    docs = load_documents(EXAMPLES / "harbour-bridge")
    brief = Summarizer(embedder="tfidf", exclude_stale=False).summarize(docs)
    assert brief.excluded == []
    assert "06-bayside-gazette" in {d.id for d in brief.sources}
    assert any("06-bayside-gazette looks out of place" in w for w in brief.warnings)
    assert brief.settings["exclude_stale"] is False


def test_cli_keep_stale(capsys) -> None:
    from summarize.cli import main

    assert main(["brief", str(EXAMPLES / "river-flood"), "--embedder", "tfidf", "-f", "json", "-q"]) == 0
    default = capsys.readouterr().out
    assert main(["brief", str(EXAMPLES / "river-flood"), "--embedder", "tfidf", "-f", "json", "-q", "--keep-stale"]) == 0
    kept = capsys.readouterr().out
    assert '"06-tessby-record"' in default and '"stale-date"' in default
    assert '"stale-date"' not in kept and "Tessby Record" in kept


def test_article_naming_none_of_the_others_names_needs_only_the_deviation() -> None:
    from summarize.trust.stale import unshared_names

    storm = ("Typhoon Rona hit Kelmar Island on Sunday. Rona's winds reached 150 kph near Port Avis, and Kelmar "
             "officials said Port Avis lost power. Governor Ilse Varro said Kelmar schools would close.")
    docs = [make_doc(f"flood{i}", "The Tessby river burst its banks on Monday. Tessby council said the Tessby "
                     "bridge was shut. Mayor Dana Holt said Holt's office would open the Ardel hall; Ardel roads "
                     "were closed.", day=11) for i in range(4)] + [make_doc("storm", storm, day=11)]
    names = unshared_names(docs)
    assert list(names) == ["storm"] and {"rona", "kelmar", "port", "avis"} <= set(names["storm"])
    vectors = np.array([[1.0, 0.0], [0.98, 0.2], [0.99, 0.1], [0.97, 0.25], [0.8, 0.6]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [d.id for d in docs]
    # Similar enough in absolute terms (0.8 > 0.45) to be kept on vectors alone ...
    assert content_outliers(ids, vectors, min_similarity=0.45) == []
    # ... but far from usual, and its names are not the others': left out, the names in the reason.
    (found,) = content_outliers(ids, vectors, min_similarity=0.45, unshared=names)
    assert found.doc_id == "storm" and "are not in the others" in found.reason and "Kelmar" in found.reason


def test_tied_names_come_in_the_same_order_whatever_the_hash_seed() -> None:
    import subprocess
    import sys

    # "Jet Propulsion Laboratory" gives three names twice each: a tie the listing must break the same way
    # in every process (Ray workers and the local engine have different hash seeds).
    script = (
        "from summarize.document import Document\n"
        "from summarize.trust.stale import unshared_names\n"
        "odd = ('Engineers at the Jet Propulsion Laboratory in Pasadena tested the probe. '\n"
        "       'The Jet Propulsion Laboratory said the Pasadena team and Nasa would fly it. Nasa agreed.')\n"
        "docs = [Document(id='odd', text=odd)] + [Document(id=f'd{k}', text='Ferries sailed from the harbour on "
        "time again today after the storm.') for k in range(4)]\n"
        "print(unshared_names(docs))\n"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                       env={**__import__("os").environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(outputs) == 1 and "odd" in outputs.pop()
