"""Error classes, each mapped to a command-line exit code (the table in README.md).

Every error carries a message written for the person at the terminal: one
line that says what was wrong and, where it can, what to write instead.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import cast


class ExitCode(enum.IntEnum):
    """The command line's exit codes (the table in README.md)."""

    OK = 0            #: answered (an infeasible route is an answer)
    INTERNAL = 1      #: an internal error, or a model that could not answer
    USAGE = 2         #: usage or bad input
    UNKNOWN = 3       #: an unknown name
    CATALOG = 4       #: an invalid catalogue or user file
    INTERRUPTED = 130


class RocketshipError(Exception):
    """Base class of every error rocketship raises on purpose."""

    exit_code = ExitCode.INTERNAL


class InputError(RocketshipError, ValueError):
    """Bad input: unparsable or wrong-dimension quantity, impossible value, bad option (exit 2)."""

    exit_code = ExitCode.USAGE


class UnknownNameError(RocketshipError, LookupError):
    """An airport, site, vehicle or route id that is not known (exit 3)."""

    exit_code = ExitCode.UNKNOWN

    def __init__(self, kind: str, name: str, suggestions: Iterable[str] = ()):
        self.kind = kind
        self.name = name
        self.suggestions = list(suggestions)
        msg = f"unknown {kind} {name!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)

    def __str__(self) -> str:  # LookupError would otherwise quote the message
        return cast(str, self.args[0])   # the message __init__ made


class CatalogError(RocketshipError, ValueError):
    """A catalogue or user file that is malformed or incomplete (exit 4)."""

    exit_code = ExitCode.CATALOG

    def __init__(self, file: str, field: str | None, problem: str):
        self.file = str(file)
        self.field = field
        self.problem = problem
        where = f"{self.file}: {field}" if field else self.file
        super().__init__(f"{where}: {problem}")


class ModelError(RocketshipError, RuntimeError):
    """A model could not produce an answer it can stand behind (exit 1)."""

    exit_code = ExitCode.INTERNAL


def close_matches(word: str, candidates: Iterable[str], n: int = 4, cutoff: float = 0.6) -> list[str]:
    """Up to *n* candidates that look like *word*, best first (case-insensitive)."""
    import difflib   # only where a name was not found: off the --help path, which imports this module

    pool = {c.upper(): c for c in candidates}
    hits = difflib.get_close_matches(word.upper(), list(pool), n=n, cutoff=cutoff)
    return [pool[h] for h in hits]
