"""Matrix products and determinants at ember's top level (ember.linalg documents itself)."""

# fmt: off
DOCS = {
    "matmul": """\
matmul(input, other, *, out=None) -> Tensor

The matrix product, with NumPy's rules: 1-D inputs are vectors, batch dimensions broadcast.

Example:

>>> a = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> v = ember.tensor([1.0, -1.0])
>>> ember.matmul(a, a)
tensor([[ 7., 10.],
        [15., 22.]])
>>> ember.matmul(a, v)
tensor([-1., -1.])
>>> ember.matmul(ember.ones(5, 3, 4), ember.ones(4, 2)).shape
ember.Size([5, 3, 2])
""",
    "mm": """\
mm(input, mat2, *, out=None) -> Tensor

The product of two matrices (no broadcasting).

Example:

>>> a = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> ember.mm(a, ember.eye(2))
tensor([[1., 2.],
        [3., 4.]])
""",
    "bmm": """\
bmm(input, mat2, *, out=None) -> Tensor

Matrix products over a batch: ``(b, n, m) @ (b, m, p) -> (b, n, p)``.

Example:

>>> ember.bmm(ember.ones(3, 2, 4), ember.ones(3, 4, 5)).shape
ember.Size([3, 2, 5])
""",
    "mv": """\
mv(input, vec, *, out=None) -> Tensor

The product of a matrix and a vector.

Example:

>>> a = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> v = ember.tensor([1.0, -1.0])
>>> ember.mv(a, v)
tensor([-1., -1.])
""",
    "dot": """\
dot(input, tensor, *, out=None) -> Tensor

The dot product of two 1-D tensors.

Example:

>>> ember.dot(ember.tensor([1.0, 2.0]), ember.tensor([3.0, 4.0]))
tensor(11.)
""",
    "vdot": """\
vdot(input, other, *, out=None) -> Tensor

The dot product of two 1-D tensors, conjugating the first.

Example:

>>> ember.vdot(ember.tensor([1.0, 2.0]), ember.tensor([3.0, 4.0]))
tensor(11.)
""",
    "outer": """\
outer(input, vec2, *, out=None) -> Tensor

The outer product of two vectors.

Example:

>>> ember.outer(ember.tensor([1, 2]), ember.tensor([1, 10, 100]))
tensor([[  1,  10, 100],
        [  2,  20, 200]])
""",
    "ger": """\
ger(input, vec2, *, out=None) -> Tensor

Alias of :func:`ember.outer`.

Example:

>>> ember.ger(ember.tensor([1, 2]), ember.tensor([3, 4]))
tensor([[3, 4],
        [6, 8]])
""",
    "addmm": """\
addmm(input, mat1, mat2, *, beta=1, alpha=1, out=None) -> Tensor

``beta * input + alpha * (mat1 @ mat2)``.

Example:

>>> a = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> ember.addmm(ember.ones(2, 2), a, a, beta=0.5, alpha=2)
tensor([[14.5000, 20.5000],
        [30.5000, 44.5000]])
""",
    "addmv": """\
addmv(input, mat, vec, *, beta=1, alpha=1, out=None) -> Tensor

``beta * input + alpha * (mat @ vec)``.

Example:

>>> a = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> v = ember.tensor([1.0, -1.0])
>>> ember.addmv(ember.ones(2), a, v)
tensor([0., 0.])
""",
    "addr": """\
addr(input, vec1, vec2, *, beta=1, alpha=1, out=None) -> Tensor

``beta * input + alpha * outer(vec1, vec2)``.

Example:

>>> ember.addr(ember.zeros(2, 2), ember.tensor([1.0, 2.0]), ember.tensor([3.0, 4.0]))
tensor([[3., 4.],
        [6., 8.]])
""",
    "baddbmm": """\
baddbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None) -> Tensor

``beta * input + alpha * (batch1 @ batch2)``, one product per batch entry.

Example:

>>> ember.baddbmm(ember.ones(2, 1, 1), ember.ones(2, 1, 3), ember.ones(2, 3, 1))
tensor([[[4.]],
<BLANKLINE>
        [[4.]]])
""",
    "addbmm": """\
addbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None) -> Tensor

``beta * input + alpha * sum(batch1[i] @ batch2[i])``: the batch of products summed.

Example:

>>> ember.addbmm(ember.zeros(1, 1), ember.ones(2, 1, 3), ember.ones(2, 3, 1))
tensor([[6.]])
""",
    "cdist": """\
cdist(x1, x2, p=2.0, compute_mode=None) -> Tensor

The ``p``-norm distance between each row of ``x1`` and each row of ``x2``.

Example:

>>> ember.cdist(ember.tensor([[0.0, 0.0], [1.0, 1.0]]), ember.tensor([[3.0, 4.0]]))
tensor([[5.0000],
        [3.6056]])
""",
    "det": """\
det(input) -> Tensor

The determinant of a square matrix (or of each in a batch).

Example:

>>> ember.det(ember.tensor([[2.0, 1.0], [0.0, 3.0]]))
tensor(6.)
""",
    "logdet": """\
logdet(input) -> Tensor

The natural logarithm of the determinant (NaN for a negative determinant).

Example:

>>> ember.logdet(ember.tensor([[2.0, 0.0], [0.0, 3.0]]))
tensor(1.7918)
""",
    "slogdet": """\
slogdet(input) -> (Tensor, Tensor)

The sign and the log of the absolute value of the determinant, as a named tuple ``(sign, logabsdet)``.

Example:

>>> a = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> ember.slogdet(a)
linalg_slogdet(sign=tensor(-1.), logabsdet=tensor(0.6931))
""",
}

# ember.linalg's plain pybind functions (their __doc__ is read-only): the docs build reads these.
LINALG_DOCS = {
    "vector_norm": """\
vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None) -> Tensor

The vector ``ord``-norm over all elements, or over ``dim`` (``inf`` and ``-inf`` for the largest and smallest
absolute values).

Example:

>>> x = ember.tensor([3.0, -4.0])
>>> ember.linalg.vector_norm(x)
tensor(5.)
>>> ember.linalg.vector_norm(x, ord=float('inf'))
tensor(4.)
""",
}
