"""Writes the API reference pages (api/generated/*.rst) from ember's public names.

One page per namespace in ember._docs.public.MODULES, one entry per public name,
so the reference never misses a name; tests/docs/test_docstrings.py checks that
each has a docstring. Python functions and classes go through autodoc; the
native ops (RecordedOp objects and pybind functions, whose signatures Python
can't inspect) are written as `py:function` entries with their docstring from
ember._docs, whose first line is the signature.
"""

import inspect
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _indent(text, prefix="   "):
    return textwrap.indent(text.strip("\n"), prefix, lambda line: True) + "\n"


def _split_signature(name, doc):
    """(signature, body): the docstring's first line when it is `name(...)`, else a generic one."""
    first, _, rest = (doc or "").strip("\n").partition("\n")
    if first.startswith(f"{name}(") and first.rstrip().endswith((")", "Tensor", "]", "bool", "int", "dtype", "Size")):
        return first.strip(), rest
    if first.startswith(f"{name}(") and " -> " in first:
        return first.strip(), rest
    return f"{name}(*args, **kwargs)", doc or ""


def _native(directive, name, doc):
    signature, body = _split_signature(name, doc)
    return f".. py:{directive}:: {signature}\n\n{_indent(textwrap.dedent(body)) if body.strip() else ''}\n"


def _entry(owner, name, value, docstring):
    """The rst of one public name of module `owner`."""
    qualified = f"{owner}.{name}"
    raw = inspect.unwrap(value) if callable(value) and hasattr(value, "__wrapped__") else value
    if inspect.isclass(value) and not type(value).__name__.startswith("pybind11"):
        return f".. autoclass:: {qualified}\n   :members:\n\n"
    if inspect.isfunction(value):
        return f".. autofunction:: {qualified}\n\n"
    doc = docstring(owner, name, value) or ""
    if inspect.isclass(value):  # a pybind class: its doc, not its generated members
        return f".. py:class:: {name}\n\n{_indent(doc) if doc.strip() else ''}\n"
    if callable(value):
        if inspect.isfunction(raw) and not doc.lstrip().startswith(f"{name}("):
            signature = f"{name}{inspect.signature(raw)}"
            return f".. py:function:: {signature}\n\n{_indent(inspect.cleandoc(doc))}\n"
        return _native("function", name, doc)
    return f".. py:data:: {name}\n\n   {type(value).__name__} ``{value!r}``\n\n"


def _tensor_page(names, docstring):
    out = ["ember.Tensor\n============\n\n.. py:currentmodule:: ember\n\n"]
    out.append(".. py:class:: Tensor\n\n")
    out.append(_indent(docstring("ember", "Tensor", _tensor()) or "An N-dimensional array.") + "\n")
    for name, value in names:
        doc = docstring("ember.Tensor", name, value) or ""
        if isinstance(value, property):
            body = _indent(doc, "      ") if doc.strip() else ""
            out.append(f"   .. py:property:: {name}\n\n{body}\n")
        elif inspect.isfunction(value):
            out.append(f"   .. automethod:: ember.Tensor.{name}\n\n")
        else:
            signature, body = _split_signature(name, doc)
            signature = signature if signature != f"{name}(*args, **kwargs)" else f"{name}(*args, **kwargs)"
            text = _indent(textwrap.dedent(body), "      ") if body.strip() else ""
            out.append(f"   .. py:method:: {signature}\n\n{text}\n")
    return "".join(out)


def _tensor():
    import ember

    return ember.Tensor


# ember's Python-defined names, grouped by the module that defines them.
MODULE_AREAS = {
    "ember._creation": "Creation",
    "ember._random": "Random sampling",
    "ember.random": "Random sampling",
    "ember._grad_mode": "Gradient modes",
    "ember._dtype_info": "Data types",
    "ember._linalg_torch": "Products and linear algebra",
    "ember._products": "Products and linear algebra",
    "ember.serialization": "Saving and loading",
    "ember.safetensors": "Saving and loading",
    "ember._tensor_str": "Printing",
}


def _area(name, value, areas):
    for area, table in areas.items():
        if name in table:
            return area
    if type(value).__name__ == "dtype":
        return "Data types"
    raw = inspect.unwrap(value) if hasattr(value, "__wrapped__") else value
    return MODULE_AREAS.get(getattr(raw, "__module__", None), "Everything else")


def _module_page(owner, names, entry, areas):
    title = f"{owner}\n{'=' * len(owner)}\n\n.. py:module:: {owner}\n\n"
    if owner != "ember":
        return title + "".join(entry(owner, n, v) for n, v in names)
    # ember itself: grouped by area (the native ops' tables, then the defining modules).
    out = [title, "The Tensor class and its methods have their own page: :doc:`ember.Tensor`.\n\n"]
    sections = {}
    for name, value in names:
        if name != "Tensor":
            sections.setdefault(_area(name, value, areas), []).append((name, value))
    order = ["Creation", *areas, "Random sampling", "Products and linear algebra", "Gradient modes"]
    order += ["Saving and loading", "Printing", "Data types", "Everything else"]
    for area in dict.fromkeys(order):
        members = sections.get(area)
        if not members:
            continue
        out.append(f"{area}\n{'-' * len(area)}\n\n")
        if area == "Data types":
            dtypes = [(n, v) for n, v in members if type(v).__name__ == "dtype"]
            out.append(".. list-table::\n   :header-rows: 1\n\n   * - name\n     - dtype\n")
            out += [f"   * - ``ember.{n}``\n     - ``{v!r}``\n" for n, v in dtypes]
            out.append("\n")
            members = [(n, v) for n, v in members if type(v).__name__ != "dtype"]
        out += [entry(owner, n, v) for n, v in members]
    return "".join(out)


def write_pages(app):
    from ember import _docs
    from ember._docs import public

    seen = {}  # id of each object documented already -> where: a re-export points there

    def entry(owner, name, value):
        where = seen.get(id(value))
        if where is None or isinstance(value, (bool, int, float, str)):
            seen[id(value)] = f"{owner}.{name}"
            return _entry(owner, name, value, _docs.docstring)
        kind = "class" if inspect.isclass(value) else "function" if callable(value) else "data"
        return f".. py:{kind}:: {name}\n   :no-index:\n\n   The same object as :py:obj:`{where}`.\n\n"

    folder = HERE / "api" / "generated"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for owner, namespace in public.modules():
        names = public.public_names(owner, namespace)
        if owner == "ember.Tensor":
            text = _tensor_page(names, _docs.docstring)
        else:
            text = _module_page(owner, names, entry, _docs.AREAS)
        path = folder / f"{owner}.rst"
        if not path.exists() or path.read_text() != text:  # unchanged pages stay fresh for Sphinx
            path.write_text(text)
        written.append(owner)
    index = "API reference\n=============\n\n.. toctree::\n   :maxdepth: 1\n\n" + "".join(
        f"   {owner}\n" for owner in written
    )
    path = folder / "index.rst"
    if not path.exists() or path.read_text() != index:
        path.write_text(index)


def setup(app):
    app.connect("builder-inited", write_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
