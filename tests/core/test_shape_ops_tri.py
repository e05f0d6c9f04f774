"""Triangles, diagonals and combinations: tril/triu (and in place),
tril_indices/triu_indices, diag, diag_embed, diagflat, block_diag, meshgrid,
cartesian_prod, kron. Values against NumPy; errors and edge cases as torch
2.13 (checked by hand)."""

import itertools
import warnings

import numpy as np
import pytest
from shape_util import ALL_DTYPES, LAYOUTS, SOME_DTYPES, check, make, shares

import ember

# ------------------------------------------------------------- tril, triu


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_tril_triu_match_numpy(dtype, layout):
    for shape in [(3, 4), (4, 3), (2, 3, 5), (0, 3), (2, 0, 2)]:
        t, arr = make(shape, dtype, layout)
        for k in (-100, -3, -1, 0, 1, 2, 100):
            lower, upper = ember.tril(t, k), t.triu(diagonal=k)
            check(lower, np.tril(arr, k), dtype)
            check(upper, np.triu(arr, k), dtype)
            assert not shares(lower, t) and not shares(upper, t)


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "sliced"])
def test_tril_triu_in_place(layout):
    for k in (-1, 0, 2):
        t, arr = make((3, 4), ember.float32, layout)
        assert t.tril_(k) is t
        check(t, np.tril(arr, k))
        t, arr = make((2, 4, 3), ember.int8, layout)
        assert t.triu_(k) is t
        check(t, np.triu(arr, k))


def test_tril_triu_errors():
    for f in (ember.tril, ember.triu, lambda t: t.tril_(), lambda t: t.triu_()):
        for t in (ember.ones(3), ember.tensor(1.0)):
            with pytest.raises(RuntimeError, match=r"tri[lu]_?: input tensor must have at least 2 dimensions"):
                f(t)


@pytest.mark.parametrize("row, col", [(3, 3), (3, 4), (4, 3), (0, 3), (3, 0), (1, 1)], ids=str)
def test_tril_triu_indices_match_numpy(row, col):
    for offset in (-10, -2, -1, 0, 1, 2, 10):
        check(ember.tril_indices(row, col, offset), np.stack(np.tril_indices(row, offset, col)), ember.int64)
        check(ember.triu_indices(row, col, offset=offset), np.stack(np.triu_indices(row, offset, col)), ember.int64)
    assert ember.tril_indices(row, col, dtype=ember.int32).dtype == ember.int32
    assert ember.tril_indices(3, 3).shape == (2, 6) and ember.tril_indices(0, 3).shape == (2, 0)


def test_tril_triu_indices_errors():
    with pytest.raises(RuntimeError, match=r"tril_indices: row must be non-negative, got -1"):
        ember.tril_indices(-1, 3)
    with pytest.raises(RuntimeError, match=r"triu_indices: col must be non-negative, got -3"):
        ember.triu_indices(3, -3)
    for dtype in (ember.float32, ember.int16, ember.uint8, ember.bool):
        with pytest.raises(NotImplementedError, match=r"tril_indices: dtype must be int32 or int64"):
            ember.tril_indices(3, 3, dtype=dtype)


# --------------------------------------------------- diag, diag_embed, diagflat


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_diag_matches_numpy(dtype, layout):
    v, varr = make((4,), dtype, layout)
    m, marr = make((3, 5), dtype, layout)
    for k in (-6, -2, -1, 0, 1, 3, 7):
        check(ember.diag(v, k), np.diag(varr, k), dtype)
        out = m.diag(k)
        check(out, np.diag(marr, k), dtype)
        assert not shares(out, m)  # a copy, unlike diagonal()
    check(ember.diag(ember.empty(0)), np.zeros((0, 0)))


def test_diag_errors():
    for t, rank in ((ember.tensor(1.0), 0), (ember.ones(2, 2, 2), 3)):
        with pytest.raises(RuntimeError, match=rf"diag\(\): Supports 1D or 2D tensors. Got {rank}D"):
            ember.diag(t)


def diag_embed_reference(arr, offset, dim1, dim2):
    n = arr.shape[-1] + abs(offset)
    out = np.zeros(arr.shape[:-1] + (n, n), dtype=arr.dtype)
    idx = np.arange(arr.shape[-1])
    rows, cols = (idx, idx + offset) if offset >= 0 else (idx - offset, idx)
    out[..., rows, cols] = arr
    ndim = out.ndim
    d1, d2 = dim1 % ndim, dim2 % ndim
    # out's last two dims go to d1 and d2
    return np.moveaxis(out, (-2, -1), (d1, d2))


