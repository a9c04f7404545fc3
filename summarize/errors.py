"""Every error a user can see, in one place.

Each class carries a short code so a user can search for a message, and each
message says what was wrong with *their* input and what to do about it. The
CLI prints ``str(error)`` and exits non-zero; it never shows a traceback for
these.
"""

from __future__ import annotations

import re

__all__ = [
    "SummarizeError",
    "InputError",
    "EmptyInputError",
    "FetchRefused",
    "TooLargeError",
    "ConfigError",
    "ModelError",
    "OutputError",
    "UsageError",
    "printable",
]

# Controls (C0, DEL, C1: ESC and CSI start terminal escape sequences) and the
# invisible bidi and zero-width characters that can reorder or hide a line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def printable(message: str) -> str:
    """``message`` as one line that cannot drive a terminal: file names and feed titles are untrusted."""
    return " ".join(_UNPRINTABLE.sub(" ", message).split())


class SummarizeError(Exception):
    """Base class: an error the user can act on."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {printable(super().__str__())}"


class InputError(SummarizeError):
    """An input path or article could not be read or parsed."""

    code = "E100"


class EmptyInputError(InputError):
    """Nothing summarisable was found: no articles, or no sentences after cleaning."""

    code = "E101"


class FetchRefused(InputError):
    """A URL was not fetched because of the fetch policy (a private address, say)."""

    code = "E102"


class TooLargeError(InputError):
    """An input exceeds a size limit (articles, sentences, memory); the message names the limit to raise."""

    code = "E103"


class ConfigError(SummarizeError, ValueError, TypeError):
    """An option has a value the pipeline cannot use.

    Also a ``ValueError`` and a ``TypeError`` (as scikit-learn's
    ``InvalidParameterError``), so code that guards a call with either keeps working.
    """

    code = "E200"


class UsageError(ConfigError):
    """Command-line options that contradict each other (the CLI exits with 2)."""

    code = "E201"


class OutputError(SummarizeError):
    """The output file could not be written."""

    code = "E400"


class ModelError(SummarizeError):
    """A model could not be found, loaded or run."""

    code = "E300"
