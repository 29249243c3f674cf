"""`import rocketship` stays light: ≤ 100 ms cumulative under `python -X importtime -c 'import rocketship'`, about
1.4 × numpy's own import (measured with `python -X importtime -c 'import numpy'`: 68-73 ms cumulative on a 2-core
machine); it loads no numpy or pint."""

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
