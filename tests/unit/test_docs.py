"""The documentation site's sources keep up with the code (the site itself is built by .ci/run, warnings as
errors): every JSON Schema the package ships has its section, every model page is in the models' table of
contents, and the extra that builds it is declared."""

import re
import tomllib

from ..conftest import ROOT

DOCS = ROOT / "docs"


def test_every_schema_file_has_its_section():
    shown = set(re.findall(r"^\.\. rocketship-schema:: (\S+)$", (DOCS / "schemas.rst").read_text(encoding="utf-8"),
                           flags=re.M))
    shipped = {p.name for p in (ROOT / "rocketship" / "schemas").glob("*.json")}
    assert shown == shipped


def test_every_model_page_is_in_the_table_of_contents():
    index = (DOCS / "models" / "index.rst").read_text(encoding="utf-8")
    listed = set(re.findall(r"^   (\w+)$", index, flags=re.M))
    pages = {p.stem for p in (DOCS / "models").glob("*.rst")} - {"index"}
    assert pages and listed == pages


def test_the_docs_extra_holds_what_conf_py_loads():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    docs = " ".join(extras["docs"])
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    for extension, package in [("myst_parser", "myst-parser"), ("sphinxarg.ext", "sphinx-argparse")]:
        assert f'"{extension}"' in conf and package in docs
    assert "sphinx>=" in docs
    assert 'pip install -e ".[docs]"' in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
