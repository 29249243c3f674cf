"""The built wheel carries the catalogues (docs/ARCHITECTURE.md: hatch force-include)."""

import subprocess
import sys
import zipfile

from ..conftest import ROOT


def test_wheel_contains_catalogues(tmp_path):
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, text=True)
    wheel = next(tmp_path.glob("rocketship-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.name for p in (ROOT / "vehicles").glob("*.toml")}
    routes = {p.name for p in (ROOT / "routes").glob("*.toml")}
    assert shipped and routes
    for name in shipped:
        assert f"rocketship/_data/vehicles/{name}" in names
    for name in routes:
        assert f"rocketship/_data/routes/{name}" in names
    for market in (ROOT / "routes" / "markets").glob("*.toml"):
        assert f"rocketship/_data/routes/markets/{market.name}" in names
    assert "rocketship/cli.py" in names
    for schema in (ROOT / "rocketship" / "schemas").glob("*.json"):   # the JSON Schemas travel with the code
        assert f"rocketship/schemas/{schema.name}" in names
    # one version, written once (rocketship/__init__.py), is the wheel's; the licence travels with it
    import rocketship

    assert wheel.name.startswith(f"rocketship-{rocketship.__version__}-")
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    assert f"\nVersion: {rocketship.__version__}\n" in text
    assert any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith("/LICENSE") for n in names)
