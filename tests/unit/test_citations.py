"""Citations name the primary source — book and page, paper and DOI, index and date, a published page's
address — never a briefing note.  Copies of internal briefing notes once sat in the repository and were cited
by file and section; they are gone, and this test keeps any file from citing them, or the folder they were
copied from, again."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {"__pycache__", "build", "dist", "_build", "node_modules"}
MAX_BYTES = 2_000_000

# written in pieces so that this file does not match itself
FORBIDDEN = [
    re.compile(re.escape("docs" + "/reference")),
    re.compile(re.escape("/work" + "/shared")),
    re.compile(r"\b(physics|economics|performance|style)\.md\b"),
    re.compile(r"\b(physics|economics) (case|§) ?\d"),
]


def _text_files():
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if any(part.startswith(".") or part in SKIP_DIRS or part.endswith(".egg-info") for part in rel.parts[:-1]):
            continue
        if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_BYTES:
            continue
        try:
            yield rel, path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue   # binary data (the land grid, the entry table)


def test_no_file_cites_the_briefing_notes():
    hits = []
    for rel, text in _text_files():
        for n, line in enumerate(text.splitlines(), 1):
            if any(p.search(line) for p in FORBIDDEN):
                hits.append(f"{rel}:{n}: {line.strip()[:120]}")
    assert not hits, "cite the primary source instead:\n" + "\n".join(hits)


def test_the_guard_sees_the_repository():
    names = {str(rel) for rel, _ in _text_files()}
    assert {"README.md", "rocketship/validation.py", "vehicles/starship.toml"} <= names
