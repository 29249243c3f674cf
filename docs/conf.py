"""Sphinx configuration of rocketship's documentation.

Build:  pip install -e ".[docs]" && sphinx-build -W --keep-going -b html docs docs/_build/html

The validation scoreboard, the JSON schemas' key tables, the CLI reference and the gallery of teaching
examples are generated at build time from the code (docs/_ext/rocketship_docs.py), so they cannot drift
from it.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent))

import rocketship  # noqa: E402

project = "rocketship"
author = "rocketship developers"
copyright = "rocketship developers"
release = version = rocketship.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "myst_parser",
    "sphinxarg.ext",
    "rocketship_docs",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]

# the API pages: one per module, written by docs/_ext/rocketship_docs.py at build time (docs/api/ is not tracked)
autodoc_default_options = {"undoc-members": False, "show-inheritance": False}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_preserve_defaults = True
# numpy-style sections (Parameters, References) are rendered by docs/_ext/rocketship_docs.py with napoleon's
# NumpyDocstring, for modules, classes and functions only

myst_heading_anchors = 3
# typographic quotes and ellipses, but no dashes: "--json" in the CLI's help and the schemas' titles is an option,
# not an en dash (the pages write their dashes as — and – already)
smartquotes_action = "qe"
# The modules' numpydoc-style "References" sections list their sources as numbered notes ([1], [2], …) that the
# text names in words rather than cites as [1]_; docutils warns of each such note.  That one warning is off.
suppress_warnings = ["ref.footnote"]

html_theme = "alabaster"
html_title = f"rocketship {release}"
html_theme_options = {"description": "Point-to-point cargo by reusable rocket, door to door, against air freight."}
