"""The command line's process: its standard streams, its warnings and its one-line messages.

* A closed stdout or stderr (``>&-``) is replaced by /dev/null: the command
  runs and ends quietly (exit 0 when it answered).
* A stream whose encoding cannot write the report's characters
  (``PYTHONIOENCODING=ascii``) replaces them instead of failing; JSON is
  written ASCII-safe in the first place.
* A reader that goes away (``| head -1``) ends the command quietly: exit 0,
  nothing more written, no error at exit.
* A warning is one line on stderr, never a source line; numerical
  RuntimeWarnings (an overflow on the way to a route reported infeasible)
  are shown only with ``--traceback``.

Standard library only: the CLI imports this before it knows the command.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import warnings
from collections.abc import Iterator

_SAMPLE = "Δv → g₀ — °"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(message: str) -> str:
    """*message* as one line a terminal shows as it is: runs of white space become one space and control
    characters (an escape sequence in a file name or a user's text) are written as ``\\x1b``."""
    return shown(" ".join(str(message).split()))


def shown(text: str) -> str:
    """*text* with its control characters written as ``\\x1b`` (an escape sequence in a folder's name never
    reaches the terminal), nothing else changed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def prepare_streams() -> None:
    """Give a closed stdout or stderr somewhere to go, and let a narrow encoding replace what it cannot write."""
    for name, errors in (("stdout", "replace"), ("stderr", "backslashreplace")):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
            continue
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            _SAMPLE.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            with contextlib.suppress(AttributeError, ValueError):
                stream.reconfigure(errors=errors)


def silence_stdout() -> None:
    """After the reader of stdout went away: point it at /dev/null, so that nothing more fails (nor the
    flush at exit, which would otherwise print 'Exception ignored ... BrokenPipeError')."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):   # not a real file (a test's StringIO): replace the object
        sys.stdout = open(os.devnull, "w", encoding="utf-8")


@contextlib.contextmanager
def one_line_warnings(show_numerical: bool = False) -> Iterator[None]:
    """Inside: warnings are one line on stderr; numerical RuntimeWarnings only when *show_numerical*."""
    with warnings.catch_warnings():
        if not show_numerical:
            warnings.simplefilter("ignore", RuntimeWarning)
        warnings.showwarning = _show
        yield


def _show(message, category, filename, lineno, file=None, line=None) -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"rocketship: warning: {one_line(str(message))}\n")


def print_error(message: str) -> None:
    """*message* as the command line's one error line on stderr: ``rocketship: error: …``."""
    sys.stderr.write(f"rocketship: error: {one_line(message)}\n")


def import_pint_without_dask() -> None:
    """Import pint with dask out of its sight: for a command-line process only.

    pint imports ``dask.base`` at its own import wherever dask is installed (``pint.compat`` asks
    ``importlib.util.find_spec("dask")``) — 0.15-0.4 s of every cold start, for pint's wrapping of dask
    arrays, which rocketship never uses.  The command line is a process of its own, so it imports pint with
    dask's entry in ``sys.modules`` set to None, which ``find_spec`` answers with None, and then takes the
    entry out again: a command that asks for dask itself (a scheduler) still imports it.  A library user's
    pint is left as they installed it: ``import rocketship`` does not call this.
    """
    if "pint" in sys.modules or "dask" in sys.modules:
        return
    sys.modules["dask"] = None  # type: ignore[assignment]
    try:
        import pint  # noqa: F401
    finally:
        if sys.modules.get("dask", True) is None:
            del sys.modules["dask"]
