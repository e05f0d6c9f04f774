"""Docstrings of the native ops, attached at `import ember`.

Most `ember.<op>` and `ember.Tensor.<op>` are `ember._C.RecordedOp` objects
wrapping pybind functions, whose own doc is only pybind's signature. The
tables here (one module per area, name -> docstring) give each a PyTorch-style
signature line, a one-line summary and a doctest example; `attach()` sets
them. A Tensor method whose function is documented gets a short doc pointing
at the function. Plain pybind functions (`builtin_function_or_method`) can't
take a docstring at run time: the docs build reads their table entry through
`docstring()` instead (tests/docs/test_docstrings.py lists them).
"""

import re

from ember._docs import classes, creation, elementwise, indexing, linalg, nn, reduce, shape, tensor

# Area name -> its table; the API reference groups ember's functions by these.
AREAS = {
    "Elementwise math": elementwise.DOCS,
    "Reductions": reduce.DOCS,
    "Shape and views": shape.DOCS,
    "Indexing": indexing.DOCS,
    "Products and linear algebra": linalg.DOCS,
    "Creation, interop and settings": creation.DOCS,
    "Neural-network primitives": nn.DOCS,
}
DOCS = {name: doc for table in AREAS.values() for name, doc in table.items()}
# Tensor methods with no function of the same name: "Tensor.<name>" -> docstring.
TENSOR_DOCS = tensor.DOCS
# Other namespaces' native functions: owner -> name -> docstring.
# ember.autograd re-exports two of ember's native functions, whose own __doc__ can't be set.
OWNER_DOCS = {
    "ember.linalg": linalg.LINALG_DOCS,
    "ember.autograd": {name: creation.DOCS[name] for name in ("is_grad_enabled", "is_inference_mode_enabled")},
}
# ember._C's classes (Tensor, Generator, device, ...): name -> docstring.
CLASS_DOCS = classes.DOCS

_PYBIND_SIGNATURE = re.compile(r"^\w+\(.*\)( -> .+)?\s*$")


def is_pybind_doc(doc):
    """True when `doc` is only pybind's generated signature (no prose of ours)."""
    lines = [line for line in (doc or "").strip().splitlines() if line.strip()]
    return not lines or all(_PYBIND_SIGNATURE.match(line) or line.startswith("Overloaded") for line in lines)


def _method_signature(name, function_doc):
    """`add(input, other, *, alpha=1, out=None) -> Tensor` as the method `add(other, *, alpha=1) -> Tensor`."""
    signature = function_doc.split("\n", 1)[0]
    head, sep, rest = signature.partition("(")
    for drop in ("input, ", "input"):
        if rest.startswith(drop):
            rest = rest[len(drop) :]
            break
    rest = rest.replace(", *, out=None)", ")").replace(", out=None)", ")").replace("(*, out=None)", "()")
    return name + sep + rest.replace("(, ", "(")


def method_doc(name):
    """The docstring of `Tensor.<name>`: its own table entry, else a pointer to `ember.<name>`."""
    own = TENSOR_DOCS.get(f"Tensor.{name}")
    if own is not None:
        return own
    base = name[:-1] if name.endswith("_") and name[:-1] in DOCS else name
    function_doc = DOCS.get(base)
    if function_doc is None:
        return None
    if base != name:
        return f"{_method_signature(name, function_doc)}\n\nIn-place version of :meth:`Tensor.{base}`.\n"
    return f"{_method_signature(name, function_doc)}\n\nSee :func:`ember.{base}`.\n"


def attach():
    """Sets the table's docstrings on ember's RecordedOps and their Tensor methods."""
    import ember

    recorded = type(ember.add)
    for name, doc in DOCS.items():
        target = getattr(ember, name, None)
        if type(target) is recorded:
            target.__doc__ = doc
    for name, doc in CLASS_DOCS.items():
        getattr(ember, name).__doc__ = doc  # pybind classes (and the exception) come with a one-line doc or none
    tensor_dict = vars(ember.Tensor)
    for name, value in tensor_dict.items():
        if type(value) is recorded:
            doc = method_doc(name)
            if doc is not None:
                value.__doc__ = doc


def docstring(owner, name, value):
    """The docstring the reference shows for `owner.name` (owner: "ember", "ember.Tensor", ...)."""
    live = getattr(value, "__doc__", None)
    if owner == "ember.Tensor":
        if is_pybind_doc(live) or f"Tensor.{name}" in TENSOR_DOCS:
            return method_doc(name)
        return live
    if name in OWNER_DOCS.get(owner, ()):
        return OWNER_DOCS[owner][name]
    if owner == "ember" and name in DOCS:
        return DOCS[name]  # also for plain pybind functions, whose __doc__ is read-only
    return None if is_pybind_doc(live) else live
