"""Gathering, scattering, masks and index ops."""

# fmt: off
DOCS = {
    "gather": """\
gather(input, dim, index, *, sparse_grad=False) -> Tensor

Picks values along ``dim`` at the positions ``index`` gives: ``out[i][j] = input[i][index[i][j]]`` for
``dim=1``.

Example:

>>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
>>> ember.gather(x, 1, ember.tensor([[2, 0], [1, 1]]))
tensor([[3, 1],
        [5, 5]])
""",
    "take_along_dim": """\
take_along_dim(input, indices, dim=None) -> Tensor

Picks values along ``dim`` at the positions ``indices`` gives, broadcasting the two (NumPy's
``take_along_axis``).

Example:

>>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
>>> ember.take_along_dim(x, ember.argmax(x, dim=1, keepdim=True), dim=1)
tensor([[3],
        [6]])
""",
    "take": """\
take(input, index) -> Tensor

The elements of the flattened input at ``index``, in its shape.

Example:

>>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
>>> ember.take(x, ember.tensor([0, 5]))
tensor([1, 6])
""",
    "index_select": """\
index_select(input, dim, index) -> Tensor

The slices at ``index`` along ``dim``.

Example:

>>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
>>> ember.index_select(x, 1, ember.tensor([2, 0]))
tensor([[3, 1],
        [6, 4]])
""",
    "masked_select": """\
masked_select(input, mask) -> Tensor

The elements where ``mask`` is True, as a 1-D tensor.

Example:

>>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
>>> ember.masked_select(x, x > 2)
tensor([3, 4, 5, 6])
""",
    "masked_fill": """\
masked_fill(input, mask, value) -> Tensor

Replaces the elements where ``mask`` is True by ``value`` (a copy).

Example:

>>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
>>> ember.masked_fill(x, x > 2, 0)
tensor([[1, 2, 0],
        [0, 0, 0]])
""",
    "masked_scatter": """\
masked_scatter(input, mask, source) -> Tensor

Writes the leading elements of ``source``, in order, where ``mask`` is True (a copy).

Example:

>>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
>>> ember.masked_scatter(x, x > 4, ember.tensor([10, 20]))
tensor([[ 1,  2,  3],
        [ 4, 10, 20]])
""",
    "nonzero": """\
nonzero(input, *, as_tuple=False) -> Tensor | tuple[Tensor, ...]

The indices of the non-zero elements, one row per element (or, with ``as_tuple=True``, one tensor per dim).

Example:

>>> ember.nonzero(ember.tensor([[0, 1], [2, 0]]))
tensor([[0, 1],
        [1, 0]])
""",
    "argwhere": """\
argwhere(input) -> Tensor

The indices of the non-zero elements, one row per element.

Example:

>>> ember.argwhere(ember.tensor([[0, 1], [2, 0]]))
tensor([[0, 1],
        [1, 0]])
""",
    "scatter": """\
scatter(input, dim, index, src=None, *, value=None, reduce=None) -> Tensor

Writes ``src`` (or ``value``) into a copy of the input at the positions ``index`` gives along ``dim``;
``reduce`` may be ``'add'`` or ``'multiply'``.

Example:

>>> ember.scatter(ember.zeros(3, dtype=ember.int64), 0, ember.tensor([2, 0]), ember.tensor([7, 8]))
tensor([8, 0, 7])
""",
    "scatter_add": """\
scatter_add(input, dim, index, src) -> Tensor

Adds ``src`` into a copy of the input at the positions ``index`` gives along ``dim``; repeated indices
accumulate.

Example:

>>> ember.scatter_add(ember.zeros(3, dtype=ember.int64), 0, ember.tensor([2, 0, 2]), ember.tensor([1, 2, 3]))
tensor([2, 0, 4])
""",
    "scatter_reduce": """\
scatter_reduce(input, dim, index, src, reduce, *, include_self=True) -> Tensor

Reduces ``src`` into a copy of the input at the positions ``index`` gives: ``reduce`` is ``'sum'``,
``'prod'``, ``'mean'``, ``'amax'`` or ``'amin'``; ``include_self`` says whether the input's values take part.

Example:

>>> src = ember.tensor([1.0, 5.0, 3.0])
>>> ember.scatter_reduce(ember.zeros(3), 0, ember.tensor([0, 0, 2]), src, 'amax', include_self=False)
tensor([5., 0., 3.])
""",
    "index_add": """\
index_add(input, dim, index, source, *, alpha=1) -> Tensor

Adds ``alpha * source`` into a copy of the input at the slices ``index`` names along ``dim``.

Example:

>>> ember.index_add(ember.zeros(3), 0, ember.tensor([0, 2]), ember.tensor([1.0, 2.0]))
tensor([1., 0., 2.])
""",
    "index_copy": """\
index_copy(input, dim, index, source) -> Tensor

Copies the slices of ``source`` into a copy of the input at ``index`` along ``dim``.

Example:

>>> ember.index_copy(ember.zeros(3), 0, ember.tensor([2, 0]), ember.tensor([1.0, 2.0]))
tensor([2., 0., 1.])
""",
    "index_fill": """\
index_fill(input, dim, index, value) -> Tensor

Fills the slices at ``index`` along ``dim`` of a copy of the input with ``value``.

Example:

>>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
>>> ember.index_fill(x, 1, ember.tensor([0, 2]), -1)
tensor([[-1,  2, -1],
        [-1,  5, -1]])
""",
    "index_put": """\
index_put(input, indices, values, accumulate=False) -> Tensor

Writes ``values`` at the positions the tuple of index tensors names (a copy); ``accumulate=True`` adds
instead.

Example:

>>> ember.index_put(ember.zeros(3), (ember.tensor([0, 0, 2]),), ember.tensor([1.0, 1.0, 5.0]), accumulate=True)
tensor([2., 0., 5.])
""",
    "put": """\
put(input, index, source, accumulate=False) -> Tensor

Writes ``source`` at the flat positions ``index`` of a copy of the input; ``accumulate=True`` adds instead.

Example:

>>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
>>> ember.put(x, ember.tensor([0, 5]), ember.tensor([-1, -6]))
tensor([[-1,  2,  3],
        [ 4,  5, -6]])
""",
}
