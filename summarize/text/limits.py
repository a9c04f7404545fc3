"""How many sentences one article and one run may have (issue 17 M6).

The stages after splitting grow faster than linearly in the sentences of one
article and of the whole input (a 3 MB article took 140 s and 4.1 GB; 49.9 MB
asked for a 1009 GiB matrix), so both are capped with an error that names
the limit to raise. An article far longer than its cap allows is refused
before it is split at all, since splitting 50 MB alone takes minutes.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarize.document import Document, Sentence
from summarize.errors import TooLargeError
from summarize.text.segment import segment_document

__all__ = ["MAX_CHARACTERS_PER_SENTENCE", "check_article_length", "segment_within_limits"]

# Characters of text an article may have per allowed sentence before it is
# refused unsplit (news sentences average 100-150 characters).
MAX_CHARACTERS_PER_SENTENCE = 400


def check_article_length(document: Document, max_article_sentences: int) -> None:
    """Raise :class:`TooLargeError` when ``document`` is far too long to have at most ``max_article_sentences``."""
    if len(document.text) > max_article_sentences * MAX_CHARACTERS_PER_SENTENCE:
        raise TooLargeError(
            f"article {document.id} has {len(document.text) / 1e6:.1f} MB of text, more than "
            f"{max_article_sentences:,} sentences can fill; raise the limit (max_article_sentences) or split it"
        )


def segment_within_limits(
    documents: Sequence[Document], *, max_article_sentences: int, max_input_sentences: int
) -> list[list[Sentence]]:
    """The sentences of each document (in order), or :class:`TooLargeError` past either cap."""
    found: list[list[Sentence]] = []
    total = 0
    for document in documents:
        check_article_length(document, max_article_sentences)
        sentences = segment_document(document)
        if len(sentences) > max_article_sentences:
            raise TooLargeError(
                f"article {document.id} has {len(sentences):,} sentences, more than the limit of "
                f"{max_article_sentences:,} per article; raise the limit (max_article_sentences) or split it"
            )
        total += len(sentences)
        if total > max_input_sentences:
            raise TooLargeError(
                f"more than {max_input_sentences:,} sentences in {len(found) + 1} articles; "
                "raise the limit (max_input_sentences) or give fewer articles"
            )
        found.append(sentences)
    return found
