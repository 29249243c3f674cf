"""Writing output files safely: never over a user's file without ``--force``, always atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import InputError


def check_writable(path, force: bool = False) -> Path:
    """The target path, or an InputError when it exists (and *force* is off) or its folder does not."""
    p = Path(path).expanduser()
    if p.exists() and not force:
        raise InputError(f"{p} already exists; pass --force to overwrite it")
    if p.is_dir():
        raise InputError(f"{p} is a folder; give a file name")
    if not p.parent.exists():
        raise InputError(f"the folder {p.parent} does not exist")
    return p


FIGURE_FORMATS = ("png", "pdf", "svg")


def check_figure_path(path, force: bool = False) -> Path:
    """As :func:`check_writable`, and the name must say which figure format to write."""
    p = check_writable(path, force)
    if p.suffix.lower().lstrip(".") not in FIGURE_FORMATS:
        raise InputError(f"cannot tell which figure format {p.name!r} wants: end the name in "
                         f"{', '.join('.' + f for f in FIGURE_FORMATS[:-1])} or .{FIGURE_FORMATS[-1]}")
    return p


def write_atomic(path, data: bytes | str, force: bool = False) -> Path:
    """Write *data* to *path* through a temporary file in the same folder and an atomic rename."""
    p = check_writable(path, force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)   # mkstemp makes 0600; a user's file gets the usual permissions
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return p
