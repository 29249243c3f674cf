"""Sphinx extension: the parts of rocketship's documentation that are generated from the code at build time.

* ``.. rocketship-scoreboard::`` — the published-versus-computed table of ``rocketship validate``, computed
  now by :func:`rocketship.validation.run` (a failing row fails the build);
* ``.. rocketship-schema:: route.json`` — a JSON Schema of ``rocketship/schemas/``: a table of its top-level
  keys and the whole file;
* the API pages: one page per module of the package (docs/api/, not tracked), its docstring and those of the
  members it defines (a package page shows its docstring only: what it re-exports is documented where it is
  defined, once);
* the gallery: every ``examples/0*.py`` run cell by cell when the build starts (docs/_ext/run_example.py), and
  written as a page of its prose, its code and what each cell printed, with the figures it saved
  (into docs/examples/, which is not tracked).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXAMPLES = ROOT / "examples"
SCHEMAS = ROOT / "rocketship" / "schemas"
GALLERY = "examples"          # folder under docs/ the gallery pages are written to
API = "api"                   # folder under docs/ the API pages are written to
#: modules without an API page: the ``python -m rocketship`` entry point (importing it runs the CLI)
NO_PAGE = {"rocketship.__main__"}
EXAMPLE_TIMEOUT_S = 120

log = logging.getLogger(__name__)


# -- tables of docutils nodes (no reST text in between, so no character in the data can be misread as markup)

def _cell(content) -> nodes.entry:
    entry = nodes.entry()
    if isinstance(content, nodes.Node):
        entry += content
    else:
        entry += nodes.paragraph(text=str(content))
    return entry


def table(headers: list[str], rows: list[list], widths: list[int] | None = None) -> nodes.table:
    t = nodes.table()
    group = nodes.tgroup(cols=len(headers))
    t += group
    for w in widths or [1] * len(headers):
        group += nodes.colspec(colwidth=w)
    head = nodes.thead()
    row = nodes.row()
    for h in headers:
        row += _cell(h)
    head += row
    group += head
    body = nodes.tbody()
    for r in rows:
        row = nodes.row()
        for c in r:
            row += _cell(c)
        body += row
    group += body
    return t


def _number(x: float) -> str:
    if x != x:
        return "—"
    if abs(x) < 1e5:
        return f"{x:.6g}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")   # 5,853,225.5: a band of ±0.5 m on 5,853 km stays visible


# -- the scoreboard

class Scoreboard(SphinxDirective):
    """The rows of ``rocketship validate``, computed while the documentation is built."""

    def run(self):
        from rocketship.validation import run

        results = run()
        failed = [r for r in results if not r.passed]
        for r in failed:
            log.warning("validate: %s computed %s, outside %s..%s", r.check.id, r.computed, r.check.low,
                        r.check.high, location=self.get_location())
        summary = nodes.paragraph(text=f"{len(results) - len(failed)} of {len(results)} checks pass "
                                       f"(computed when this page was built, rocketship {_version()}).")
        rows = []
        for r in results:
            c = r.check
            band = f"{_number(c.low)} – {_number(c.high)}"
            rows.append([nodes.paragraph("", "", nodes.literal(text=c.id)), c.what, _number(c.published),
                         _number(r.computed), band, c.unit or "—", "pass" if r.passed else "FAIL", c.confidence,
                         c.source, c.why or "—"])
        return [summary, table(["id", "what", "published", "computed", "band", "unit", "", "conf.", "source",
                                "why this band"], rows, [10, 16, 7, 7, 10, 5, 4, 3, 24, 16])]


def _version() -> str:
    import rocketship

    return rocketship.__version__


# -- the schemas

def _shape(spec: dict) -> str:
    if "const" in spec:
        return f"the constant {json.dumps(spec['const'])}"
    if "$ref" in spec:
        return spec["$ref"].replace("common.json#/$defs/", "common: ")
    kinds = spec.get("type", "any")
    kinds = " or ".join(kinds) if isinstance(kinds, list) else kinds
    if kinds == "array" and isinstance(spec.get("items"), dict):
        return f"array of {_shape(spec['items'])}"
    if "anyOf" in spec or "oneOf" in spec:
        return " or ".join(_shape(s) for s in spec.get("anyOf", spec.get("oneOf")))
    return kinds


class Schema(SphinxDirective):
    """A schema file of rocketship/schemas/: its title, a table of its keys (or shared shapes), the file."""

    required_arguments = 1
    option_spec = {"name": directives.unchanged}

    def run(self):
        name = self.arguments[0]
        path = SCHEMAS / name
        self.env.note_dependency(str(path))
        data = json.loads(path.read_text(encoding="utf-8"))
        out = [nodes.paragraph(text=data.get("title", name))]
        if "properties" in data:
            required = set(data.get("required", ()))
            rows = [[nodes.paragraph("", "", nodes.literal(text=key)), "yes" if key in required else "no",
                     _shape(spec), ", ".join(spec.get("required", ())) or "—"]
                    for key, spec in data["properties"].items()]
            out.append(table(["key", "required", "shape", "its required keys"], rows, [12, 6, 20, 40]))
        if "$defs" in data:
            rows = [[nodes.paragraph("", "", nodes.literal(text=key)), _shape(spec),
                     ", ".join(spec.get("required", ())) or "—"] for key, spec in data["$defs"].items()]
            out.append(table(["shape", "type", "its required keys"], rows, [12, 20, 40]))
        text = path.read_text(encoding="utf-8")
        block = nodes.literal_block(text, text)
        block["language"] = "json"
        out.append(block)
        return out


# -- the gallery

def _cells(source: str) -> tuple[str, list[tuple[str, str]]]:
    """The example's docstring, and its cells as (kind, text): 'markdown' (comment marks removed) or 'code'."""
    head, *rest = re.split(r"^# %%(.*)$", source, flags=re.M)
    doc = re.match(r'\s*"""(.*?)"""', head, flags=re.S)
    cells = []
    for marker, body in zip(rest[::2], rest[1::2]):
        if marker.strip() == "[markdown]":
            text = "\n".join(re.sub(r"^# ?", "", line) for line in body.strip().splitlines())
            cells.append(("markdown", text))
        elif body.strip():
            cells.append(("code", body.strip("\n")))
    return (doc.group(1).strip() if doc else ""), cells


