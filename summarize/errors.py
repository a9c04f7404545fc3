"""Every error a user can see, in one place.

Each class carries a short code so a user can search for a message, and each
message says what was wrong with *their* input and what to do about it. The
CLI prints ``str(error)`` and exits non-zero; it never shows a traceback for
these.
"""

from __future__ import annotations

__all__ = [
    "SummarizeError",
    "InputError",
    "EmptyInputError",
    "ConfigError",
    "ModelError",
    "OutputError",
    "UsageError",
]


class SummarizeError(Exception):
    """Base class: an error the user can act on."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(SummarizeError):
    """An input path or article could not be read or parsed."""

    code = "E100"


class EmptyInputError(InputError):
    """Nothing summarisable was found: no articles, or no sentences after cleaning."""

    code = "E101"


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
