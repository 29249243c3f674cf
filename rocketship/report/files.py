"""Writing output files safely: never over a user's file without ``--force``, always atomically.

Every output a command will write is checked before anything is computed
or written (:func:`check_outputs`), and a write that fails anyway (a full
disk, a folder that turned read-only) is an :class:`InputError` that names
the path and the reason (exit 2), never an internal error.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from ..errors import InputError

FIGURE_FORMATS = ("png", "pdf", "svg")
_TEMP_PREFIX, _TEMP_SUFFIX = ".rs-", ".tmp"   # the temporary is short whatever the name: a 255-byte name works
_REASONS = {
    errno.EACCES: "permission denied", errno.EPERM: "permission denied",
    errno.EROFS: "the folder is on a read-only file system", errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is used up", errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENAMETOOLONG: "the name is too long", errno.ENOENT: "the folder does not exist",
    errno.EISDIR: "it is a folder",
}


def check_outputs(outputs: dict[str, str | None], force: bool = False, figures: tuple[str, ...] = ()) -> list[Path]:
    """Check every output a command was asked for, before any is written.

    *outputs* maps an option (``"--csv"``) to the path given, or None where the option was not used;
    options named in *figures* must also say a figure format.  Two outputs may not share a file.
    """
    checked: dict[Path, str] = {}
    for option, path in outputs.items():
        if path is None:
            continue
        p = check_figure_path(path, force, option) if option in figures else check_writable(path, force, option)
        key = Path(os.path.abspath(p))
        if key in checked:
            raise InputError(f"{checked[key]} and {option} both name {p}: give each output its own file")
        checked[key] = option
    return list(checked)


def check_writable(path, force: bool = False, option: str = "the output") -> Path:
    """The target path, or an InputError when it exists (a symlink, even dangling, included) and *force* is off,
    its name is empty or too long, or its folder does not exist or cannot be written to."""
    if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise InputError(f"{option} needs a file name (got {path!r})")
    if str(path).strip() == "-":   # the usual spelling of standard output, which the report itself goes to
        raise InputError(f"{option} -: give a file name (standard output carries the report; --json for "
                         f"a machine-readable one)")
    p = Path(path).expanduser()
    folder = p.parent
    limit = _name_max(folder)
    if len(os.fsencode(p.name)) > limit:
        raise InputError(f"cannot write {p}: the name is {len(os.fsencode(p.name))} bytes long; "
                         f"this file system allows {limit}")
    try:
        if p.is_dir():
            raise InputError(f"{p} is a folder; give a file name")
        if os.path.lexists(p) and not force:   # a dangling symlink too: the name is taken
            raise InputError(f"{p} already exists; pass --force to overwrite it")
        if not folder.exists():
            raise InputError(f"cannot write {p}: the folder {folder} does not exist")
        if not folder.is_dir():
            raise InputError(f"cannot write {p}: {folder} is a file, not a folder")
    except OSError as exc:   # a path the file system cannot even look at (too long in all, a loop of links)
        raise _write_error(p, exc) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        reason = "the folder is on a read-only file system" if _read_only(folder) else "permission denied"
        raise InputError(f"cannot write {p}: {reason}")
    return p


def check_figure_path(path, force: bool = False, option: str = "the figure") -> Path:
    """As :func:`check_writable`, and the name must say which figure format to write."""
    p = check_writable(path, force, option)
    if p.suffix.lower().lstrip(".") not in FIGURE_FORMATS:
        raise InputError(f"cannot tell which figure format {p.name!r} wants: end the name in "
                         f"{', '.join('.' + f for f in FIGURE_FORMATS[:-1])} or .{FIGURE_FORMATS[-1]}")
    return p


def write_atomic(path, data: bytes | str, force: bool = False) -> Path:
    """Write *data* to *path* through a temporary file in the same folder and an atomic rename.

    The rename replaces a symlink at *path* (allowed only with *force*) by the file: never written through,
    so a link can never send the output somewhere the user did not name."""
    p = check_writable(path, force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX)
    except OSError as exc:
        raise _write_error(p, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)   # mkstemp makes 0600; a user's file gets the usual permissions
        os.replace(tmp, p)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _write_error(p, exc) from None
        raise
    return p


def _write_error(path: Path, exc: OSError) -> InputError:
    reason = _REASONS.get(exc.errno) if exc.errno is not None else None
    return InputError(f"cannot write {path}: {reason or exc.strerror or str(exc)}")


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False
