"""What still lacks a docstring or an example (tests/docs/test_docstrings.py): only shrinks."""

NO_DOCSTRING = set()
NO_EXAMPLE = set()
