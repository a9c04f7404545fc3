"""Content words and a light stemmer, for comparing what two sentences say word by word.

The stemmer only folds the inflections news text varies between two reports
of one fact ("killed"/"kills", "talks"/"talk", "said"/"says"); it is not a
full Porter stemmer, and it needs no NLTK import, so the brief path stays
fast to start.
"""

from __future__ import annotations

import functools
import re

__all__ = ["STOP_WORDS", "content_words", "stem"]

# Function words, auxiliaries and reporting glue that say nothing about the event.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    mr mrs ms dr would could should may might must shall yet still even ever whether since though although
    s t d ll re ve m o y ain isn wasn weren hasn haven hadn doesn didn won wouldn shan shouldn couldn mustn
    one's per via amid among upon within without across along around toward towards onto
    say said says saying told tell tells added adds according
    """.split()
)

_IRREGULAR = {
    "said": "say", "says": "say", "saying": "say", "told": "tell", "tells": "tell", "went": "go", "gone": "go",
    "held": "hold", "holds": "hold", "led": "lead", "leads": "lead", "won": "win", "wins": "win", "lost": "lose",
    "made": "make", "took": "take", "taken": "take", "gave": "give", "given": "give", "began": "begin",
    "begun": "begin", "fled": "flee", "hit": "hit", "left": "leave", "met": "meet", "paid": "pay", "sent": "send",
    "spent": "spend", "struck": "strike", "sought": "seek", "thought": "think", "brought": "bring",
    "bought": "buy", "caught": "catch", "fought": "fight", "killed": "kill", "dead": "die", "died": "die",
    "deaths": "die", "death": "die", "children": "child", "people": "person", "men": "man", "women": "woman",
}
_POSSESSIVE = re.compile(r"['’]s$|['’]$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """``word`` lower-cased with its inflection folded ("talks" → "talk", "rejected" → "reject")."""
    word = _POSSESSIVE.sub("", word.lower())
    if word in _IRREGULAR:
        return _final_e(_IRREGULAR[word])
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            base = word[: len(word) - len(suffix)] + keep
            # "stopped" → "stop", "planned" → "plan": a doubled final consonant left by the suffix.
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            # "-ed", "-ing" and "-es" took a silent "e" with them ("named" → "nam"); "-s" did not ("names").
            return _final_e(base) if suffix == "s" else base
    return _final_e(word)


def _final_e(word: str) -> str:
    """Without a final silent "e", so that "name", "named" and "names" meet at "nam"."""
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def content_words(text: str) -> set[str]:
    """Stems of the words of ``text`` that carry content (no function words, no one- or two-letter words)."""
    return {stem(w) for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in STOP_WORDS}
