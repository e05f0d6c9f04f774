"""Reductions, scans, statistics, sorting and search."""

# fmt: off
DOCS = {
    "sum": """\
sum(input, dim=None, keepdim=False, *, dtype=None) -> Tensor

The sum of all elements, or along ``dim`` (an int or a tuple of ints). The result is the same for any number
of threads.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.sum(x)
tensor(21.)
>>> ember.sum(x, dim=1)
tensor([ 8., 13.])
>>> ember.sum(x, dim=0, keepdim=True)
tensor([[5., 8., 8.]])
""",
    "mean": """\
mean(input, dim=None, keepdim=False, *, dtype=None) -> Tensor

The mean of all elements, or along ``dim``.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.mean(x)
tensor(3.5000)
>>> ember.mean(x, dim=0)
tensor([2.5000, 4.0000, 4.0000])
""",
    "nansum": """\
nansum(input, dim=None, keepdim=False, *, dtype=None) -> Tensor

The sum, treating NaN as zero.

Example:

>>> ember.nansum(ember.tensor([1.0, float('nan'), 2.0]))
tensor(3.)
""",
    "nanmean": """\
nanmean(input, dim=None, keepdim=False, *, dtype=None) -> Tensor

The mean of the elements that are not NaN.

Example:

>>> ember.nanmean(ember.tensor([1.0, float('nan'), 2.0]))
tensor(1.5000)
""",
    "prod": """\
prod(input, dim=None, keepdim=False, *, dtype=None) -> Tensor

The product of all elements, or along ``dim``.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.prod(x)
tensor(720.)
>>> ember.prod(x, 1)
tensor([10., 72.])
""",
    "amax": """\
amax(input, dim=None, keepdim=False) -> Tensor

The largest value along ``dim`` (all dims by default); unlike :func:`ember.max`, no indices.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.amax(x, dim=1)
tensor([5., 6.])
""",
    "amin": """\
amin(input, dim=None, keepdim=False) -> Tensor

The smallest value along ``dim`` (all dims by default); unlike :func:`ember.min`, no indices.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.amin(x, dim=1)
tensor([1., 3.])
""",
    "aminmax": """\
aminmax(input, *, dim=None, keepdim=False) -> object

The smallest and largest values together, as a named tuple ``(min, max)``.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.aminmax(x)
aminmax(min=tensor(1.), max=tensor(6.))
>>> ember.aminmax(x, dim=0)
aminmax(min=tensor([1., 3., 2.]), max=tensor([4., 5., 6.]))
""",
    "max": """\
max(input, dim=None, keepdim=False) -> Tensor | (Tensor, Tensor)

The largest element; with ``dim``, a named tuple ``(values, indices)`` along it; with a second tensor,
:func:`ember.maximum`.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.max(x)
tensor(6.)
>>> ember.max(x, dim=1)
max(values=tensor([5., 6.]), indices=tensor([1, 2]))
""",
    "min": """\
min(input, dim=None, keepdim=False) -> Tensor | (Tensor, Tensor)

The smallest element; with ``dim``, a named tuple ``(values, indices)`` along it; with a second tensor,
:func:`ember.minimum`.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.min(x)
tensor(1.)
>>> ember.min(x, dim=1)
min(values=tensor([1., 3.]), indices=tensor([0, 1]))
""",
    "argmax": """\
argmax(input, dim=None, keepdim=False) -> Tensor

The index of the largest element, of the flattened input or along ``dim``.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.argmax(x)
tensor(5)
>>> ember.argmax(x, dim=1)
tensor([1, 2])
""",
    "argmin": """\
argmin(input, dim=None, keepdim=False) -> Tensor

The index of the smallest element, of the flattened input or along ``dim``.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.argmin(x)
tensor(0)
>>> ember.argmin(x, dim=1)
tensor([0, 1])
""",
    "all": """\
all(input, dim=None, keepdim=False) -> Tensor

Whether every element is non-zero, over all elements or along ``dim``.

Example:

>>> b = ember.tensor([[True, False], [True, True]])
>>> ember.all(b)
tensor(False)
>>> ember.all(b, dim=0)
tensor([ True, False])
""",
    "any": """\
any(input, dim=None, keepdim=False) -> Tensor

Whether any element is non-zero, over all elements or along ``dim``.

Example:

>>> b = ember.tensor([[True, False], [True, True]])
>>> ember.any(b)
tensor(True)
>>> ember.any(~b, dim=1)
tensor([ True, False])
""",
    "count_nonzero": """\
count_nonzero(input, dim=None) -> Tensor

The number of non-zero elements, over all elements or along ``dim``.

Example:

>>> ember.count_nonzero(ember.tensor([[0, 1, 2], [0, 0, 3]]), dim=1)
tensor([2, 1])
""",
    "allclose": """\
allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool

Whether every pair of elements is close, as :func:`ember.isclose`; a Python bool.

Example:

>>> ember.allclose(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 2.0 + 1e-9]))
True
""",
    "equal": """\
equal(input, other) -> bool

Whether two tensors have the same shape and the same elements; a Python bool.

Example:

>>> ember.equal(ember.tensor([1, 2]), ember.tensor([1, 2]))
True
""",
    "cumsum": """\
cumsum(input, dim, *, dtype=None) -> Tensor

The running sum along ``dim``.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.cumsum(x, dim=1)
tensor([[ 1.,  6.,  8.],
        [ 4.,  7., 13.]])
""",
    "cumprod": """\
cumprod(input, dim, *, dtype=None) -> Tensor

The running product along ``dim``.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.cumprod(x, dim=1)
tensor([[ 1.,  5., 10.],
        [ 4., 12., 72.]])
""",
    "cummax": """\
cummax(input, dim) -> object

The running maximum along ``dim`` and where it was found, as a named tuple ``(values, indices)``.

Example:

>>> ember.cummax(ember.tensor([1.0, 3.0, 2.0, 5.0]), dim=0)
cummax(values=tensor([1., 3., 3., 5.]), indices=tensor([0, 1, 1, 3]))
""",
    "cummin": """\
cummin(input, dim) -> object

The running minimum along ``dim`` and where it was found, as a named tuple ``(values, indices)``.

Example:

>>> ember.cummin(ember.tensor([4.0, 3.0, 5.0, 1.0]), dim=0)
cummin(values=tensor([4., 3., 3., 1.]), indices=tensor([0, 1, 1, 3]))
""",
    "logcumsumexp": """\
logcumsumexp(input, dim) -> Tensor

The running ``log(sum(exp(x)))`` along ``dim``, computed without overflow.

Example:

>>> ember.logcumsumexp(ember.tensor([0.0, 0.0, 0.0]), dim=0)
tensor([0.0000, 0.6931, 1.0986])
""",
    "logsumexp": """\
logsumexp(input, dim=None, keepdim=False) -> Tensor

``log(sum(exp(x)))`` along ``dim``, computed without overflow.

Example:

>>> ember.logsumexp(ember.tensor([[0.0, 0.0], [1000.0, 1000.0]]), dim=1)
tensor([6.9315e-01, 1.0007e+03])
""",
    "softmax": """\
softmax(input, dim, dtype=None) -> Tensor

``exp(x) / sum(exp(x))`` along ``dim``: each slice becomes positive and sums to one.

Example:

>>> ember.softmax(ember.tensor([1.0, 2.0, 3.0]), dim=0)
tensor([0.0900, 0.2447, 0.6652])
""",
    "log_softmax": """\
log_softmax(input, dim, dtype=None) -> Tensor

The logarithm of :func:`ember.softmax` along ``dim``, computed without overflow.

Example:

>>> ember.log_softmax(ember.tensor([1.0, 2.0, 3.0]), dim=0)
tensor([-2.4076, -1.4076, -0.4076])
""",
    "diff": """\
diff(input, n=1, dim=-1, prepend=None, append=None) -> Tensor

The ``n``-th forward difference along ``dim``, optionally with values prepended or appended first.

Example:

>>> ember.diff(ember.tensor([1, 4, 9, 16]))
tensor([3, 5, 7])
>>> ember.diff(ember.tensor([1, 4, 9, 16]), n=2)
tensor([2, 2])
""",
    "std": """\
std(input, dim=None, unbiased=None, keepdim=False, *, correction=None) -> object

The standard deviation along ``dim``; ``correction=1`` (the default) divides by ``N - 1``.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.std(x, dim=1)
tensor([2.0817, 1.5275])
>>> ember.std(x, dim=1, correction=0)
tensor([1.6997, 1.2472])
""",
    "var": """\
var(input, dim=None, unbiased=None, keepdim=False, *, correction=None) -> object

The variance along ``dim``; ``correction=1`` (the default) divides by ``N - 1``.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.var(x, dim=1)
tensor([4.3333, 2.3333])
""",
    "std_mean": """\
std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None) -> object

The standard deviation and the mean together, as a tuple.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.std_mean(x, dim=1)
(tensor([2.0817, 1.5275]), tensor([2.6667, 4.3333]))
""",
    "var_mean": """\
var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None) -> object

The variance and the mean together, as a tuple.

Example:

>>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
>>> ember.var_mean(x, dim=1)
(tensor([4.3333, 2.3333]), tensor([2.6667, 4.3333]))
""",
    "norm": """\
norm(input, p='fro', dim=None, keepdim=False, dtype=None) -> Tensor

The vector ``p``-norm over all elements or along ``dim`` (``'fro'`` for the Frobenius norm).

Example:

>>> v = ember.tensor([3.0, -4.0])
>>> ember.norm(v)
tensor(5.)
>>> ember.norm(v, p=1)
tensor(7.)
""",
    "trace": """\
trace(input) -> Tensor

The sum of the main diagonal of a matrix.

Example:

>>> ember.trace(ember.tensor([[1.0, 2.0], [3.0, 4.0]]))
tensor(5.)
""",
    "bincount": """\
bincount(input, weights=None, minlength=0) -> Tensor

The number of times each non-negative integer occurs (summed ``weights`` if given); at least ``minlength``
bins.

Example:

>>> ember.bincount(ember.tensor([0, 1, 1, 3]))
tensor([1, 2, 0, 1])
""",
    "histc": """\
histc(input, bins=100, min=0, max=0) -> Tensor

A histogram with ``bins`` equal bins between ``min`` and ``max`` (the data's range when both are 0).

Example:

>>> ember.histc(ember.tensor([1.0, 2.0, 1.0, 4.0]), bins=4, min=0, max=4)
tensor([0., 2., 1., 1.])
""",
    "sort": """\
sort(input, dim=-1, descending=False, *, stable=None) -> object

The elements sorted along ``dim`` and their original indices, as a named tuple ``(values, indices)``;
``stable=True`` keeps equal elements in order.

Example:

>>> ember.sort(ember.tensor([3.0, 1.0, 2.0]))
sort(values=tensor([1., 2., 3.]), indices=tensor([1, 2, 0]))
>>> ember.sort(ember.tensor([3.0, 1.0, 2.0]), descending=True).values
tensor([3., 2., 1.])
""",
    "argsort": """\
argsort(input, dim=-1, descending=False, stable=False) -> Tensor

The indices that sort the input along ``dim``.

Example:

>>> ember.argsort(ember.tensor([3.0, 1.0, 2.0]))
tensor([1, 2, 0])
""",
    "msort": """\
msort(input) -> Tensor

Sorts along the first dimension.

Example:

>>> ember.msort(ember.tensor([[3, 1], [1, 2]]))
tensor([[1, 1],
        [3, 2]])
""",
    "topk": """\
topk(input, k, dim=-1, largest=True, sorted=True) -> object

The ``k`` largest (or, with ``largest=False``, smallest) elements along ``dim`` and their indices.

Example:

>>> ember.topk(ember.tensor([1.0, 5.0, 3.0, 4.0]), 2)
topk(values=tensor([5., 4.]), indices=tensor([1, 3]))
""",
    "kthvalue": """\
kthvalue(input, k, dim=-1, keepdim=False) -> object

The ``k``-th smallest element along ``dim`` (counting from 1) and its index.

Example:

>>> ember.kthvalue(ember.tensor([1.0, 5.0, 3.0, 4.0]), 2)
kthvalue(values=tensor(3.), indices=tensor(2))
""",
    "median": """\
median(input, dim=None, keepdim=False) -> object

The median: the lower of the two middle values for an even count; with ``dim``, also its index.

Example:

>>> ember.median(ember.tensor([1.0, 5.0, 3.0, 4.0]))
tensor(3.)
>>> ember.median(ember.tensor([[1.0, 5.0, 3.0]]), dim=1)
median(values=tensor([3.]), indices=tensor([2]))
""",
    "nanmedian": """\
nanmedian(input, dim=None, keepdim=False) -> object

The median of the elements that are not NaN.

Example:

>>> ember.nanmedian(ember.tensor([1.0, float('nan'), 3.0, 2.0]))
tensor(2.)
""",
    "mode": """\
mode(input, dim=-1, keepdim=False) -> object

The most frequent value along ``dim`` (the smallest of ties) and an index of it.

Example:

>>> ember.mode(ember.tensor([1, 2, 2, 3, 3]))
mode(values=tensor(2), indices=tensor(2))
""",
    "quantile": """\
quantile(input, q, dim=None, keepdim=False, *, interpolation='linear') -> Tensor

The ``q``-th quantiles, interpolating between data points as ``interpolation`` says (linear by default).

Example:

>>> ember.quantile(ember.tensor([1.0, 2.0, 3.0, 4.0]), ember.tensor([0.25, 0.5]))
tensor([1.7500, 2.5000])
""",
    "nanquantile": """\
nanquantile(input, q, dim=None, keepdim=False, *, interpolation='linear') -> Tensor

As :func:`ember.quantile`, over the elements that are not NaN.

Example:

>>> ember.nanquantile(ember.tensor([1.0, float('nan'), 3.0]), 0.5)
tensor(2.)
""",
    "searchsorted": """\
searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None) -> Tensor

Where each value would be inserted into the sorted ``sorted_sequence`` to keep it sorted (left or right of
equal elements).

Example:

>>> s = ember.tensor([1, 3, 5, 7])
>>> ember.searchsorted(s, ember.tensor([3, 6]))
tensor([1, 3])
>>> ember.searchsorted(s, ember.tensor([3, 6]), right=True)
tensor([2, 3])
""",
    "bucketize": """\
bucketize(input, boundaries, *, out_int32=False, right=False) -> Tensor

The bucket each element falls into, given sorted bucket ``boundaries``.

Example:

>>> ember.bucketize(ember.tensor([0.5, 3.0, 9.0]), ember.tensor([1.0, 5.0]))
tensor([0, 1, 2])
""",
    "isin": """\
isin(elements, test_elements, *, assume_unique=False, invert=False) -> Tensor

Whether each element of ``elements`` occurs in ``test_elements``.

Example:

>>> ember.isin(ember.tensor([1, 2, 3, 4]), ember.tensor([2, 4]))
tensor([False,  True, False,  True])
""",
    "unique": """\
unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None) -> object

The distinct elements, sorted; optionally their inverse indices and counts.

Example:

>>> ember.unique(ember.tensor([3, 1, 3, 2]))
tensor([1, 2, 3])
>>> ember.unique(ember.tensor([3, 1, 3, 2]), return_counts=True)
(tensor([1, 2, 3]), tensor([1, 1, 2]))
""",
    "unique_consecutive": """\
unique_consecutive(input, return_inverse=False, return_counts=False, dim=None) -> object

Collapses each run of equal consecutive elements into one; optionally inverse indices and counts.

Example:

>>> ember.unique_consecutive(ember.tensor([1, 1, 2, 2, 1]))
tensor([1, 2, 1])
""",
}
