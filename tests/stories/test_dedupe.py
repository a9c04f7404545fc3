"""Near-duplicate (syndicated) articles are merged and keep every outlet."""

from __future__ import annotations

import datetime as dt
import random

from summarize.document import Document
from summarize.io.files import load_documents
from summarize.stories.dedupe import (
    DuplicateGroup,
    duplicate_groups,
    duplicates_of,
    merge_duplicates,
    outlet_key,
    outlets,
    shingles,
)
from tests.conftest import EXAMPLES

_VOCABULARY = (
    "harbour council ferry river bridge storm school water fire police court station market road "
    "minister village crew island winter summer report plan vote money worker hospital train"
).split()


def _words(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(_VOCABULARY) for _ in range(count)]


def _doc(doc_id: str, words: list[str], *, source: str | None = None, hour: int = 9) -> Document:
    return Document(
        id=doc_id,
        text=" ".join(words) + ".",
        source=source or doc_id,
        published=dt.datetime(2024, 5, 4, hour),
    )


def test_shingles_ignore_case_and_punctuation() -> None:
    assert shingles("The ferry, said the CREW, was safe.") == shingles("the ferry said the crew was safe")
    assert len(shingles("one two three four five")) == 2
    assert len(shingles("too short")) == 1
    assert shingles("") == set()


def test_copy_with_added_paragraph_and_byline_is_merged() -> None:
    story = _words(1, 150)
    wire = _doc("wire", story, source="Wire")
    copy = _doc("local", ["By", "Ann", "Lee"] + story + _words(2, 30), source="Local Post")
    other = _doc("other", _words(3, 150), source="Other")
    result = merge_duplicates([wire, other, copy])
    assert [d.id for d in result.documents] == ["local", "other"]  # the longest copy is kept, in input order
    kept = result.documents[0]
    assert [d.id for d in duplicates_of(kept)] == ["wire"]
    assert result.removed_count == 1
    assert result.groups == [DuplicateGroup(representative=kept, duplicates=(wire,))]


def test_trimmed_copy_is_merged_but_round_up_item_is_not() -> None:
    story = _words(10, 200)
    trimmed = _doc("trimmed", story[:120])  # the last paragraphs cut
    round_up = _doc("round-up", story[:70] + _words(11, 70) + _words(12, 70))
    groups = duplicate_groups([_doc("full", story), trimmed, round_up])
    assert groups == [[0, 1], [2]]


def test_independent_reports_of_one_event_are_not_merged() -> None:
    documents = {d.id: d for d in load_documents(EXAMPLES / "daily")}
    wire, own_report = documents["northern-wire-1"], documents["tallow-sound-gazette-ferry-fire"]
    assert duplicate_groups([wire, own_report]) == [[0], [1]]


def test_chain_of_overlaps_does_not_join_articles_that_are_not_copies() -> None:
    middle = _words(20, 200)
    first_part = _doc("a", middle[:140])
    whole = _doc("b", middle)
    last_part = _doc("c", middle[60:])
    groups = duplicate_groups([first_part, whole, last_part])
    assert sorted(len(g) for g in groups) == [1, 2]
    assert not any({0, 2} <= set(g) for g in groups)


def test_equal_length_copies_keep_the_earliest() -> None:
    story = _words(30, 100)
    late = _doc("late", story, hour=15)
    early = _doc("early", story, hour=8)
    (kept,) = merge_duplicates([late, early]).documents
    assert kept.id == "early"
    assert [d.id for d in duplicates_of(kept)] == ["late"]


def test_merging_twice_keeps_every_outlet() -> None:
    story = _words(40, 120)
    first = merge_duplicates([_doc("a", story, source="A"), _doc("b", story, source="B")]).documents
    again = merge_duplicates([*first, _doc("c", story + ["extra"], source="C")]).documents
    (kept,) = again
    assert kept.id == "c"
    assert sorted(d.source for d in duplicates_of(kept)) == ["A", "B"]


def test_outlets_count_each_outlet_once() -> None:
    story = _words(50, 120)
    merged = merge_duplicates(
        [_doc("a", story, source="Wire"), _doc("b", story + ["more"], source="Post"), _doc("c", story, source="WIRE")]
    ).documents[0]
    assert [d.source for d in outlets(merged)] == ["Post", "Wire"]


def test_outlet_key_falls_back_to_host_then_id() -> None:
    assert outlet_key(Document(id="x", text="t", source="  The  Post ")) == "the post"
    assert outlet_key(Document(id="x", text="t", url="https://www.post.example.com/a")) == "post.example.com"
    assert outlet_key(Document(id="x", text="t")) == "id:x"


def test_in_house_day_merges_exactly_the_syndicated_copies() -> None:
    result = merge_duplicates(load_documents(EXAMPLES / "daily"))
    merged = {g.representative.id: sorted(d.id for d in g.duplicates) for g in result.groups}
    assert merged == {
        "bep-ferry": ["daily-lantern-1", "northern-wire-1"],
        "northern-wire-4": ["harrowgate-times-cup-final"],
    }
    assert len(result.documents) == 27
