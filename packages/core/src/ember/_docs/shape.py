"""Shapes, views, joins, splits and rearrangements."""

# fmt: off
DOCS = {
    "reshape": """\
reshape(input, shape) -> Tensor

The same elements in a new shape: a view when the strides allow one, else a copy. One dimension may be -1.

Example:

>>> x = ember.arange(6).reshape(2, 3)
>>> ember.reshape(x, (3, 2))
tensor([[0, 1],
        [2, 3],
        [4, 5]])
>>> ember.reshape(x, (-1,))
tensor([0, 1, 2, 3, 4, 5])
""",
    "flatten": """\
flatten(input, start_dim=0, end_dim=-1) -> Tensor

Flattens dimensions ``start_dim`` to ``end_dim`` into one (a view when possible).

Example:

>>> ember.flatten(ember.zeros(2, 3, 4), start_dim=1).shape
ember.Size([2, 12])
""",
    "unflatten": """\
unflatten(input, dim, sizes) -> Tensor

Splits dimension ``dim`` into the given ``sizes`` (a view).

Example:

>>> ember.unflatten(ember.arange(6), 0, (2, 3))
tensor([[0, 1, 2],
        [3, 4, 5]])
""",
    "squeeze": """\
squeeze(input, dim=None) -> Tensor

Removes dimensions of size 1 (all of them, or those named by ``dim``); a view.

Example:

>>> ember.squeeze(ember.zeros(1, 3, 1)).shape
ember.Size([3])
>>> ember.squeeze(ember.zeros(1, 3, 1), 0).shape
ember.Size([3, 1])
""",
    "unsqueeze": """\
unsqueeze(input, dim) -> Tensor

Inserts a dimension of size 1 at ``dim``; a view.

Example:

>>> ember.unsqueeze(ember.tensor([1, 2, 3]), 1)
tensor([[1],
        [2],
        [3]])
""",
    "permute": """\
permute(input, dims) -> Tensor

Reorders the dimensions; a view.

Example:

>>> ember.permute(ember.zeros(2, 3, 4), (2, 0, 1)).shape
ember.Size([4, 2, 3])
""",
    "transpose": """\
transpose(input, dim0, dim1) -> Tensor

Swaps dimensions ``dim0`` and ``dim1``; a view.

Example:

>>> x = ember.arange(6).reshape(2, 3)
>>> ember.transpose(x, 0, 1)
tensor([[0, 3],
        [1, 4],
        [2, 5]])
""",
    "swapaxes": """\
swapaxes(input, axis0, axis1) -> Tensor

Alias of :func:`ember.transpose`.

Example:

>>> ember.swapaxes(ember.zeros(2, 3), 0, 1).shape
ember.Size([3, 2])
""",
    "swapdims": """\
swapdims(input, dim0, dim1) -> Tensor

Alias of :func:`ember.transpose`.

Example:

>>> ember.swapdims(ember.zeros(2, 3), 0, 1).shape
ember.Size([3, 2])
""",
    "t": """\
t(input) -> Tensor

Transposes a tensor of at most two dimensions; a view.

Example:

>>> x = ember.arange(6).reshape(2, 3)
>>> ember.t(x)
tensor([[0, 3],
        [1, 4],
        [2, 5]])
""",
    "movedim": """\
movedim(input, source, destination) -> Tensor

Moves dimension(s) ``source`` to position(s) ``destination``, keeping the others in order; a view.

Example:

>>> ember.movedim(ember.zeros(2, 3, 4), 0, -1).shape
ember.Size([3, 4, 2])
""",
    "moveaxis": """\
moveaxis(input, source, destination) -> Tensor

Alias of :func:`ember.movedim`.

Example:

>>> ember.moveaxis(ember.zeros(2, 3, 4), 0, -1).shape
ember.Size([3, 4, 2])
""",
    "narrow": """\
narrow(input, dim, start, length) -> Tensor

The slice ``start:start + length`` of dimension ``dim``; a view.

Example:

>>> ember.narrow(ember.arange(10), 0, 2, 3)
tensor([2, 3, 4])
""",
    "select": """\
select(input, dim, index) -> Tensor

Index ``index`` of dimension ``dim``, which is removed; a view.

Example:

>>> x = ember.arange(6).reshape(2, 3)
>>> ember.select(x, 1, 2)
tensor([2, 5])
""",
    "diagonal": """\
diagonal(input, offset=0, dim1=0, dim2=1) -> Tensor

A diagonal of the matrices in dims ``dim1`` and ``dim2`` (``offset`` above or below the main one); a view.

Example:

>>> m = ember.arange(9).reshape(3, 3)
>>> ember.diagonal(m)
tensor([0, 4, 8])
>>> ember.diagonal(m, offset=1)
tensor([1, 5])
""",
    "as_strided": """\
as_strided(input, size, stride, storage_offset=None) -> Tensor

A view of the input's storage with the given size, strides and storage offset.

Example:

>>> ember.as_strided(ember.arange(6), (2, 2), (1, 2))
tensor([[0, 2],
        [1, 3]])
""",
    "broadcast_to": """\
broadcast_to(input, size) -> Tensor

A view of the input broadcast to ``size`` (expanded dims have stride 0).

Example:

>>> ember.broadcast_to(ember.tensor([1, 2, 3]), (2, 3))
tensor([[1, 2, 3],
        [1, 2, 3]])
""",
    "broadcast_tensors": """\
broadcast_tensors(*tensors) -> tuple[Tensor, ...]

Broadcasts tensors against each other; returns views of them.

Example:

>>> a, b = ember.broadcast_tensors(ember.tensor([[1], [2]]), ember.tensor([10, 20, 30]))
>>> a.shape, b.shape
(ember.Size([2, 3]), ember.Size([2, 3]))
""",
    "broadcast_shapes": """\
broadcast_shapes(*shapes) -> Size

The shape that tensors of the given shapes broadcast to.

Example:

>>> ember.broadcast_shapes((2, 1), (3,))
ember.Size([2, 3])
""",
    "atleast_1d": """\
atleast_1d(*tensors) -> Tensor | tuple[Tensor, ...]

Views of the inputs with at least one dimension.

Example:

>>> ember.atleast_1d(ember.tensor(5.0))
tensor([5.])
""",
    "atleast_2d": """\
atleast_2d(*tensors) -> Tensor | tuple[Tensor, ...]

Views of the inputs with at least two dimensions.

Example:

>>> ember.atleast_2d(ember.tensor([1, 2]))
tensor([[1, 2]])
""",
    "atleast_3d": """\
atleast_3d(*tensors) -> Tensor | tuple[Tensor, ...]

Views of the inputs with at least three dimensions.

Example:

>>> ember.atleast_3d(ember.tensor([1, 2])).shape
ember.Size([1, 2, 1])
""",
    "real": """\
real(input) -> Tensor

The real part of a complex tensor, as a view.

Example:

>>> z = ember.view_as_complex(ember.tensor([[1.0, 2.0], [3.0, -4.0]]))
>>> ember.real(z)
tensor([1., 3.])
""",
    "imag": """\
imag(input) -> Tensor

The imaginary part of a complex tensor, as a view.

Example:

>>> z = ember.view_as_complex(ember.tensor([[1.0, 2.0], [3.0, -4.0]]))
>>> ember.imag(z)
tensor([ 2., -4.])
""",
    "view_as_complex": """\
view_as_complex(input) -> Tensor

A complex view of a float tensor whose last dimension has size 2 (real, imaginary).

Example:

>>> ember.view_as_complex(ember.tensor([[1.0, 2.0], [3.0, -4.0]]))
tensor([1.+2.j, 3.-4.j])
""",
    "view_as_real": """\
view_as_real(input) -> Tensor

A float view of a complex tensor, with a last dimension of size 2 (real, imaginary).

Example:

>>> z = ember.view_as_complex(ember.tensor([[1.0, 2.0]]))
>>> ember.view_as_real(z)
tensor([[1., 2.]])
""",
    "unbind": """\
unbind(input, dim=0) -> tuple

The slices along ``dim``, as a tuple of views with that dimension removed.

Example:

>>> x = ember.arange(6).reshape(2, 3)
>>> ember.unbind(x, dim=1)
(tensor([0, 3]), tensor([1, 4]), tensor([2, 5]))
""",
    "split": """\
split(tensor, split_size_or_sections, dim=0) -> tuple

Splits into chunks of ``split_size_or_sections`` along ``dim`` (one size, or a list of sizes); views.

Example:

>>> ember.split(ember.arange(5), 2)
(tensor([0, 1]), tensor([2, 3]), tensor([4]))
>>> ember.split(ember.arange(5), [1, 4])
(tensor([0]), tensor([1, 2, 3, 4]))
""",
    "split_with_sizes": """\
split_with_sizes(input, split_sizes, dim=0) -> tuple

Splits into chunks of the given sizes along ``dim``; views.

Example:

>>> ember.split_with_sizes(ember.arange(5), [3, 2])
(tensor([0, 1, 2]), tensor([3, 4]))
""",
    "chunk": """\
chunk(input, chunks, dim=0) -> tuple

Splits into ``chunks`` nearly equal pieces along ``dim`` (the last may be smaller); views.

Example:

>>> ember.chunk(ember.arange(5), 2)
(tensor([0, 1, 2]), tensor([3, 4]))
""",
    "tensor_split": """\
tensor_split(input, indices_or_sections, dim=0) -> tuple[Tensor, ...]

Splits into ``n`` pieces as even as NumPy's ``array_split`` makes them, or at the given indices; views.

Example:

>>> ember.tensor_split(ember.arange(5), 3)
(tensor([0, 1]), tensor([2, 3]), tensor([4]))
>>> ember.tensor_split(ember.arange(5), [1, 4])
(tensor([0]), tensor([1, 2, 3]), tensor([4]))
""",
    "hsplit": """\
hsplit(input, indices_or_sections) -> tuple

Splits horizontally (along dim 1, or dim 0 for 1-D input); views.

Example:

>>> ember.hsplit(ember.arange(8).reshape(2, 4), 2)
(tensor([[0, 1],
        [4, 5]]), tensor([[2, 3],
        [6, 7]]))
""",
    "vsplit": """\
vsplit(input, indices_or_sections) -> tuple

Splits vertically (along dim 0); views.

Example:

>>> ember.vsplit(ember.arange(8).reshape(4, 2), 2)
(tensor([[0, 1],
        [2, 3]]), tensor([[4, 5],
        [6, 7]]))
""",
    "dsplit": """\
dsplit(input, indices_or_sections) -> tuple

Splits depth-wise (along dim 2); views.

Example:

>>> [p.shape for p in ember.dsplit(ember.zeros(1, 2, 4), 2)]
[ember.Size([1, 2, 2]), ember.Size([1, 2, 2])]
""",
    "meshgrid": """\
meshgrid(*tensors, indexing='ij') -> tuple[Tensor, ...]

Coordinate grids from 1-D tensors; ``indexing='ij'`` (matrix) or ``'xy'`` (Cartesian).

Example:

>>> xs, ys = ember.meshgrid(ember.tensor([1, 2, 3]), ember.tensor([4, 5]), indexing='ij')
>>> xs
tensor([[1, 1],
        [2, 2],
        [3, 3]])
>>> ys
tensor([[4, 5],
        [4, 5],
        [4, 5]])
""",
    "cat": """\
cat(tensors, dim=0) -> Tensor

Joins tensors along an existing dimension ``dim``; the others must match.

Example:

>>> a = ember.tensor([[1, 2]])
>>> ember.cat([a, a * 10], dim=0)
tensor([[ 1,  2],
        [10, 20]])
>>> ember.cat([a, a * 10], dim=1)
tensor([[ 1,  2, 10, 20]])
""",
    "concat": """\
concat(tensors, dim=0) -> Tensor

Alias of :func:`ember.cat`.

Example:

>>> ember.concat([ember.tensor([1]), ember.tensor([2, 3])])
tensor([1, 2, 3])
""",
    "concatenate": """\
concatenate(tensors, axis=0) -> Tensor

Alias of :func:`ember.cat`.

Example:

>>> ember.concatenate([ember.tensor([1]), ember.tensor([2, 3])])
tensor([1, 2, 3])
""",
    "stack": """\
stack(tensors, dim=0) -> Tensor

Joins tensors of one shape along a new dimension ``dim``.

Example:

>>> a, b = ember.tensor([1, 2]), ember.tensor([3, 4])
>>> ember.stack([a, b])
tensor([[1, 2],
        [3, 4]])
>>> ember.stack([a, b], dim=1)
tensor([[1, 3],
        [2, 4]])
""",
    "hstack": """\
hstack(tensors) -> Tensor

Joins tensors column-wise (along dim 1, or dim 0 for 1-D inputs).

Example:

>>> ember.hstack([ember.tensor([1, 2]), ember.tensor([3])])
tensor([1, 2, 3])
""",
    "vstack": """\
vstack(tensors) -> Tensor

Joins tensors row-wise, turning 1-D inputs into rows first.

Example:

>>> ember.vstack([ember.tensor([1, 2]), ember.tensor([3, 4])])
tensor([[1, 2],
        [3, 4]])
""",
    "row_stack": """\
row_stack(tensors) -> Tensor

Alias of :func:`ember.vstack`.

Example:

>>> ember.row_stack([ember.tensor([1, 2]), ember.tensor([3, 4])])
tensor([[1, 2],
        [3, 4]])
""",
    "dstack": """\
dstack(tensors) -> Tensor

Joins tensors depth-wise (along dim 2), making them 3-D first.

Example:

>>> ember.dstack([ember.tensor([1, 2]), ember.tensor([3, 4])])
tensor([[[1, 3],
         [2, 4]]])
""",
    "column_stack": """\
column_stack(tensors) -> Tensor

Joins tensors as columns: 1-D inputs become columns of a matrix.

Example:

>>> ember.column_stack([ember.tensor([1, 2]), ember.tensor([3, 4])])
tensor([[1, 3],
        [2, 4]])
""",
    "flip": """\
flip(input, dims) -> Tensor

Reverses the order of elements along the given dims (a copy).

Example:

>>> x = ember.arange(6).reshape(2, 3)
>>> ember.flip(x, [1])
tensor([[2, 1, 0],
        [5, 4, 3]])
""",
    "fliplr": """\
fliplr(input) -> Tensor

Reverses each row (dim 1).

Example:

>>> x = ember.arange(6).reshape(2, 3)
>>> ember.fliplr(x)
tensor([[2, 1, 0],
        [5, 4, 3]])
""",
    "flipud": """\
flipud(input) -> Tensor

Reverses the order of rows (dim 0).

Example:

>>> x = ember.arange(6).reshape(2, 3)
>>> ember.flipud(x)
tensor([[3, 4, 5],
        [0, 1, 2]])
""",
    "roll": """\
roll(input, shifts, dims=None) -> Tensor

Shifts elements by ``shifts`` along ``dims``, wrapping around (the flattened tensor when no dims are given).

Example:

>>> ember.roll(ember.arange(5), 2)
tensor([3, 4, 0, 1, 2])
""",
    "rot90": """\
rot90(input, k=1, dims=(0, 1)) -> Tensor

Rotates by 90 degrees ``k`` times in the plane of ``dims``, from the first towards the second.

Example:

>>> ember.rot90(ember.tensor([[1, 2], [3, 4]]))
tensor([[2, 4],
        [1, 3]])
""",
    "tile": """\
tile(input, dims) -> Tensor

Repeats the whole tensor the given number of times along each dimension.

Example:

>>> ember.tile(ember.tensor([1, 2]), (2, 2))
tensor([[1, 2, 1, 2],
        [1, 2, 1, 2]])
""",
    "repeat_interleave": """\
repeat_interleave(input, repeats=None, dim=None, *, output_size=None) -> Tensor

Repeats each element ``repeats`` times (along ``dim``, or of the flattened input).

Example:

>>> ember.repeat_interleave(ember.tensor([1, 2, 3]), 2)
tensor([1, 1, 2, 2, 3, 3])
>>> ember.repeat_interleave(ember.tensor([1, 2, 3]), ember.tensor([1, 0, 2]))
tensor([1, 3, 3])
""",
    "tril": """\
tril(input, diagonal=0) -> Tensor

The lower triangle of the matrices (below and on diagonal ``diagonal``); the rest is zero.

Example:

>>> ember.tril(ember.ones(3, 3, dtype=ember.int64))
tensor([[1, 0, 0],
        [1, 1, 0],
        [1, 1, 1]])
""",
    "triu": """\
triu(input, diagonal=0) -> Tensor

The upper triangle of the matrices (above and on diagonal ``diagonal``); the rest is zero.

Example:

>>> ember.triu(ember.ones(3, 3, dtype=ember.int64), diagonal=1)
tensor([[0, 1, 1],
        [0, 0, 1],
        [0, 0, 0]])
""",
    "diag": """\
diag(input, diagonal=0) -> Tensor

A 1-D input becomes a diagonal matrix; a 2-D input gives its diagonal.

Example:

>>> ember.diag(ember.tensor([1, 2]))
tensor([[1, 0],
        [0, 2]])
>>> ember.diag(ember.tensor([[1, 2], [3, 4]]))
tensor([1, 4])
""",
    "diagflat": """\
diagflat(input, offset=0) -> Tensor

A matrix with the flattened input on diagonal ``offset``.

Example:

>>> ember.diagflat(ember.tensor([[1, 2]]), offset=1)
tensor([[0, 1, 0],
        [0, 0, 2],
        [0, 0, 0]])
""",
    "diag_embed": """\
diag_embed(input, offset=0, dim1=-2, dim2=-1) -> Tensor

Matrices whose diagonals (in the last two dims) are the input's last dimension.

Example:

>>> ember.diag_embed(ember.tensor([[1, 2], [3, 4]]))
tensor([[[1, 0],
         [0, 2]],
<BLANKLINE>
        [[3, 0],
         [0, 4]]])
""",
    "block_diag": """\
block_diag(*tensors) -> Tensor

A block-diagonal matrix from the given matrices.

Example:

>>> ember.block_diag(ember.tensor([[1, 2]]), ember.tensor([[3], [4]]))
tensor([[1, 2, 0],
        [0, 0, 3],
        [0, 0, 4]])
""",
    "cartesian_prod": """\
cartesian_prod(*tensors) -> Tensor

The Cartesian product of 1-D tensors, one combination per row.

Example:

>>> ember.cartesian_prod(ember.tensor([1, 2]), ember.tensor([3, 4]))
tensor([[1, 3],
        [1, 4],
        [2, 3],
        [2, 4]])
""",
    "kron": """\
kron(input, other) -> Tensor

The Kronecker product of two tensors.

Example:

>>> ember.kron(ember.tensor([[1, 2], [3, 4]]), ember.ones(1, 2, dtype=ember.int64))
tensor([[1, 1, 2, 2],
        [3, 3, 4, 4]])
""",
    "constant_pad_nd": """\
constant_pad_nd(input, pad, value=0) -> Tensor

Pads with ``value``: ``pad`` lists (before, after) counts from the last dimension backwards; negative counts
crop.

Example:

>>> ember.constant_pad_nd(ember.tensor([[1, 2]]), [1, 2], value=0)
tensor([[0, 1, 2, 0, 0]])
""",
    "tril_indices": """\
tril_indices(row, col, offset=0, *, dtype=None, device=None) -> Tensor

The indices of the lower triangle of a ``row`` x ``col`` matrix, as a 2 x N tensor (rows, then columns).

Example:

>>> ember.tril_indices(3, 3)
tensor([[0, 1, 1, 2, 2, 2],
        [0, 0, 1, 0, 1, 2]])
""",
    "triu_indices": """\
triu_indices(row, col, offset=0, *, dtype=None, device=None) -> Tensor

The indices of the upper triangle of a ``row`` x ``col`` matrix, as a 2 x N tensor (rows, then columns).

Example:

>>> ember.triu_indices(3, 3, offset=1)
tensor([[0, 0, 1],
        [1, 2, 2]])
""",
}