def _run(script: Path, outdir: Path) -> list[dict]:
    p = subprocess.run([sys.executable, str(HERE / "run_example.py"), str(script), str(outdir)],
                       capture_output=True, text=True, timeout=EXAMPLE_TIMEOUT_S, cwd=script.parent)
    if p.returncode != 0:
        raise RuntimeError(f"{script.name} failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout)


def _fence(text: str, language: str) -> str:
    ticks = "````" if "```" in text else "```"
    return f"{ticks}{language}\n{text.rstrip()}\n{ticks}\n"


def _page(script: Path, outputs: list[dict], outdir: Path) -> str:
    doc, cells = _cells(script.read_text(encoding="utf-8"))
    title, _, intro = doc.partition("\n")
    lines = [f"# {title.rstrip('.')}\n", f"Source: `examples/{script.name}`.  {intro.strip()}\n"
             .replace("Run:  ", "Run it yourself: `").replace(" OUTDIR", " OUTDIR`"), ""]
    outs = iter(outputs)
    for kind, text in cells:
        if kind == "markdown":
            lines.append(text + "\n")
            continue
        lines.append(_fence(text, "python"))
        printed = next(outs)["stdout"]
        shown, figures = [], []
        for line in printed.splitlines():
            m = re.match(r"saved (.+\.png)$", line.strip())
            if m:
                figures.append(Path(m.group(1)).name)
                line = f"saved {Path(m.group(1)).name}"
            shown.append(line)
        if printed.strip():
            lines.append("It prints:\n")
            lines.append(_fence("\n".join(shown), "text"))
        for fig in figures:
            if (outdir / fig).exists():
                lines.append(f"```{{image}} {fig}\n:alt: the figure {script.name} saves as {fig}\n```\n")
    return "\n".join(lines)


def build_gallery(app) -> None:
    """Run every example cell by cell and write its page (before Sphinx reads the sources)."""
    outdir = Path(app.srcdir) / GALLERY
    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir()
    scripts = sorted(EXAMPLES.glob("0*.py"))
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda s: _run(s, outdir), scripts))
    for script, outputs in zip(scripts, runs):
        (outdir / f"{script.stem}.md").write_text(_page(script, outputs, outdir), encoding="utf-8")
    log.info("gallery: %d examples run and written to %s/", len(scripts), GALLERY)


# -- numpy-style docstring sections

#: how the docstrings' numpy-style sections (Parameters, Returns, References) are rendered: a "name : what it is"
#: line describes the argument in words (units, shapes) and is shown as written, not linked as a Python type
NUMPY_STYLE = {"napoleon_use_param": False, "napoleon_use_rtype": False, "napoleon_use_ivar": False}


def numpy_sections(app, what, name, obj, options, lines) -> None:
    """Render numpy-style sections of modules, classes and functions (napoleon's NumpyDocstring).

    Not of module constants and attributes: napoleon reads an attribute's first line as "type: description",
    and the ``#:`` comments on constants here are sentences that may hold a colon ("(assumption: …)").
    """
    if what in ("attribute", "data", "property"):
        return
    from sphinx.ext.napoleon import Config
    from sphinx.ext.napoleon.docstring import NumpyDocstring

    lines[:] = NumpyDocstring(lines, Config(**NUMPY_STYLE), app, what, name, obj, options).lines()


# -- the API pages

def modules() -> list[tuple[str, bool]]:
    """Every module of the package as (name, is_package), in import-path order."""
    import pkgutil

    import rocketship

    found = [("rocketship", True)]
    for info in pkgutil.walk_packages(rocketship.__path__, "rocketship."):
        if info.name not in NO_PAGE:
            found.append((info.name, info.ispkg))
    return sorted(found)


def build_api(app) -> None:
    outdir = Path(app.srcdir) / API
    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir()
    for name, is_package in modules():
        title = f"``{name}``"
        body = [title, "=" * len(title), "", f".. automodule:: {name}"]
        if not is_package:
            body.append("   :members:")
        (outdir / f"{name}.rst").write_text("\n".join(body) + "\n", encoding="utf-8")


def setup(app):
    app.connect("autodoc-process-docstring", numpy_sections)
    app.add_directive("rocketship-scoreboard", Scoreboard)
    app.add_directive("rocketship-schema", Schema)
    app.connect("builder-inited", build_api)
    app.connect("builder-inited", build_gallery)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
