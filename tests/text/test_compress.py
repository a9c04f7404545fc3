"""summarize/text/compress.py: the shortened variant keeps every fact, figure, negation, quote and hedge."""

from __future__ import annotations

import pytest

from summarize.text.compress import shorten


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels of the Kurdistan Workers' Party (PKK) have fought for autonomy since the early eighties.",
         "Rebels of the Kurdistan Workers' Party have fought for autonomy since the early eighties."),
        ("However, the ferry company said the crossing would reopen once the wreck was cleared away.",
         "The ferry company said the crossing would reopen once the wreck was cleared away."),
        ("Meanwhile, rescue teams searched the collapsed hall for survivors, the fire department said.",
         "Rescue teams searched the collapsed hall for survivors."),
    ],
)
def test_safe_deletions(text: str, expected: str) -> None:
    assert shorten(text) == expected
    kept = iter(text.lower().split())  # the article's words in the article's order, some left out
    assert all(any(w.strip(",.") == k.strip(",.") for k in kept) for w in expected.lower().split())


@pytest.mark.parametrize(
    "text",
    [
        "The dam holds back the lake (about 40 kilometres long) above the valley towns, engineers said.",  # a figure
        "However, the minister did not resign after the vote on the budget in parliament.",  # nothing to save
        "The crossing (``the busiest in the north,'' as pilots call it) stays closed to all shipping traffic.",
        "The fire was set deliberately, according to police (who have not named a suspect yet).",  # negation
        "The owner may face charges over the blaze in the dance hall, prosecutors said.",  # a hedge
        "Officials closed the bridge.",  # too short to shorten
    ],
)
def test_what_is_never_cut(text: str) -> None:
    shorter = shorten(text)
    if shorter is not None:
        for word in ("40", "not", "may", "``"):
            assert (word in text) <= (word in shorter), (text, shorter)
