"""Split article text into sentences.

We use NLTK's Punkt. When the official ``punkt_tab`` data is installed we use
it; otherwise (offline machines, CI) we build Punkt parameters from an
abbreviation list that ships with the package, so splitting never needs a
download. Articles are first cut into paragraphs and lines, because news text
carries headings and captions without final punctuation that would otherwise
be glued to the next sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from importlib import resources
from typing import Protocol

from summarize.document import Document, Sentence
from summarize.text.nltk_modules import nltk_modules

__all__ = [
    "SentenceSplitter",
    "punkt_tokenizer",
    "split_sentences",
    "segment_document",
    "segment_documents",
    "is_sentence",
    "main_script",
    "no_sentences_message",
    "script_description",
    "SPACED_SCRIPTS",
]

_ABBREVIATIONS_FILE = "punkt_english_abbreviations.txt"

# A line break inside a paragraph is kept as a boundary when the line looks
# complete or the next one starts like a list item; wrapped prose is re-joined.
_BLOCK_SPLIT = re.compile(r"\n\s*\n+")
_TERMINAL = re.compile(r"""[.!?…]['"”’)\]]*\s*$|[.!?]\s*''\s*$""")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_WS = re.compile(r"\s+")
# Lines at least this long that stop without punctuation are taken as wrapped.
_WRAP_WIDTH = 60


# Scripts whose languages put spaces between words and end sentences with
# . ! ?, which is what the splitter and the word budget rely on.
SPACED_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})
_SCRIPT_NAMES = {"CJK": "Chinese or Japanese (CJK ideographs)", "HIRAGANA": "Japanese (hiragana)",
                 "KATAKANA": "Japanese (katakana)", "HANGUL": "Korean (Hangul)", "THAI": "Thai", "LAO": "Lao",
                 "KHMER": "Khmer", "MYANMAR": "Burmese", "TIBETAN": "Tibetan", "ARABIC": "Arabic",
                 "HEBREW": "Hebrew", "DEVANAGARI": "Devanagari"}


def main_script(text: str, *, sample: int = 20_000) -> str | None:
    """The Unicode script most letters of ``text`` are written in ("LATIN", "CJK", "HANGUL", ...), or None.

    Read from the first word of each letter's Unicode name, on the first
    ``sample`` characters.
    """
    import unicodedata
    from collections import Counter

    counts: Counter[str] = Counter()
    for char in text[:sample]:
        if char.isalpha():
            name = unicodedata.name(char, "")
            if name:
                counts[name.split()[0]] += 1
    return counts.most_common(1)[0][0] if counts else None


def script_description(script: str) -> str:
    """A reader's name for a script from :func:`main_script`."""
    return _SCRIPT_NAMES.get(script, script.title())


def no_sentences_message(texts: Iterable[str]) -> str:
    """Why no sentence was found in ``texts``: with the script they are in when it is not one we read."""
    message = "no sentences found in the articles (after removing boilerplate and fragments)"
    script = main_script(" ".join(texts))
    if script is not None and script not in SPACED_SCRIPTS:
        message += (
            f". The articles are mostly in {script_description(script)} script; summarize reads languages "
            "that put spaces between words and end sentences with . ! or ? (such as English, or other "
            "languages in Latin, Cyrillic or Greek script)"
        )
    return message


class SentenceSplitter(Protocol):
    """Anything with NLTK's ``span_tokenize`` shape can split sentences."""

    def span_tokenize(self, text: str) -> object: ...


