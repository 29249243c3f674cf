"""Run a teaching example cell by cell (its ``# %%`` cells) and print, as JSON, what each code cell printed.

    python docs/_ext/run_example.py examples/01_rocket_equation_and_staging.py OUTDIR

The cells run in one namespace, in order, exactly as ``python examples/X.py OUTDIR`` runs them (the same
argv, the examples' folder first on the path and as the working directory).
"""

import contextlib
import io
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rocketship_docs import _cells  # noqa: E402


def main(script: str, outdir: str) -> None:
    path = Path(script).resolve()
    sys.argv = [str(path), outdir]
    sys.path.insert(0, str(path.parent))
    os.chdir(path.parent)
    _, cells = _cells(path.read_text(encoding="utf-8"))
    namespace = {"__name__": "__main__", "__file__": str(path)}
    out = []
    for kind, code in cells:
        if kind != "code":
            continue
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, str(path), "exec"), namespace)
        out.append({"stdout": buffer.getvalue()})
    sys.stdout.write(json.dumps(out))


if __name__ == "__main__":
    main(*sys.argv[1:3])
