"""`import rocketship` stays light (docs/reference/performance.md T3: ≤ 100 ms cumulative; it loads no numpy or pint)."""

import subprocess
import sys


def test_import_rocketship_is_cheap():
    p = subprocess.run([sys.executable, "-X", "importtime", "-c", "import rocketship"], capture_output=True, text=True,
                       check=True)
    total = 0
    for line in p.stderr.splitlines():
        if line.rstrip().endswith("| rocketship"):
            total = int(line.split("|")[1])
    assert 0 < total < 100_000   # microseconds, cumulative; measured ≈ 3 ms