@functools.lru_cache(maxsize=4)
def punkt_tokenizer(language: str = "english", *, prefer_official: bool = True):
    """Return a Punkt tokenizer for ``language``.

    The official ``punkt_tab`` model is used when NLTK can find it; it was
    trained on far more text than our list covers. Without it we fall back to
    parameters built from the shipped abbreviation list (English only).
    """
    # NLTK's own Punkt module, loaded without nltk/__init__ (3.7 s of imports;
    # see summarize/text/nltk_modules.py). The official data is found inside the block,
    # since PunktTokenizer imports nltk.data when it is constructed.
    with nltk_modules() as load:
        punkt = load("nltk.tokenize.punkt")
        if prefer_official:
            try:
                return punkt.PunktTokenizer(language)
            except (LookupError, ValueError, OSError, ImportError):
                pass
    abbreviations, starters = _shipped_parameters()
    params = punkt.PunktParameters()
    params.abbrev_types = set(abbreviations)
    # Seen in lower case, never capitalised mid-sentence: so a capitalised
    # occurrence after an abbreviation is a sentence start (Punkt's orthographic
    # heuristic, which it would otherwise learn from training text).
    for word in starters:
        params.add_ortho_context(word, punkt._ORTHO_BEG_LC | punkt._ORTHO_MID_LC)
    return punkt.PunktSentenceTokenizer(params)


