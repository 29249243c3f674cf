"""Rebuild rocketship/core/entry_table.npz: the tabulated entries of rocketship.core.entry_table.

Run after changing the entry model or the table's grid (the package refuses a table stamped with other
constants).  About 90 s on one core.  tests/reference/test_entry.py checks nodes of the shipped table
against fresh integrations, and the slow suite rebuilds it whole and compares.
"""

from __future__ import annotations

import time
from pathlib import Path

from rocketship.core import entry_table


def main() -> None:
    start = time.perf_counter()
    fields = entry_table.build()
    out = Path(entry_table.__file__).with_name(entry_table.FILE)
    entry_table.save(out, fields)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
