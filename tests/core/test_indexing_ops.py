"""index_select, gather, scatter(_add, _reduce), take, take_along_dim, put_ and index_add/copy/fill.

References are NumPy (np.take, np.take_along_axis, np.add.at, loops for scatter);
argument rules and messages were checked against PyTorch 2.13. Out-of-range
indices raise IndexError naming the index, its dim and the dim's size in every op.
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from op_db import ALL, NP_DTYPE, as_numpy

import ember

DTYPES = [(dtype, NP_DTYPE[dtype]) for dtype in ALL]


def values(shape, np_dtype, seed=0):
    a = np.random.default_rng(seed).integers(0, 5, size=shape)
    return a.astype(np_dtype)


def make(a, dtype):
    return ember.tensor(a.tolist(), dtype=dtype) if a.ndim else ember.tensor(a.item(), dtype=dtype)


def gather_ref(a, dim, idx):
    grids = list(np.indices(idx.shape, sparse=True))
    grids[dim] = idx
    return a[tuple(grids)]


def scatter_ref(a, dim, idx, src, op=None):
    out = a.copy()
    for pos in itertools.product(*map(range, idx.shape)):
        target = list(pos)
        target[dim] = idx[pos]
        target = tuple(target)
        v = src[pos] if np.ndim(src) else src
        out[target] = v if op is None else op(out[target], v)
    return out


# ----------------------------------------------------------------- forward


@pytest.mark.parametrize("dtype, np_dtype", DTYPES, ids=str)
@pytest.mark.parametrize("index_dtype", [ember.int64, ember.int32], ids=str)
def test_index_select_and_gather_over_dtypes(dtype, np_dtype, index_dtype):
    a = values((3, 4), np_dtype)
    t = make(a, dtype)
    sel = np.array([2, 0, 2, -1])
    np.testing.assert_array_equal(as_numpy(t.index_select(1, ember.tensor(sel.tolist(), dtype=index_dtype))), a[:, sel])
    np.testing.assert_array_equal(as_numpy(ember.index_select(t, 0, ember.tensor([1], dtype=index_dtype))), a[[1]])
    idx = np.array([[0, 2, 1, 0], [2, 2, 0, 1]])
    np.testing.assert_array_equal(
        as_numpy(ember.gather(t, 0, ember.tensor(idx.tolist(), dtype=index_dtype))), gather_ref(a, 0, idx)
    )
    idx1 = np.array([[3, 0], [1, 1], [0, 2]])
    np.testing.assert_array_equal(
        as_numpy(t.gather(-1, ember.tensor(idx1.tolist(), dtype=index_dtype))), np.take_along_axis(a, idx1, 1)
    )


@pytest.mark.parametrize("dtype, np_dtype", DTYPES, ids=str)
def test_scatter_forms_over_dtypes(dtype, np_dtype):
    a = values((3, 4), np_dtype)
    src = values((2, 4), np_dtype, seed=1)
    idx = np.array([[0, 2, 1, 0], [1, 2, 0, 0]])
    t, s, i = make(a, dtype), make(src, dtype), ember.tensor(idx.tolist())
    np.testing.assert_array_equal(as_numpy(t.scatter(0, i[:1], s[:1])), scatter_ref(a, 0, idx[:1], src[:1]))
    one = np.ones((), np_dtype)
    np.testing.assert_array_equal(as_numpy(ember.scatter(t, 0, i[:1], value=1)), scatter_ref(a, 0, idx[:1], one))
    if dtype != ember.bool:
        np.testing.assert_array_equal(as_numpy(t.scatter_add(0, i, s)), scatter_ref(a, 0, idx, src, np.add))
    np.testing.assert_array_equal(as_numpy(t), a)  # out-of-place forms leave self alone


def test_scatter_in_place_forms_and_legacy_reduce():
    t = ember.zeros(3, 2)
    i = ember.tensor([[0, 1], [0, 0]])
    assert t.scatter_(0, i, ember.tensor([[1.0, 2.0], [3.0, 4.0]])) is t
    t.scatter_(1, ember.tensor([[1], [0], [1]]), 9.0)
    assert t.tolist() == [[3.0, 9.0], [9.0, 2.0], [0.0, 9.0]]
    t.scatter_(0, i, ember.full((2, 2), 2.0), reduce="multiply")
    assert t.tolist() == [[12.0, 18.0], [9.0, 4.0], [0.0, 9.0]]  # (0, 0) doubled twice
    t.scatter_(0, i, ember.ones(2, 2), reduce="add")
    assert t.tolist() == [[14.0, 19.0], [9.0, 5.0], [0.0, 9.0]]
    t.scatter_add_(1, ember.tensor([[0, 0]]), ember.tensor([[1.0, 1.0]]))
    assert t.tolist()[0] == [16.0, 19.0]
    with pytest.raises(RuntimeError, match="reduce argument must be either add or multiply, got sum"):
        t.scatter_(0, i, ember.ones(2, 2), reduce="sum")


REDUCERS = {"sum": np.add, "prod": np.multiply, "amax": np.maximum, "amin": np.minimum}


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("dtype, np_dtype", [(ember.float32, np.float32), (ember.int64, np.int64)], ids=str)
def test_scatter_reduce_matches_a_loop(reduce, include_self, dtype, np_dtype):
    a = np.array([5, -3, 7, 2], np_dtype)
    src = np.array([1, 4, -2, 6, 3], np_dtype)
    idx = np.array([0, 0, 2, 2, 2])
    got = ember.tensor(a.tolist(), dtype=dtype).scatter_reduce(
        0, ember.tensor(idx.tolist()), ember.tensor(src.tolist(), dtype=dtype), reduce, include_self=include_self
    )
    expected = a.copy()
    for pos in set(idx.tolist()):
        vals = list(src[idx == pos]) + ([a[pos]] if include_self else [])
        if reduce == "mean":
            total = np.sum(vals)
            expected[pos] = total / len(vals) if np_dtype == np.float32 else total // len(vals)
        else:
            expected[pos] = REDUCERS[reduce].reduce(np.array(vals, np_dtype))
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-6)


def test_scatter_reduce_values_from_pytorch():
    # torch 2.13: integer mean floors
    t = ember.arange(3).scatter_reduce(0, ember.tensor([0, 0, 1]), ember.tensor([-1, 2, 4]), "mean", include_self=False)
    assert t.tolist() == [0, 4, 2]
    u = ember.arange(3).scatter_reduce(0, ember.tensor([0, 0, 1]), ember.tensor([1, 2, 4]), "mean")
    assert u.tolist() == [1, 2, 2]
    f = ember.zeros(2)
    f.scatter_reduce_(0, ember.tensor([1, 1]), ember.tensor([float("nan"), 1.0]), "amax")
    assert np.isnan(f.tolist()[1])
    with pytest.raises(RuntimeError, match="reduce argument must be either sum, prod, mean, amax or amin, got foo"):
        f.scatter_reduce(0, ember.tensor([0]), ember.ones(1), "foo")
    with pytest.raises(RuntimeError, match="amax and amin are not supported for complex"):
        ember.zeros(2, dtype=ember.complex64).scatter_reduce(
            0, ember.tensor([0]), ember.ones(1, dtype=ember.complex64), "amax"
        )


def test_take_take_along_dim_and_put():
    a = np.arange(12.0).reshape(3, 4)
    t = ember.from_numpy(a.copy())
    idx = np.array([[0, 11], [-1, 5]])
    np.testing.assert_array_equal(ember.take(t, ember.from_numpy(idx)).numpy(), np.take(a, idx))
    np.testing.assert_array_equal(t.t().take(ember.tensor([1, 2])).numpy(), np.take(a.T, [1, 2]))  # non-contiguous
    ti = np.array([[2], [0], [1]])
    np.testing.assert_array_equal(
        ember.take_along_dim(t, ember.from_numpy(ti), dim=1).numpy(), np.take_along_axis(a, ti, 1)
    )
    np.testing.assert_array_equal(
        t.take_along_dim(ember.tensor([[2, 0, 1, 1]]), 0).numpy(), a[[2, 0, 1, 1], range(4)][None]
    )
    np.testing.assert_array_equal(t.take_along_dim(ember.tensor([5, 0])).numpy(), np.take(a, [5, 0]))
    t.put_(ember.tensor([0, -1]), ember.tensor([7.0, 8.0], dtype=ember.float64))
    assert t.numpy()[0, 0] == 7.0 and t.numpy()[2, 3] == 8.0
    t.put_(ember.tensor([1, 1, 1]), ember.ones(3, dtype=ember.float64), accumulate=True)
    assert t.numpy()[0, 1] == 4.0
    tt = ember.from_numpy(a.copy()).t()  # put_ on a transposed tensor indexes its own row-major order
    tt.put_(ember.tensor([1]), ember.tensor([-1.0], dtype=ember.float64))
    assert tt.numpy()[0, 1] == -1.0
    p = ember.put(ember.zeros(4), ember.tensor([[3, 0]]), ember.tensor([[1.0, 2.0]]))
    assert p.tolist() == [2.0, 0.0, 0.0, 1.0]


@pytest.mark.parametrize("dtype, np_dtype", DTYPES[1:], ids=str)
def test_index_add_copy_fill(dtype, np_dtype):
    a = values((4, 3), np_dtype)
    src = values((3, 3), np_dtype, seed=2)
    idx = np.array([0, 3, 0])
    t, s, i = make(a, dtype), make(src, dtype), ember.tensor(idx.tolist())
    added = a.copy()
    np.add.at(added, idx, src)
    np.testing.assert_array_equal(as_numpy(t.index_add(0, i, s)), added)
    copied = a.copy()
    copied[[0, 3]] = src[[2, 1]]  # the last duplicate wins serially; use unique indices below
    np.testing.assert_array_equal(as_numpy(t.index_copy(0, ember.tensor([3, 0]), s[1:])), copied)
    filled = a.copy()
    filled[:, [2, 0]] = 1
    np.testing.assert_array_equal(as_numpy(ember.index_fill(t, 1, ember.tensor([2, 0]), 1)), filled)
    np.testing.assert_array_equal(as_numpy(t), a)


def test_index_ops_in_place_alpha_and_values():
    t = ember.zeros(2, 3)
    assert t.index_add_(1, ember.tensor([2, 2], dtype=ember.int32), ember.ones(2, 2), alpha=2) is t
    assert t.tolist() == [[0.0, 0.0, 4.0], [0.0, 0.0, 4.0]]
    t.index_copy_(0, ember.tensor([1]), ember.tensor([[1.0, 2.0, 3.0]]))
    t.index_fill_(1, ember.tensor([0]), ember.tensor(-1.0))
    assert t.tolist() == [[-1.0, 0.0, 4.0], [-1.0, 2.0, 3.0]]
    i = ember.arange(3).index_fill_(0, ember.tensor([1]), 2.5)  # truncates into int64, as PyTorch
    assert i.tolist() == [0, 2, 2]
    r = ember.arange(6.0).reshape(2, 3).index_add(0, ember.tensor([1]), ember.ones(1, 3), alpha=2)
    assert r.tolist() == [[0.0, 1.0, 2.0], [5.0, 6.0, 7.0]]


def test_zero_d_empty_and_non_contiguous_inputs():
    s = ember.tensor(3.0)
    assert s.gather(0, ember.tensor(0)).item() == 3.0
    assert s.gather(0, ember.tensor([0])).tolist() == [3.0]
    assert s.index_select(0, ember.tensor([0])).shape == ()
    assert ember.zeros(3).gather(0, ember.tensor(1)).shape == ()
    assert ember.arange(4.0).index_select(0, ember.tensor(2)).tolist() == [2.0]
    e = ember.zeros(0, 3)
    assert e.gather(0, ember.zeros(0, 3, dtype=ember.int64)).shape == (0, 3)
    assert e.index_select(1, ember.tensor([0, 2])).shape == (0, 2)
    assert ember.zeros(3).index_select(0, ember.tensor([], dtype=ember.int64)).shape == (0,)
    assert ember.zeros(3).scatter(0, ember.tensor([], dtype=ember.int64), ember.ones(0)).tolist() == [0.0] * 3
    a = np.arange(12.0).reshape(3, 4)
    t = ember.from_numpy(a.copy()).t()  # (4, 3), strides (1, 4)
    idx = np.array([[2, 0, 1]])
    np.testing.assert_array_equal(t.gather(0, ember.from_numpy(idx)).numpy(), gather_ref(a.T, 0, idx))
    x = ember.tensor([1.0, 2.0])[None].expand(3, 2)  # expanded self
    assert x.gather(1, ember.tensor([[1], [0], [1]])).tolist() == [[2.0], [1.0], [2.0]]
    target = ember.zeros(4, 3).t()
    target.scatter_(1, ember.tensor([[3], [1], [0]]), ember.tensor([[1.0], [2.0], [3.0]]))
    assert target.t().tolist() == [[0, 0, 3], [0, 2, 0], [0, 0, 0], [1, 0, 0]]


# ------------------------------------------------------------------- errors

OUT_OF_RANGE = {
    "index_select": lambda t, i: t.index_select(1, i),
    "gather": lambda t, i: t.gather(1, i.reshape(1, -1)),
    "scatter": lambda t, i: t.scatter_(1, i.reshape(1, -1), 1.0),
    "scatter_add": lambda t, i: t.scatter_add_(1, i.reshape(1, -1), ember.ones(1, i.numel())),
    "scatter_reduce": lambda t, i: t.scatter_reduce_(1, i.reshape(1, -1), ember.ones(1, i.numel()), "amax"),
    "index_add": lambda t, i: t.index_add_(1, i, ember.ones(3, i.numel())),
    "index_copy": lambda t, i: t.index_copy_(1, i, ember.ones(3, i.numel())),
    "index_fill": lambda t, i: t.index_fill_(1, i, 2.0),
    "index_put_": lambda t, i: t.index_put_((None, i), ember.tensor(1.0), accumulate=True),
}


@pytest.mark.parametrize("op", OUT_OF_RANGE)
@pytest.mark.parametrize("bad", [4, 100, -5])
@pytest.mark.parametrize("index_dtype", [ember.int64, ember.int32], ids=str)
def test_out_of_range_indices_raise_index_error_and_write_nothing(op, bad, index_dtype):
    t = ember.arange(12.0).reshape(3, 4)
    index = ember.tensor([0, bad], dtype=index_dtype)
    with pytest.raises(IndexError, match=rf"index {bad} is out of bounds for dimension 1 with size 4"):
        OUT_OF_RANGE[op](t, index)
    assert t.tolist() == ember.arange(12.0).reshape(3, 4).tolist()


@pytest.mark.parametrize("bad", [12, -13])
def test_take_and_put_out_of_range(bad):
    t = ember.arange(12.0).reshape(3, 4)
    message = rf"index {bad} is out of bounds for dimension 0 with size 12"
    with pytest.raises(IndexError, match=message):
        t.take(ember.tensor([bad]))
    with pytest.raises(IndexError, match=message):
        t.put_(ember.tensor([0, bad]), ember.tensor([5.0, 5.0]))
    with pytest.raises(IndexError, match=message):
        t.put_(ember.tensor([bad]), ember.tensor([5.0]), accumulate=True)
    with pytest.raises(IndexError, match=message):
        t.take_along_dim(ember.tensor([bad]))
    assert t.tolist()[0][0] == 0.0


def test_index_dtype_rules():
    t = ember.zeros(3, 4)
    f = ember.tensor([1.0])
    with pytest.raises(RuntimeError, match="index_select: Expected dtype int32 or int64 for index, but got float32"):
        t.index_select(0, f)
    with pytest.raises(RuntimeError, match="gather: Expected dtype int32 or int64 for index"):
        t.gather(0, f.reshape(1, 1))
    with pytest.raises(RuntimeError, match="scatter: Expected dtype int32 or int64 for index"):
        t.scatter(0, ember.tensor([[1]], dtype=ember.int16), 1.0)
    with pytest.raises(RuntimeError, match="take: Expected a long tensor for index, but got int32"):
        t.take(ember.tensor([1], dtype=ember.int32))
    with pytest.raises(RuntimeError, match="put_: Expected a long tensor for index, but got float32"):
        t.put_(f, ember.ones(1))
    with pytest.raises(RuntimeError, match="take_along_dim: Expected a long tensor for index"):
        t.take_along_dim(ember.tensor([[1]], dtype=ember.int32), 0)


def test_shape_and_dtype_mismatches_raise_runtime_error():
    t = ember.arange(12.0).reshape(3, 4)
    i = ember.tensor([[1]])
    with pytest.raises(RuntimeError, match="gather: Index tensor must have the same number of dimensions"):
        t.gather(0, ember.tensor([1]))
    with pytest.raises(
        RuntimeError,
        match=r"gather: Size does not match at dimension 0 expected index \[4, 1\] to be no larger than self \[3, 4\] "
        r"apart from dimension 1",
    ):
        t.gather(1, ember.zeros(4, 1, dtype=ember.int64))
    with pytest.raises(IndexError, match=r"(?i)dimension out of range"):
        t.gather(5, i)
    with pytest.raises(RuntimeError, match="scatter: Expected self.dtype to be equal to src.dtype"):
        t.scatter(0, i, ember.ones(1, 1, dtype=ember.float64))
    with pytest.raises(
        RuntimeError,
        match=r"Expected index \[1, 5\] to be no larger than self \[3, 4\] apart from dimension 0 and to be no larger "
        r"size than src \[1, 1\]",
    ):
        t.scatter(0, ember.tensor([[1, 1, 1, 1, 1]]), ember.ones(1, 1))
    with pytest.raises(RuntimeError, match=r"no larger size than src \[3, 1\]"):
        t.scatter_add(0, ember.zeros(4, 1, dtype=ember.int64), ember.ones(3, 1))
    with pytest.raises(RuntimeError, match="index_add_: self and source expected to have the same dtype"):
        t.index_add_(0, ember.tensor([1]), ember.ones(1, 4, dtype=ember.float64))
    with pytest.raises(RuntimeError, match="index_copy_: self and source expected to have the same dtype"):
        t.index_copy_(0, ember.tensor([1]), ember.ones(1, 4, dtype=ember.float64))
    with pytest.raises(
        RuntimeError, match=r"index_add_: Number of indices \(1\) should be equal to source.size\(dim\): \(2\)"
    ):
        t.index_add_(0, ember.tensor([1]), ember.ones(2, 4))
    with pytest.raises(RuntimeError, match=r"index_copy_: source \[1, 3\] must have self's shape"):
        t.index_copy_(0, ember.tensor([1]), ember.ones(1, 3))
    with pytest.raises(IndexError, match="index_select: Index is supposed to be a vector"):
        t.index_select(0, ember.tensor([[1]]))
    with pytest.raises(RuntimeError, match="index_fill_ only supports a 0-dimensional value tensor"):
        t.index_fill_(0, ember.tensor([1]), ember.ones(2))
    with pytest.raises(RuntimeError, match="put_: self and source expected to have the same dtype"):
        t.put_(ember.tensor([1]), ember.ones(1, dtype=ember.float64))
    with pytest.raises(IndexError, match=r"put_: Expected source and index to have the same number of elements"):
        t.put_(ember.tensor([1]), ember.ones(2))
    with pytest.raises(
        RuntimeError, match="take_along_dim: input and indices should have the same number of dimensions"
    ):
        t.take_along_dim(ember.tensor([1]), 0)


# -------------------------------------------------------------- hypothesis


@st.composite
def gather_case(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4))
    dim = draw(st.integers(0, len(shape) - 1))
    # index sizes: anything up to self's (or beyond it, an error) apart from dim
    idx_shape = tuple(draw(st.integers(0, 5)) if d == dim else draw(st.integers(0, s + 1)) for d, s in enumerate(shape))
    idx = draw(hnp.arrays(np.int64, idx_shape, elements=st.integers(-shape[dim] - 2, shape[dim] + 1)))
    transposed = draw(st.booleans())
    return shape, dim, idx, transposed


def source(shape, transposed):
    a = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape) + 1
    if transposed and a.ndim > 1:
        return a, ember.from_numpy(a.T.copy()).permute(*reversed(range(a.ndim)))
    return a, ember.from_numpy(a.copy())


def valid(shape, dim, idx):
    fits = all(d == dim or idx.shape[d] <= s for d, s in enumerate(shape))
    return fits, bool(idx.size == 0 or ((idx >= -shape[dim]) & (idx < shape[dim])).all())


@settings(max_examples=200, deadline=None)
@given(case=gather_case(), int32=st.booleans())
def test_random_gather_matches_numpy_or_raises(case, int32):
    shape, dim, idx, transposed = case
    a, t = source(shape, transposed)
    index = ember.from_numpy(idx.astype(np.int32) if int32 else idx)
    fits, in_range = valid(shape, dim, idx)
    if not fits:
        with pytest.raises(RuntimeError, match="gather: Size does not match"):
            t.gather(dim, index)
    elif not in_range:
        with pytest.raises(IndexError, match=f"is out of bounds for dimension {dim} with size {shape[dim]}"):
            t.gather(dim, index)
    else:
        np.testing.assert_array_equal(t.gather(dim, index).numpy(), gather_ref(a, dim, idx))


@settings(max_examples=200, deadline=None)
@given(case=gather_case(), reduce=st.sampled_from([None, "sum", "amax"]))
def test_random_scatter_matches_a_loop_or_raises(case, reduce):
    shape, dim, idx, transposed = case
    a, t = source(shape, transposed)
    src = -np.arange(idx.size, dtype=np.float64).reshape(idx.shape) - 1
    index = ember.from_numpy(idx)
    fits, in_range = valid(shape, dim, idx)
    run = {
        None: lambda: t.scatter_(dim, index, 5.0),  # one value: duplicates don't matter
        "sum": lambda: t.scatter_add_(dim, index, ember.from_numpy(src)),
        "amax": lambda: t.scatter_reduce_(dim, index, ember.from_numpy(src), "amax", include_self=False),
    }[reduce]
    if not fits:
        with pytest.raises(RuntimeError, match="to be no larger than self"):
            run()
        return
    if not in_range:
        with pytest.raises(IndexError, match=f"is out of bounds for dimension {dim} with size {shape[dim]}"):
            run()
        np.testing.assert_array_equal(t.numpy(), a)  # nothing written
        return
    run()
    wrapped = np.where(idx < 0, idx + shape[dim], idx)
    if reduce is None:
        expected = scatter_ref(a, dim, wrapped, np.float64(5.0))
    elif reduce == "sum":
        expected = scatter_ref(a, dim, wrapped, src, np.add)
    else:
        expected = scatter_ref(scatter_ref(a, dim, wrapped, np.float64(-np.inf)), dim, wrapped, src, np.maximum)
    np.testing.assert_array_equal(t.numpy(), expected)
