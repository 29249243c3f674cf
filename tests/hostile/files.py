"""The hostile files of the corpus that are too big, too binary or too derived to keep in git.

:func:`build` writes each into a folder (once per test run); cases.toml names
them as ``{files}/NAME``.  Small, readable ones live in ``files/`` beside this
module and are copied in too.  Vehicle variants are the shipped XZY-1 with one
line changed, so that each file is wrong in exactly one way.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
XZY = (ROOT / "vehicles" / "xzy-1.toml").read_text(encoding="utf-8")


def _figure(field: str, value: str, text: str = XZY) -> str:
    """XZY-1 with the first figure *field* (a value or a low/mode/high range) set to *value*."""
    single = re.compile(rf'^(\s*{field}\s*=\s*\{{\s*)value\s*=\s*"[^"]*"', re.M)
    ranged = re.compile(rf'^(\s*{field}\s*=\s*\{{\s*)low\s*=\s*"[^"]*",\s*mode\s*=\s*"[^"]*",\s*high\s*=\s*"[^"]*"', re.M)
    out, n = single.subn(lambda m: f'{m.group(1)}value = "{value}"', text, count=1)
    if not n:
        out, n = ranged.subn(lambda m: f'{m.group(1)}value = "{value}"', text, count=1)
    assert n, field
    return out


def _line(key: str, value: str, text: str = XZY) -> str:
    """XZY-1 with the top-level text line ``key = "..."`` set to *value* (a TOML basic string body)."""
    out, n = re.subn(rf'^{key} = "[^"]*"$', lambda m: f'{key} = "{value}"', text, count=1, flags=re.M)
    assert n, key
    return out


def _stages(count: int) -> str:
    """XZY-1 with *count* first stages before its cargo stage."""
    first, second = XZY.split("[[stages]]")[1:3]
    head = XZY.split("[[stages]]")[0]
    return head + "[[stages]]" + "[[stages]]".join([first] * count) + "[[stages]]" + second


def _sources(count: int) -> str:
    extra = "".join(f'\n[sources.extra{i}]\ntitle = "padding {i}"\n' for i in range(count))
    return XZY.replace("[sources.assumption]", extra.lstrip() + "\n[sources.assumption]", 1)


def _drag(points: int) -> str:
    mach = ", ".join(str(float(i)) for i in range(points))
    cd = ", ".join("0.3" for _ in range(points))
    return re.sub(r"drag = \{ mach = \[[^\]]*\], cd = \[[^\]]*\]", f"drag = {{ mach = [{mach}], cd = [{cd}]", XZY, count=1)


def _csv(rows: list[str], header: str = "origin,destination") -> str:
    return "\n".join([header, *rows]) + "\n"


TEXT: dict[str, Callable[[], str]] = {
    # vehicles: bounded work and physical caps
    "stages_9.toml": lambda: _stages(8),
    "sources_300.toml": lambda: _sources(300),
    "drag_300.toml": lambda: _drag(300),
    "huge.toml": lambda: XZY + "#" + "x" * (1024 * 1024) + "\n",
    "array_bomb.toml": lambda: "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
    "table_bomb.toml": lambda: "a = " + "{ b = " * 40 + "1" + " }" * 40 + "\n",
    "area_1e12.toml": lambda: _figure("reference_area", "1e12 m**2"),
    "area_1e-12.toml": lambda: _figure("reference_area", "1e-12 m**2"),
    "thrust_1e300.toml": lambda: _figure("thrust_vacuum", "1e300 N"),
    "thrust_1e12.toml": lambda: _figure("thrust_vacuum", "1e12 N"),
    "isp_1e6.toml": lambda: _figure("isp_vacuum", "1e6 s"),
    "isp_tiny.toml": lambda: _figure("isp_sea_level", "1e-6 s"),
    "mass_1e20.toml": lambda: _figure("dry_mass", "1e20 kg"),
    "g_limit_tiny.toml": lambda: _figure("axial_g_limit", "1e-9 m/s**2"),
    "landing_thrust_1kN.toml": lambda: _figure("landing_thrust", "1 kN"),
    "landing_thrust_400kN.toml": lambda: _figure("landing_thrust", "400 kN"),
    "descent_cd_tiny.toml": lambda: _figure("descent_cd", "1e-9"),
    "ton_figure.toml": lambda: _figure("dry_mass", "38 ton"),
    "comma_figure.toml": lambda: _figure("dry_mass", "38,5 t"),
    "tower_figure.toml": lambda: _figure("dry_mass", "9**9**9 kg"),
    # vehicles: text that must not reach a terminal or a spreadsheet
    "long_id.toml": lambda: _line("id", "x" * 300),
    "formula_id.toml": lambda: _line("id", "=HYPERLINK(1)"),
    "escape_name.toml": lambda: _line("name", "\\u001b[31mRED\\u001b[0m"),
    "bell_name.toml": lambda: _line("name", "ding\\u0007"),
    "long_name.toml": lambda: _line("name", "n" * 3000),
    "markup_name.toml": lambda: _line("id", "markup-1", _line("name", "[bold red]loud[/] [link=http://example]x[/link]")),
    "empty.toml": lambda: "",
    "escape_site.toml": lambda: re.sub(r'(\[\[sites\]\]\s*\nid = "[^"]*"\s*\nname = ")', r"\1\\u001b]0;pwned\\u0007",
                                       (ROOT / "routes" / "pek-icn.toml").read_text(encoding="utf-8"), count=1),
    # routes CSV
    "long_field.csv": lambda: _csv(["PVG," + "I" * 300]),
    "big_field.csv": lambda: _csv(["PVG," + "I" * 200_000]),
    "many_routes.csv": lambda: _csv(["PVG,ICN"] * 1001),
    "huge.csv": lambda: _csv(["PVG,ICN"] * 200_000),
    # airports files
    "long_code.txt": lambda: "PEK\n" + "P" * 300 + "\n",
    "many_codes.txt": lambda: "PEK\n" * 1001,
}
BYTES: dict[str, Callable[[], bytes]] = {
    "latin1.toml": lambda: _line("name", "Fusée à café").encode("latin-1", errors="replace"),
    "binary.csv": lambda: bytes(range(128, 256)) * 40,
    "binary.toml": lambda: bytes(range(256)) * 40,
    "binary.txt": lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
}


def build(folder: Path) -> Path:
    """Write every hostile file into *folder* (and copy the ones kept in ``files/``); returns *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in TEXT.items():
        (folder / name).write_text(make(), encoding="utf-8")
    for name, make in BYTES.items():
        (folder / name).write_bytes(make())
    (folder / "a-folder").mkdir(exist_ok=True)
    for kept in (HERE / "files").glob("*"):
        shutil.copy(kept, folder / kept.name)
    return folder
