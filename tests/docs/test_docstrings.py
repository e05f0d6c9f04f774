"""Every public name of every installed ember package has a docstring, and every
example in the native ops' docstring tables (ember/_docs) runs and prints what it says.

What still lacks a docstring or an example is listed by name in docstring_gaps.py:
a new public name without one fails here, and so does a listed name that got one
(remove it from the list), so the lists only shrink.
`python tests/docs/test_docstrings.py` prints the lists as they are now.
"""

import doctest
import sys
from pathlib import Path

import pytest

import ember
from ember import _docs
from ember._docs import public

sys.path.insert(0, str(Path(__file__).parent))
from docstring_gaps import NO_DOCSTRING, NO_EXAMPLE  # noqa: E402

# Objects whose type's docstring stands for them: the dtypes and the default generator
# are documented together on the reference page.
SHARED_DOCS = ("dtype", "Generator")


def _documented(owner, name, value):
    """(has a docstring, has an example) for one public name."""
    if type(value).__name__ in SHARED_DOCS:
        return True, True
    doc = (_docs.docstring(owner, name, value) or "").strip()
    if not doc:
        return False, False
    # A Tensor method that points at its function shares the function's example.
    pointer = "See :func:`ember." in doc or "In-place version of :meth:" in doc
    return True, ">>>" in doc or pointer


def gaps():
    """(names without a docstring, names with one but no example), each sorted."""
    no_doc, no_example = [], []
    for owner, namespace in public.modules():
        for name, value in public.public_names(owner, namespace):
            has_doc, has_example = _documented(owner, name, value)
            if not has_doc:
                no_doc.append(f"{owner}.{name}")
            elif not has_example:
                no_example.append(f"{owner}.{name}")
    return sorted(no_doc), sorted(no_example)


def _installed(names):
    """The listed names that exist: their sub-package is installed (each is its own distribution)
    and still defines them."""
    present = {f"{owner}.{name}" for owner, ns in public.modules() for name, _ in public.public_names(owner, ns)}
    return set(names) & present


def test_every_public_name_has_a_docstring():
    no_doc, _ = gaps()
    new = sorted(set(no_doc) - NO_DOCSTRING)
    assert not new, f"public names without a docstring: {new}"
    fixed = sorted(_installed(NO_DOCSTRING) - set(no_doc))
    assert not fixed, f"these have a docstring now: remove them from NO_DOCSTRING in docstring_gaps.py: {fixed}"


def test_every_documented_function_has_an_example():
    no_doc, no_example = gaps()
    new = sorted(set(no_example) - NO_EXAMPLE)
    assert not new, f"docstrings without an example (>>>): {new}"
    fixed = sorted(_installed(NO_EXAMPLE) - set(no_example))
    assert not fixed, f"these have an example now: remove them from NO_EXAMPLE in docstring_gaps.py: {fixed}"


def test_gap_lists_are_disjoint():
    assert NO_DOCSTRING.isdisjoint(NO_EXAMPLE)


def test_table_entries_name_real_ops():
    unknown = sorted(n for n in _docs.DOCS if not hasattr(ember, n))
    assert not unknown, f"ember/_docs tables document names ember lacks: {unknown}"
    methods = sorted(n for n in _docs.TENSOR_DOCS if not hasattr(ember.Tensor, n.removeprefix("Tensor.")))
    assert not methods, f"ember/_docs/tensor.py documents methods Tensor lacks: {methods}"


@pytest.mark.parametrize("name", sorted(_docs.DOCS))
def test_table_entry_has_signature_summary_and_example(name):
    lines = _docs.DOCS[name].splitlines()
    assert lines[0].startswith(f"{name}(") and ")" in lines[0], f"{name}: the first line is not its signature"
    assert lines[1] == "" and lines[2].strip(), f"{name}: a one-line summary follows the signature"
    assert ">>>" in _docs.DOCS[name], f"{name}: no example"


def test_attached_docstrings_are_the_tables():
    assert ember.add.__doc__ == _docs.DOCS["add"]
    assert "See :func:`ember.add`" in ember.Tensor.add.__doc__
    assert "In-place version of :meth:`Tensor.add`" in ember.Tensor.add_.__doc__


def _examples():
    """(name, docstring) of every docstring with an example: the tables' and every public name's."""
    found = {**_docs.DOCS, **{f"ember.{n}": d for n, d in _docs.TENSOR_DOCS.items()}}
    found.update((f"{owner}.{name}", doc) for owner, docs in _docs.OWNER_DOCS.items() for name, doc in docs.items())
    for owner, namespace in public.modules():
        for name, value in public.public_names(owner, namespace):
            found.setdefault(f"{owner}.{name}", _docs.docstring(owner, name, value) or "")
    unique = {}
    for name, doc in sorted(found.items()):
        if ">>>" in doc:
            unique.setdefault(doc, name)  # re-exports share one docstring: run it once
    return sorted((name, doc) for doc, name in unique.items())


@pytest.mark.parametrize(("name", "doc"), _examples(), ids=[name for name, _ in _examples()])
def test_example_runs(name, doc):
    """The doctest of each docstring, as the docs build runs it."""
    test = doctest.DocTestParser().get_doctest(doc, {"ember": ember}, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


if __name__ == "__main__":
    print('"""What still lacks a docstring or an example (tests/docs/test_docstrings.py): only shrinks."""\n')
    for title, names in zip(("NO_DOCSTRING", "NO_EXAMPLE"), gaps(), strict=True):
        if not names:
            print(f"{title} = set()")  # `{}` would be a dict
            continue
        print(f"{title} = {{")
        for n in names:
            print(f'    "{n}",')
        print("}")