@pytest.mark.parametrize("dtype", SOME_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_diag_embed_matches_reference(dtype, layout):
    t, arr = make((2, 3), dtype, layout)
    for offset, dim1, dim2 in [(0, -2, -1), (1, -2, -1), (-1, 0, 2), (2, 2, 0), (0, 1, 0)]:
        check(ember.diag_embed(t, offset, dim1, dim2), diag_embed_reference(arr, offset, dim1, dim2), dtype)
    check(t.diag_embed(), diag_embed_reference(arr, 0, -2, -1))
    check(ember.diag_embed(ember.arange(3.0)), np.diag(np.arange(3.0)))
    assert ember.diag_embed(ember.arange(12.0).reshape(3, 4), -1, 0, 2).shape == (5, 3, 5)


def test_diag_embed_errors():
    m = ember.ones(3, 4)
    with pytest.raises(RuntimeError, match=r"diag_embed: diagonal dimensions cannot be identical 0, 0"):
        ember.diag_embed(m, 0, 0, 0)
    with pytest.raises(IndexError, match=r"diag_embed: dimension out of range .*\[-3, 2\], but got 3"):
        ember.diag_embed(m, 0, 0, 3)
    with pytest.raises(IndexError, match=r"\[-1, 0\], but got -2"):
        ember.diag_embed(ember.tensor(1.0))


@pytest.mark.parametrize("shape", [(), (0,), (4,), (2, 3), (2, 1, 2)], ids=str)
def test_diagflat_matches_numpy(shape):
    t, arr = make(shape, ember.float64, "transposed")
    for k in (-2, 0, 1):
        check(ember.diagflat(t, k), np.diagflat(arr, k))
    check(t.diagflat(), np.diagflat(arr))


# -------------------------------------------------------------- block_diag


def block_diag_reference(*arrays):
    blocks = [np.atleast_2d(a) if a.ndim < 2 else a for a in arrays]
    blocks = [b.reshape(1, -1) if a.ndim == 1 else b for a, b in zip(arrays, blocks, strict=True)]
    out = np.zeros((sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks)), dtype=np.complex128)
    r = c = 0
    for b in blocks:
        out[r : r + b.shape[0], c : c + b.shape[1]] = b
        r, c = r + b.shape[0], c + b.shape[1]
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_block_diag_matches_reference(layout):
    a, na = make((2, 3), ember.int32, layout)
    b, nb = make((3,), ember.float32, layout, start=2)
    z = ember.tensor(5, dtype=ember.int64)
    e, ne = make((0, 2), ember.int8)
    out = ember.block_diag(a, b, z, e)
    check(out, block_diag_reference(na, nb, np.array(5), ne).real, ember.float32)  # promoted
    check(ember.block_diag(a), na, ember.int32)
    assert not shares(ember.block_diag(a), a)
    check(ember.block_diag(ember.ones(2, 2, dtype=ember.complex64), a), block_diag_reference(np.ones((2, 2)), na))


def test_block_diag_edges_and_errors():
    assert ember.block_diag().shape == (1, 0) and ember.block_diag().dtype == ember.float32
    assert ember.block_diag(ember.empty(0)).shape == (1, 0)
    assert ember.block_diag(ember.empty(0, 3), ember.ones(3, 4)).shape == (3, 7)
    with pytest.raises(RuntimeError, match=r"block_diag: Input tensors must have 2 or fewer dimensions. Input 1 has 3"):
        ember.block_diag(ember.ones(2), ember.ones(2, 2, 2))


# ----------------------------------------------------- meshgrid, cartesian_prod


@pytest.mark.parametrize("indexing", ["ij", "xy"])
@pytest.mark.parametrize("dtype", SOME_DTYPES, ids=str)
def test_meshgrid_matches_numpy_and_returns_views(indexing, dtype):
    a, na = make((3,), dtype, "sliced")
    b, nb = make((2,), dtype, start=1)
    c, nc = make((4,), dtype, start=2)
    z = ember.tensor(1).to(dtype)
    for inputs, arrays in [((a,), (na,)), ((a, b), (na, nb)), ((a, b, c), (na, nb, nc)), ((a, z), (na, np.array([1])))]:
        grids = ember.meshgrid(*inputs, indexing=indexing)
        assert isinstance(grids, tuple)
        for g, expected, t in zip(grids, np.meshgrid(*arrays, indexing=indexing), inputs, strict=True):
            check(g, expected, dtype)
            assert shares(g, t)  # an expanded view of its input, as torch
    grids = ember.meshgrid([a, b], indexing=indexing)
    assert grids[0].shape == ((3, 2) if indexing == "ij" else (2, 3))


