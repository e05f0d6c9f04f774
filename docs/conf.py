"""Sphinx configuration of ember's documentation (`nox -s docs` builds it)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

import ember  # noqa: E402

project = "ember"
author = "The ember developers"
copyright = "the ember developers"
release = ember.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "ember_api",  # the reference pages, from ember's public names
    "ember_demo",  # the demo's figure, drawn at build time
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_generated/demo/*.txt", "README.md"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

html_theme = "alabaster"
html_title = f"ember {release}"
html_static_path: list = []

autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "signature"
add_module_names = False

# Every example runs with ember imported, as the docstrings assume.
doctest_global_setup = "import ember"
trim_doctest_flags = True
