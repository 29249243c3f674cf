"""Lists a user hands in: a CSV of routes (``compare --routes``) and a file of codes (``matrix --airports``).

Each is a user file, held to the same rules as a catalogue file: at most
:data:`~rocketship.catalog.files.MAX_FILE_BYTES`, UTF-8 text (the byte-order
mark that spreadsheets write is allowed), every problem a
:class:`~rocketship.errors.CatalogError` that names the file, the row and
what is wrong (exit 4) — an entry that cannot be read as a place at all among
them (a header in a list of codes); a well-formed name the catalogue does not
know is an unknown name (exit 3), as on the command line.  Nothing is dropped
silently: a row that gives an origin but no destination is an error, and so is
a file with nothing in it.
Blank lines carry nothing and are passed over.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import CatalogError, InputError
from .files import read_bytes

MAX_ROUTES = 1000     #: rows of a routes CSV (each is a full door-to-door assessment)
MAX_PLACES = 1000     #: codes in an airports file (a million ordered pairs)
MAX_FIELD = 200       #: characters in one origin, destination or code


def read_text(path, what: str) -> str:
    """The text of a user's list file, or a CatalogError saying why it cannot be read as text."""
    p = Path(path).expanduser()
    data = read_bytes(p, what)
    if b"\0" in data:
        raise CatalogError(str(p), None, "not a text file (it holds NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(str(p), None, f"not UTF-8 text (byte {exc.start + 1} cannot be read); save it as UTF-8") \
            from None
    if not text.strip():
        raise CatalogError(str(p), None, f"the {what} is empty")
    return text


def read_routes_csv(path) -> list[tuple[str, str]]:
    """(origin, destination) pairs from a CSV with ``origin`` and ``destination`` columns (any order,
    any case, other columns ignored)."""
    file = str(Path(path).expanduser())
    reader = csv.reader(io.StringIO(read_text(path, "routes file"), newline=""))
    try:
        header = next(reader)
        columns = [h.strip().lower() for h in header]
        if not {"origin", "destination"} <= set(columns):
            raise CatalogError(file, "header", "the CSV needs 'origin' and 'destination' columns "
                               f"(found {', '.join(repr(c) for c in columns[:6]) or 'none'})")
        o, d = columns.index("origin"), columns.index("destination")
        routes = []
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue   # a blank line (a row of empty cells, ",", is an error below)
            routes.append(_route(row, o, d, file, reader.line_num))
            if len(routes) > MAX_ROUTES:
                raise CatalogError(file, None, f"more than {MAX_ROUTES:,} routes; split the file")
    except csv.Error as exc:
        raise CatalogError(file, f"line {reader.line_num}", f"not readable as CSV ({exc})") from None
    if not routes:
        raise CatalogError(file, None, "no routes below the header")
    return routes


def _route(row: list[str], o: int, d: int, file: str, line: int) -> tuple[str, str]:
    cells = [row[i].strip() if i < len(row) else "" for i in (o, d)]
    for name, cell in zip(("origin", "destination"), cells):
        if not cell:
            raise CatalogError(file, f"line {line}", f"the {name} is empty; every row needs both ends")
        if len(cell) > MAX_FIELD:
            raise CatalogError(file, f"line {line}", f"the {name} is {len(cell):,} characters long; "
                               f"at most {MAX_FIELD} are allowed")
    for cell in cells:   # after both ends are there: a row short of one says so first
        _readable_place(cell, file, f"line {line}")
    return cells[0], cells[1]


def _readable_place(text: str, file: str, where: str) -> None:
    """Refuse, as a fault of the file at *where*, an entry that cannot be read as a place at all (a CSV header
    in a list of codes, say); a well-formed name the catalogue does not know stays an unknown name (exit 3,
    with its close matches), as it is on the command line."""
    from .places import resolve_place

    try:
        resolve_place(text)
    except InputError as exc:
        raise CatalogError(file, where, str(exc)) from None


def read_codes(path) -> list[str]:
    """Place codes, one a line; ``#`` starts a comment."""
    file = str(Path(path).expanduser())
    codes = []
    for number, line in enumerate(read_text(path, "airports file").splitlines(), start=1):
        code = line.split("#", 1)[0].strip()
        if not code:
            continue
        if len(code) > MAX_FIELD:
            raise CatalogError(file, f"line {number}", f"{len(code):,} characters long; at most {MAX_FIELD} "
                               "are allowed for a code")
        _readable_place(code, file, f"line {number}")
        codes.append(code)
        if len(codes) > MAX_PLACES:
            raise CatalogError(file, None, f"more than {MAX_PLACES:,} codes; a matrix of more is not run")
    if not codes:
        raise CatalogError(file, None, "no codes in the file (only blank lines and comments)")
    return codes
