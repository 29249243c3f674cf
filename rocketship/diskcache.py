"""rocketship's cache folder: private, data only, written atomically, and never a reason to fail.

Where: ``$XDG_CACHE_HOME/rocketship`` when ``XDG_CACHE_HOME`` is an absolute
path (the XDG Base Directory specification says a relative one is to be
ignored), else ``~/.cache/rocketship``.

Why it can be trusted when read back:

* the folder is used only while it is a real directory (not a symlink)
  owned by this user and writable by no one else, in a parent that others
  cannot rename it out of; it is created with mode 0700.  Otherwise — and
  with no home, a read-only home or a full disk — there is no cache: the
  work is done in memory, never an error;
* an entry is data: JSON with a format stamp and its own key, or a numpy
  array read with pickles refused; a file is read only if it is a regular
  file (opened without following symlinks, and without waiting on a FIFO)
  owned by this user and writable by no one else; anything else under an
  entry's name (a folder, a FIFO, a symlink) is a miss, left where it is;
* every write goes to a unique, short-named temporary in the folder and is
  renamed over the entry (only over a regular file), so a concurrent reader
  sees a whole entry or none;
* every file has a name this module makes (``catalog-<sha1>.json``,
  ``units-<sha1>.json``, ``sealeg-<sha1>.json``, ``landmask-…npy``, ``.tmp-…``); :func:`clear`
  removes only names of those forms, only regular files, and never follows
  a symlink.  Each kind of entry is capped in number (oldest go first).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import stat
from pathlib import Path

FORMAT = "rocketship-cache/2"
#: the most entries of each kind kept (the oldest are removed when a write goes over)
LIMITS = {"catalog": 256, "units": 4, "sealeg": 512}
MAX_ENTRY_BYTES = 64 * 1024 * 1024   #: a file larger than this is not read (the land grid is 7 MB)
_TEMP_PREFIX = ".tmp-"
#: what this module writes, and nothing else: clear() removes only these names
OWN_NAMES = re.compile(r"^(?:(?:catalog|units|sealeg)-[0-9a-f]{40}\.json|landmask-\d+perdeg(?:-tiles|-index)?-v\d+\.npy|\.tmp-[a-z0-9_]{8}"
                       r"|tmp[a-z0-9_]{8}\.npy\.tmp)$")   # the last: an earlier version's land-grid temporary
#: files of earlier versions (pickles, no longer read), removed by clear() from a real `catalog` folder
_LEGACY_NAMES = re.compile(r"^[0-9a-f]{40}\.pkl$|^tmp[a-z0-9_]{8}\.tmp$")


def location() -> Path | None:
    """The cache folder this environment names (whether or not it exists or is usable); None without a home."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "rocketship"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "rocketship" if os.path.isabs(home) else None


def folder(create: bool = False) -> Path | None:
    """The cache folder if it is safe to use (see the module doc), creating it when *create*; else None."""
    path = location()
    if path is None:
        return None
    try:
        if create and not os.path.lexists(path):
            os.makedirs(path.parent, mode=0o700, exist_ok=True)
            os.mkdir(path, 0o700)
        return path if _owned_directory(path) and _parent_holds(path.parent) else None
    except OSError:
        return None


def _owned_directory(path: Path) -> bool:
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid():
        return False
    if st.st_mode & 0o022:   # ours, but others may write in it (an older version's umask): close it
        os.chmod(path, stat.S_IMODE(st.st_mode) & ~0o022)
    return True


def _parent_holds(parent: Path) -> bool:
    """False when anyone may rename our folder away in *parent* (world-writable without the sticky bit)."""
    st = os.stat(parent)
    return not (st.st_mode & 0o002 and not st.st_mode & stat.S_ISVTX)


def entry_name(kind: str, key: str) -> str:
    return f"{kind}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()}.json"


def read_entry(kind: str, key: str) -> str | None:
    """The text stored under (*kind*, *key*), or None (missing, damaged, someone else's, no cache)."""
    raw = _read(entry_name(kind, key))
    if raw is None:
        return None
    header, _, body = raw.partition(b"\n")
    if header == _header(key):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    discard(kind, key)   # damaged, or another version's: the next write replaces it
    return None


def write_entry(kind: str, key: str, text: str) -> None:
    """Store *text* under (*kind*, *key*); silently nothing when there is no usable cache."""
    if _write(entry_name(kind, key), _header(key) + b"\n" + text.encode("utf-8")):
        _prune(kind)