def test_meshgrid_strides_as_torch():
    x = ember.arange(10.0)
    assert [g.stride() for g in ember.meshgrid(x[:3], x[:2], indexing="ij")] == [(1, 0), (0, 1)]
    assert [g.stride() for g in ember.meshgrid(x[:3], x[:2], indexing="xy")] == [(0, 1), (1, 0)]
    xy = ember.meshgrid(x[:3], x[:2], x[:4], indexing="xy")
    assert [g.stride() for g in xy] == [(0, 1, 0), (1, 0, 0), (0, 0, 1)] and xy[0].shape == (2, 3, 4)


def test_meshgrid_default_indexing_warns_and_is_ij():
    a, b = ember.arange(3.0), ember.arange(2.0)
    with pytest.warns(UserWarning, match=r"it will be required to pass the indexing argument"):
        grids = ember.meshgrid(a, b)
    assert grids[0].shape == (3, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ember.meshgrid(a, b, indexing="ij")


def test_meshgrid_errors():
    a = ember.arange(3.0)
    with pytest.raises(RuntimeError, match=r"meshgrid expects a non-empty TensorList"):
        ember.meshgrid(indexing="ij")
    with pytest.raises(RuntimeError, match=r"meshgrid expects all tensors to have the same dtype"):
        ember.meshgrid(a, a.to(ember.int64), indexing="ij")
    with pytest.raises(
        RuntimeError, match=r"meshgrid: expected 0D or 1D tensors in the list, but got a tensor of size \(3, 4\)"
    ):
        ember.meshgrid(a, ember.ones(3, 4), indexing="ij")
    with pytest.raises(RuntimeError, match=r"meshgrid: indexing must be one of \"xy\" or \"ij\", but received: foo"):
        ember.meshgrid(a, a, indexing="foo")


@pytest.mark.parametrize("dtype", SOME_DTYPES, ids=str)
def test_cartesian_prod_matches_itertools(dtype):
    a, na = make((3,), dtype, "sliced")
    b, nb = make((2,), dtype, start=1)
    c, nc = make((0,), dtype)
    check(ember.cartesian_prod(a, b), np.array(list(itertools.product(na, nb))), dtype)
    check(ember.cartesian_prod(a, b, a), np.array(list(itertools.product(na, nb, na))), dtype)
    assert ember.cartesian_prod(a, c).shape == (0, 2)
    assert ember.cartesian_prod(a) is a  # one input: itself, as torch


def test_cartesian_prod_errors():
    with pytest.raises(RuntimeError, match=r"cartesian_prod: Expect a 1D vector, but got shape \(3, 4\)"):
        ember.cartesian_prod(ember.ones(3, 4))
    with pytest.raises(RuntimeError, match=r"Expect a 1D vector, but got shape \(\)"):
        ember.cartesian_prod(ember.tensor(1.0))
    with pytest.raises(RuntimeError, match=r"meshgrid expects all tensors to have the same dtype"):
        ember.cartesian_prod(ember.ones(2), ember.ones(2, dtype=ember.int64))


# ------------------------------------------------------------------- kron

KRON_SHAPES = [((2, 3), (2,)), ((2, 3), (2, 2, 2)), ((), (3, 4)), ((3,), (4,)), ((2, 0), (3, 3)), ((1, 2, 3), (3, 1))]


@pytest.mark.parametrize("sa, sb", KRON_SHAPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_kron_matches_numpy(sa, sb, layout):
    a, na = make(sa, ember.float32, layout)
    b, nb = make(sb, ember.int64, "sliced", start=1)
    check(ember.kron(a, b), np.kron(na, nb), ember.float32)
    check(b.kron(a), np.kron(nb, na), ember.float32)


def test_kron_dtypes():
    t = ember.ones(2, dtype=ember.bool)
    check(ember.kron(t, t), np.ones(4, dtype=bool), ember.bool)
    a, na = make((2, 2), ember.complex128)
    check(ember.kron(a, a), np.kron(na, na), ember.complex128)