def _shipped_parameters() -> tuple[list[str], list[str]]:
    """Abbreviations and sentence starters from the shipped parameter file."""
    text = resources.files("summarize.data").joinpath(_ABBREVIATIONS_FILE).read_text("utf-8")
    sections: dict[str, list[str]] = {"abbreviations": [], "starters": []}
    current = "abbreviations"
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections[current].append(line)
    return sections["abbreviations"], sections["starters"]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Character spans of paragraphs and stand-alone lines.

    A single newline inside a paragraph joins wrapped prose, unless the line
    before it is already complete (ends a sentence), or is a heading-like line
    (no final punctuation, followed by a line that starts a list or a capital).
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _BLOCK_SPLIT.finditer(text + "\n\n"):
        block_start, block_end = pos, match.start()
        pos = match.end()
        if block_end <= block_start:
            continue
        start = block_start
        line_start = block_start
        while True:
            newline = text.find("\n", line_start, block_end)
            if newline == -1:
                break
            line = text[line_start:newline]
            following = text[newline + 1 : block_end]
            if _is_line_boundary(line, following):
                spans.append((start, newline))
                start = newline + 1
            line_start = newline + 1
        spans.append((start, block_end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _is_line_boundary(line: str, following: str) -> bool:
    """Whether a single newline ends a unit rather than wrapping prose.

    Hard-wrapped prose has long lines that stop mid-sentence; headings,
    captions and list items are short or complete lines.
    """
    if _TERMINAL.search(line) or _LIST_ITEM.match(following) or _LIST_ITEM.match(line):
        return True
    next_char = following.lstrip()[:1]
    continues = next_char.islower() or next_char.isdigit() or line.rstrip().endswith((",", ";", "-"))
    return not continues and len(line.strip()) < _WRAP_WIDTH


def is_sentence(text: str, *, min_words: int = 4) -> bool:
    """Whether a span reads like a sentence rather than a fragment.

    A fragment has too few words or no letters (a dateline, a number list).
    Text without final punctuation still counts when it is long enough,
    because some sources (transcripts, feeds) drop punctuation altogether.
    """
    words = text.split()
    if len(words) < min_words or not _LETTER.search(text):
        return False
    if _TERMINAL.search(text):
        return True
    return len(words) >= 2 * min_words


def split_sentences(
    text: str,
    *,
    splitter: SentenceSplitter | None = None,
    min_words: int = 4,
) -> list[tuple[int, int, str]]:
    """Split ``text`` into ``(start, end, sentence)`` triples.

    Offsets index into ``text``; the sentence has its inner whitespace
    collapsed. Fragments (see :func:`is_sentence`) are dropped.
    """
    splitter = splitter or punkt_tokenizer()
    out: list[tuple[int, int, str]] = []
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        for start, end in _merge_lowercase_continuations(block, splitter.span_tokenize(block)):
            sentence = _WS.sub(" ", block[start:end]).strip()
            if is_sentence(sentence, min_words=min_words):
                out.append((block_start + start, block_start + end, sentence))
    return out


def _merge_lowercase_continuations(block: str, spans) -> list[tuple[int, int]]:
    """Re-join splits that cut a sentence.

    Punkt always breaks after ``?`` and ``!``, so "Is it safe?" he asked is
    two pieces: a next piece starting in lower case continues the sentence.
    Punkt also breaks inside multi-sentence quotations; those are re-joined
    until the quotation closes.
    """
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        first = block[start:end].lstrip("\"'“‘`( ")[:1]
        previous = block[merged[-1][0] : merged[-1][1]] if merged else ""
        continues = first.islower() and (previous.rstrip().endswith(
            ("?", "!", '?"', '!"', "?”", "!”", "?''", "!''", "?'", "!'")
        ) or bool(_INITIALS_AT_END.search(previous.rstrip())))
        cut_name = bool(_NAME_THEN_SPEECH.match(block[start:end].lstrip()))
        if merged and (continues or cut_name or _open_quote(previous) or _ends_in_initials_of_a_name(previous)
                       or _inside_ellipsis(previous, block[start:end])):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# A name's initials after a capitalised word: "President B.J.", "George W.", "Gen. H. Norman" (a break
# there cut "Indonesian President B.J. | Habibie, have spoken out ..."); "in the U.S." is not one.
_NAME_INITIALS = re.compile(r"(?:^|\s)[A-Z][a-z]+\.?\s+(?!D\.C\.$)(?:[A-Z]\.){1,3}$")


# No sentence opens "Brown, said that ...": the break before it was an abbreviation ("BT Alex. Brown").
_NAME_THEN_SPEECH = re.compile(r"[A-Z][\w.'’-]*,\s+(?:said|says|told|added|noted|warned)\b")
# Initials (and an acronym in brackets) before a lower-case word: "F.W. | de Klerk", "(S.A.D.F.) | conspired".
_INITIALS_AT_END = re.compile(r"(?:^|[\s(])(?:[A-Z]\.){2,5}\)?$")


# A spaced ellipsis leaves out words inside a sentence: Punkt cuts "finds that Ms. Mandela . | . | . | is
# accountable for ..." into four pieces, the first a sentence with no verb and the last one with no subject.
_DOTS = re.compile(r"\.(?:\s*\.)*")
_ELLIPSIS_AT_END = re.compile(r"(?:\s\.\s\.\s\.|\.\.\.|…)$")


def _inside_ellipsis(previous: str, piece: str) -> bool:
    """Whether ``piece`` goes on the sentence that ``previous`` cut at an ellipsis: more of its dots, or
    words in lower case after it."""
    before, piece = previous.rstrip(), piece.strip()
    if _DOTS.fullmatch(piece):
        return before.endswith(" .") or bool(re.search(r"\s\.\s\.$", before))
    return piece[:1].islower() and bool(_ELLIPSIS_AT_END.search(before))


def _ends_in_initials_of_a_name(text: str) -> bool:
    return bool(_NAME_INITIALS.search(text.rstrip()))


def _open_quote(text: str) -> bool:
    """Whether a quotation opened in ``text`` is still open at its end.

    A quotation of several sentences is kept as one unit, so that no brief
    sentence starts or ends inside someone's words.
    """
    straight = text.count('"') % 2 == 1
    curly = text.count("“") > text.count("”")
    ldc = text.count("``") > text.count("''")
    return straight or curly or ldc


def segment_document(
    document: Document, *, splitter: SentenceSplitter | None = None, min_words: int = 4
) -> list[Sentence]:
    """The sentences of one document, numbered from 0 in reading order."""
    spans = split_sentences(document.text, splitter=splitter, min_words=min_words)
    return [
        Sentence(doc_id=document.id, index=i, text=sentence, start=start, end=end)
        for i, (start, end, sentence) in enumerate(spans)
    ]


def segment_documents(
    documents: list[Document], *, splitter: SentenceSplitter | None = None, min_words: int = 4
) -> list[Sentence]:
    """All sentences of all documents, document by document."""
    splitter = splitter or punkt_tokenizer()
    sentences: list[Sentence] = []
    for document in documents:
        sentences.extend(segment_document(document, splitter=splitter, min_words=min_words))
    return sentences