def discard(kind: str, key: str) -> None:
    """Remove the entry (*kind*, *key*), e.g. one its reader could not use."""
    _discard(entry_name(kind, key))


def _header(key: str) -> bytes:
    """The first line of every entry: the format and the entry's own key (a file copied or renamed onto
    another key's name is never read as that key)."""
    return f"{FORMAT} {json.dumps(key)}".encode()


def read_array(name: str):
    """A numpy array stored as *name* (``.npy``, pickles refused), or None."""
    import numpy as np

    raw = _read(name)
    if raw is None:
        return None
    try:
        return np.load(io.BytesIO(raw), allow_pickle=False)
    except (ValueError, OSError, EOFError):
        _discard(name)
        return None


def write_array(name: str, array) -> None:
    import numpy as np

    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    _write(name, buf.getvalue())


def _read(name: str) -> bytes | None:
    """The bytes of entry *name*, or None when it is anything but our own regular file.

    Opened non-blocking (a FIFO planted under an entry's name would otherwise block the open until
    a writer came) and checked with fstat before Python wraps it (``fdopen`` of a directory raises).
    """
    root = folder()
    if root is None:
        return None
    try:
        fd = os.open(root / name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022
                or st.st_size > MAX_ENTRY_BYTES):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _write(name: str, payload: bytes) -> bool:
    """Write atomically through a unique temporary; True when the entry is in place."""
    assert OWN_NAMES.match(name), name
    import tempfile

    root = folder(create=True)
    if root is None or not _replaceable(root / name):
        return False
    try:
        fd, tmp = tempfile.mkstemp(dir=root, prefix=_TEMP_PREFIX, suffix="")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, root / name)
        return True
    except OSError:   # a full disk, a folder that went away: no cache this time
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False


def _replaceable(path: Path) -> bool:
    """May a write rename over *path*?  Only when nothing, or one of our regular files, is there:
    anything else under an entry's name (a folder, a FIFO, a symlink) is not ours to remove, as in
    :func:`clear`."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _discard(name: str) -> None:
    root = folder()
    if root is not None:
        with contextlib.suppress(OSError):
            _unlink_own(root / name)


def _prune(kind: str) -> None:
    root = folder()
    if root is None:
        return
    with contextlib.suppress(OSError):
        mine = [p for p in _own_files(root) if p.name.startswith(kind + "-")]
        excess = len(mine) - LIMITS[kind]
        if excess > 0:
            for p in sorted(mine, key=lambda p: os.lstat(p).st_mtime_ns)[:excess]:
                with contextlib.suppress(OSError):
                    p.unlink()


def _own_files(root: Path) -> list[Path]:
    """Regular files in *root* with the names this module gives (symlinks are never listed)."""
    out = []
    with os.scandir(root) as it:
        for e in it:
            if OWN_NAMES.match(e.name) and e.is_file(follow_symlinks=False):
                out.append(root / e.name)
    legacy = root / "catalog"
    if legacy.is_dir() and not legacy.is_symlink() and os.lstat(legacy).st_uid == os.geteuid():
        with os.scandir(legacy) as it:
            out += [legacy / e.name for e in it if _LEGACY_NAMES.match(e.name) and e.is_file(follow_symlinks=False)]
    return sorted(out)


def _unlink_own(path: Path) -> int:
    """Remove one of our files (never through a symlink); its size in bytes."""
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        return 0
    os.unlink(path)
    return st.st_size


def files() -> list[Path]:
    """The files in the cache folder that rocketship wrote."""
    root = folder()
    if root is None:
        return []
    try:
        return _own_files(root)
    except OSError:
        return []


def size(paths: list[Path]) -> int:
    total = 0
    for p in paths:
        with contextlib.suppress(OSError):
            total += os.lstat(p).st_size
    return total


def clear() -> tuple[int, int]:
    """Remove rocketship's own cache files; returns how many files and bytes went.

    Folders are removed only when that leaves them empty, so a user's own file keeps its folder.
    """
    count = total = 0
    root = folder()
    if root is None:
        return 0, 0
    for p in files():
        try:
            total += _unlink_own(p)
            count += 1
        except FileNotFoundError:   # another process removed it first
            continue
        except OSError:
            continue
    for empty in (root / "catalog", root):
        with contextlib.suppress(OSError):
            if not empty.is_symlink():
                empty.rmdir()
    return count, total
