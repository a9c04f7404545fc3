"""Property-based tests: no input breaks ingest, segmentation or the pipeline.

Inputs mix random Unicode, control characters, NUL bytes, huge sentences,
text without sentence punctuation, mixed and right-to-left scripts, emoji and
HTML fragments. The properties: nothing raises except the library's own
errors (which carry a code and a message), and an extractive brief only says
what the articles say.

The default run tries a few dozen examples per property. The fuzzing
campaign is a slow test whose size comes from ``SUMMARIZE_FUZZ_EXAMPLES``
(total over all properties; CI runs the default, 600)::

    SUMMARIZE_FUZZ_EXAMPLES=10000 python -m pytest -m slow tests/test_properties.py -s
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections import Counter
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from summarize import Document, Summarizer  # noqa: E402
from summarize.errors import SummarizeError  # noqa: E402
from summarize.ingest import clean_text, parse_date, read_documents  # noqa: E402
from summarize.render import render  # noqa: E402
from summarize.segment import split_sentences  # noqa: E402

#: How many times each property body ran, for the campaign's report.
RUNS: Counter[str] = Counter()

_WORDS = [
    "the", "bridge", "closed", "on", "Tuesday", "after", "engineers", "found", "a", "crack", "council", "said",
    "U.S.", "Dr.", "3.5", "1,200", "$4.2", "million", "people", "were", "evacuated", "«quoted»", "\"Yes,\"",
    "Москва", "мост", "закрыт", "جسر", "مغلق", "גשר", "נסגר", "東京", "橋", "🙂", "🌉", "é", "ß", "İstanbul",
    "<b>", "</p>", "<script>alert(1)</script>", "&amp;", "&#x27;", "javascript:alert(1)", "\u200b", "\u202e",
    "\x00", "\x07", "\r", "\t", "…", "—", "(AP)", "--", "''", "``", "Mr.", "No.", "e.g.", "i.e.",
]
_ENDINGS = ["", ".", "!", "?", "...", ".\"", "?»", ":", ";", " —"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40))
    if draw(st.integers(0, 30)) == 0:  # now and then a huge sentence
        words = words * draw(st.integers(50, 400))
    return " ".join(words) + draw(st.sampled_from(_ENDINGS))


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    """News-like paragraphs, sometimes with raw random Unicode spliced in."""
    paragraphs = draw(st.lists(st.lists(sentences(), min_size=1, max_size=6).map(" ".join), min_size=1, max_size=6))
    text = draw(st.sampled_from(["\n\n", "\n", " ", "\r\n\r\n"])).join(paragraphs)
    if draw(st.booleans()):
        noise = draw(st.text(max_size=200))
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + noise + text[cut:]
    return text


any_text = st.one_of(st.text(max_size=2000), article_texts())


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------ properties


def prop_clean_text(text: str) -> None:
    RUNS["clean_text"] += 1
    cleaned, removed = clean_text(text)
    assert isinstance(cleaned, str)
    for _rule, line in removed:  # what is removed was there
        assert line.strip() in text or _normalised(line) in _normalised(text)


def prop_parse_date(value: object) -> None:
    RUNS["parse_date"] += 1
    parsed = parse_date(value)
    assert parsed is None or isinstance(parsed, dt.datetime)


def prop_split_sentences(text: str) -> None:
    RUNS["split_sentences"] += 1
    for start, end, sentence in split_sentences(text):
        assert 0 <= start < end <= len(text)
        assert sentence == _normalised(text[start:end])
        assert sentence.split()  # never empty


def prop_read_file(tmp_path: Path, suffix: str, data: bytes) -> None:
    RUNS["read_documents"] += 1
    path = tmp_path / f"article{suffix}"
    path.write_bytes(data)
    result = read_documents(path)  # reports problems, never raises for one bad file
    assert all(d.text.strip() for d in result.documents)
    assert result.documents or result.problems


def prop_pipeline(texts: list[str], max_words: int) -> None:
    RUNS["pipeline"] += 1
    documents = [
        Document(id=f"d{i}", text=t, source=f"outlet {i}", published=dt.datetime(2025, 1, 1 + i))
        for i, t in enumerate(texts)
    ]
    try:
        brief = Summarizer(embedder="tfidf", max_words=max_words).summarize(documents)
    except SummarizeError as error:
        assert re.match(r"\[E\d{3}\] \S", str(error)), str(error)  # the library's own error, with a message
        return
    inputs = _normalised(" ".join(texts))
    words_in_inputs = set(inputs.split())
    for sentence in brief.sentences:
        assert 1 <= min(sentence.citations, default=0) and max(sentence.citations) <= len(brief.sources)
        if any(flag.kind == "rewritten" for flag in sentence.flags):
            # A reference repair puts a name from the articles in place of "He".
            assert set(sentence.text.split()) <= words_in_inputs | {w.strip(",.") for w in words_in_inputs}
        else:
            assert sentence.text in inputs
    assert sum(len(s.text.split()) for s in brief.sentences) <= max_words
    for fmt in ("md", "json", "html", "text"):
        assert isinstance(render(brief, fmt), str)


#: Each property with the strategies of its arguments (after any fixed ones).
PROPERTIES = {
    "clean_text": (prop_clean_text, (any_text,)),
    "parse_date": (
        prop_parse_date,
        (st.one_of(st.text(max_size=60), st.integers(), st.floats(), st.none(), st.datetimes(), st.dates()),),
    ),
    "split_sentences": (prop_split_sentences, (any_text,)),
    "read_documents": (
        prop_read_file,
        (
            st.sampled_from([".txt", ".md", ".json", ".jsonl", ".html", ".xml"]),
            st.one_of(st.binary(max_size=3000), any_text.map(lambda t: t.encode("utf-8", "surrogatepass"))),
        ),
    ),
    "pipeline": (prop_pipeline, (st.lists(article_texts(), min_size=1, max_size=5), st.integers(1, 200))),
}


def run_property(name: str, examples: int, *fixed: object) -> None:
    """Run one property for ``examples`` generated inputs (a fresh hypothesis test each time)."""
    body, strategies = PROPERTIES[name]

    @settings(max_examples=examples, deadline=None)
    @given(st.tuples(*strategies))
    def property_test(drawn: tuple) -> None:
        body(*fixed, *drawn)

    property_test()


# ------------------------------------------------------------------ default run


def test_clean_text_never_fails() -> None:
    run_property("clean_text", 40)


def test_parse_date_gives_a_datetime_or_none() -> None:
    run_property("parse_date", 40)


def test_split_sentences_gives_spans_of_the_input() -> None:
    run_property("split_sentences", 40)


def test_any_file_content_is_read_or_reported(tmp_path: Path) -> None:
    run_property("read_documents", 40, tmp_path)


def test_pipeline_only_says_what_the_articles_say() -> None:
    run_property("pipeline", 25)


# ------------------------------------------------------------------ campaign

#: Share of the campaign per property: the pipeline is the slowest by far.
_SHARES = {"clean_text": 0.25, "parse_date": 0.15, "split_sentences": 0.25, "read_documents": 0.2, "pipeline": 0.15}


@pytest.mark.slow
def test_fuzzing_campaign(tmp_path: Path) -> None:
    total = int(os.environ.get("SUMMARIZE_FUZZ_EXAMPLES", "600"))
    RUNS.clear()
    started = time.perf_counter()
    for name, share in _SHARES.items():
        run_property(name, max(1, round(total * share)), *((tmp_path,) if name == "read_documents" else ()))
    seconds = time.perf_counter() - started
    print(f"\nfuzzing campaign: {sum(RUNS.values())} examples in {seconds:.0f} s: {dict(RUNS)}")
    assert sum(RUNS.values()) >= 0.9 * total
