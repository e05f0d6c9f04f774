"""Reductions: sum, prod, mean, nansum, nanmean, amax/amin, max/min, argmax/argmin,
aminmax, all/any, count_nonzero — against NumPy over dtypes, dims, keepdim and
layouts (0-d, empty, transposed, sliced, expanded), with the PyTorch 2.13 facts
(result dtypes, errors, NaN and tie rules) checked by hand and written down here.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_db import FLOATS, INTS, NP_DTYPE, REAL

import ember

nan, inf = float("nan"), float("inf")

ALL = REAL  # complex inputs: see the tests that name them
SHAPES = [(), (0,), (5,), (3, 4), (2, 0, 3), (2, 3, 4)]


@pytest.fixture
def threads():
    before = ember.get_num_threads()
    yield ember.set_num_threads
    ember.set_num_threads(before)


def values(dtype, shape, seed=0):
    rng = np.random.default_rng(seed)
    if dtype == ember.bool:
        return rng.random(shape) < 0.5
    if dtype in INTS:
        lo = 0 if dtype == ember.uint8 else -4
        return rng.integers(lo, 5, size=shape).astype(NP_DTYPE[dtype])
    v = rng.standard_normal(shape)
    return v.astype(NP_DTYPE[dtype])


def tensor(v, dtype):
    """ember tensor of `dtype` holding numpy values v (bfloat16 through float32)."""
    if dtype == ember.bfloat16:
        return ember.tensor(np.asarray(v, dtype=np.float32)).to(ember.bfloat16)
    return ember.tensor(np.array(v, dtype=NP_DTYPE[dtype], order="C"))  # keeps 0-d


def as_np(t):
    if t.dtype in (ember.bfloat16, ember.float16):
        return t.to(ember.float32).numpy()
    return t.numpy()


def exact_input(t):
    """The values of t as NumPy sees them (bfloat16 rounding applied)."""
    return as_np(t)


def all_dims(ndim):
    """None, every single dim (and its negative), and every pair."""
    out = [None, ()]
    for d in range(ndim):
        out += [d, d - ndim]
    out += [(a, b) for a in range(ndim) for b in range(a + 1, ndim)]
    return out


def np_axis(dim):
    return None if dim is None or dim == () else dim


def tol(dtype):
    return {ember.float16: 2e-3, ember.bfloat16: 1e-2, ember.float32: 1e-5, ember.float64: 1e-12}.get(dtype, 0)


def check(got, want, dtype, rtol=None):
    want = np.asarray(want)
    assert got.dtype == dtype, (got.dtype, dtype)
    assert tuple(got.shape) == want.shape, (tuple(got.shape), want.shape)
    r = tol(dtype) if rtol is None else rtol
    if r == 0:
        np.testing.assert_array_equal(as_np(got), want)
    else:
        np.testing.assert_allclose(as_np(got), want.astype(np.float64), rtol=r, atol=r)


# ---------------------------------------------------------------- sum and kin


@pytest.mark.parametrize("dtype", ALL, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_sum_prod_match_numpy(dtype, shape):
    v = values(dtype, shape)
    t = tensor(v, dtype)
    x = exact_input(t).astype(np.float64 if dtype in FLOATS else np.int64)
    out_dtype = dtype if dtype in FLOATS else ember.int64  # integers and bool promote to int64
    for dim in all_dims(len(shape)):
        for keepdim in (False, True):
            ax = np_axis(dim)
            check(ember.sum(t, dim, keepdim), np.sum(x, axis=ax, keepdims=keepdim), out_dtype)
            check(t.sum(dim=dim, keepdim=keepdim), np.sum(x, axis=ax, keepdims=keepdim), out_dtype)
            check(ember.nansum(t, dim, keepdim), np.sum(x, axis=ax, keepdims=keepdim), out_dtype)
            check(t.prod(dim, keepdim), np.prod(x, axis=ax, keepdims=keepdim), out_dtype)


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_mean_nanmean_match_numpy(dtype, shape):
    t = tensor(values(dtype, shape), dtype)
    x = exact_input(t).astype(np.float64)
    y = x.copy()
    if y.size:
        y.flat[::3] = nan
    tn = tensor(y, dtype)
    for dim in all_dims(len(shape)):
        for keepdim in (False, True):
            ax = np_axis(dim)
            with np.errstate(all="ignore"), _nowarn():
                check(ember.mean(t, dim, keepdim), np.mean(x, axis=ax, keepdims=keepdim), dtype)
                check(tn.nanmean(dim, keepdim), np.nanmean(y, axis=ax, keepdims=keepdim), dtype)
                check(tn.nansum(dim, keepdim), np.nansum(y, axis=ax, keepdims=keepdim), dtype)


class _nowarn:
    def __enter__(self):
        import warnings

        self.w = warnings.catch_warnings()
        self.w.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *a):
        self.w.__exit__(*a)


def test_sum_dtype_argument():
    x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    assert ember.sum(x, dtype=ember.int32).dtype == ember.int32
    r = ember.tensor([1.5, 2.75]).sum(dtype=ember.int32)  # casts first: 1 + 2
    assert r.dtype == ember.int32 and r.item() == 3
    assert ember.tensor([0.5, 0.0]).sum(dtype=ember.bool).item() is True
    assert x.prod(dtype=ember.float64).dtype == ember.float64
    assert x.mean(dtype=ember.float64).item() == 3.5
    assert ember.tensor([True, True, False]).sum().dtype == ember.int64
    assert ember.tensor([True, True]).prod().item() == 1
    assert ember.tensor([1, 2], dtype=ember.uint8).sum().dtype == ember.int64
    # float16 sums accumulate in float: 4096 ones sum to 4096 exactly
    assert ember.ones((4096,), dtype=ember.float16).sum().item() == 4096


def test_sum_of_empty_is_identity():
    e = ember.zeros((0, 3))
    assert e.sum(0).tolist() == [0.0, 0.0, 0.0]
    assert e.prod(0).tolist() == [1.0, 1.0, 1.0]
    assert all(np.isnan(e.mean(0).tolist()))
    assert e.sum(1).shape == (0,)
    assert ember.zeros((0,)).prod().item() == 1.0


def test_mean_of_integers_raises():
    with pytest.raises(RuntimeError, match=r"mean: could not infer output dtype.*int64"):
        ember.tensor([1, 2]).mean()
    with pytest.raises(RuntimeError, match=r"mean: .*bool"):
        ember.tensor([True]).mean()
    with pytest.raises(RuntimeError, match=r"mean: could not infer output dtype. Optional dtype.*int32"):
        ember.tensor([1.0]).mean(dtype=ember.int32)
    with pytest.raises(RuntimeError, match=r"nanmean\(\): expected input to have floating point.*int64"):
        ember.tensor([1, 2]).nanmean()


@pytest.mark.parametrize(
    "fn", [ember.sum, ember.prod, ember.mean, ember.amax, ember.all, ember.nansum, ember.logsumexp], ids=str
)
def test_dim_errors(fn):
    x = ember.ones((2, 3))
    name = fn.__name__
    with pytest.raises(
        IndexError, match=rf"{name}: dimension out of range \(expected to be in range of \[-2, 1\], but got 2"
    ):
        fn(x, 2)
    with pytest.raises(IndexError, match=r"range of \[-2, 1\], but got -3"):
        fn(x, (0, -3))
    with pytest.raises(RuntimeError, match=rf"{name}: dim 0 appears multiple times in the list of dims"):
        fn(x, (0, -2))
    with pytest.raises(TypeError, match=rf"{name}\(\): argument 'dim' must be int or tuple of ints, not float"):
        fn(x, 1.5)


def test_zero_dim_tensors_take_dim_0_and_minus_1():
    s = ember.tensor(3.0)
    assert s.sum(0).item() == 3.0 and s.sum(-1).shape == ()
    assert s.sum(0, keepdim=True).shape == ()
    assert ember.tensor(5).max(0).indices.item() == 0
    assert ember.tensor(5).argmax(0).item() == 0
    with pytest.raises(IndexError, match=r"range of \[-1, 0\], but got 1"):
        s.sum(1)


def test_bad_dtype_argument():
    with pytest.raises(TypeError, match=r"sum\(\): argument 'dtype' must be ember.dtype, not str"):
        ember.ones(2).sum(dtype="float32")
    with pytest.raises(TypeError, match="cumsum"):
        ember.ones(2).cumsum(0, dtype=3)


LAYOUTS = ["transposed", "sliced", "expanded", "offset"]


def layout(v, dtype, kind):
    """A non-contiguous ember tensor holding the 2-D values v (returned as numpy too)."""
    if kind == "transposed":
        return tensor(v.T, dtype).t(), v
    if kind == "sliced":
        big = np.zeros((2 * v.shape[0], 3 * v.shape[1]), dtype=v.dtype)
        big[::2, ::3] = v
        return tensor(big, dtype)[::2, ::3], v
    if kind == "expanded":
        row = v[:1]
        return tensor(row, dtype).expand(v.shape[0], v.shape[1]), np.broadcast_to(row, v.shape)
    big = np.zeros((v.shape[0] + 1, v.shape[1] + 2), dtype=v.dtype)
    big[1:, 2:] = v
    return tensor(big, dtype).narrow(0, 1, v.shape[0]).narrow(1, 2, v.shape[1]), v


@pytest.mark.parametrize("kind", LAYOUTS)
@pytest.mark.parametrize("dtype", [ember.float32, ember.int32, ember.float64, ember.bool], ids=str)
def test_layouts(kind, dtype):
    v = values(dtype, (37, 300))
    t, ref = layout(v, dtype, kind)
    x = ref.astype(np.float64)
    for dim in (None, 0, 1, -1):
        ax = np_axis(dim)
        out = dtype if dtype in FLOATS else ember.int64
        check(t.sum(dim), x.sum(axis=ax), out, rtol=1e-5 if dtype == ember.float32 else None)
        check(t.amax(dim), ref.max(axis=ax), dtype)
        check(t.amin(dim), ref.min(axis=ax), dtype)
        check(t.all(dim), ref.astype(bool).all(axis=ax), ember.bool)
        check(t.any(dim), ref.astype(bool).any(axis=ax), ember.bool)
        if dtype != ember.bool:
            check(t.argmax(dim), np.argmax(ref, axis=ax), ember.int64)
            check(t.argmin(dim), np.argmin(ref, axis=ax), ember.int64)


def test_broadcast_operand_all_same():
    t = ember.tensor([1.0, 2.0, 3.0]).expand(1000, 3)
    assert t.sum(0).tolist() == [1000.0, 2000.0, 3000.0]
    assert t.sum().item() == 6000.0


# ------------------------------------------------------------- max, min, arg*


@pytest.mark.parametrize("dtype", [d for d in ALL], ids=str)
@pytest.mark.parametrize("shape", [(), (5,), (3, 4), (2, 3, 4)], ids=str)
def test_extremes_match_numpy(dtype, shape):
    t = tensor(values(dtype, shape), dtype)
    x = exact_input(t)
    check(t.max(), x.max(), dtype, rtol=0)
    check(ember.min(t), x.min(), dtype, rtol=0)
    for dim in all_dims(len(shape)):
        for keepdim in (False, True):
            ax = np_axis(dim)
            check(ember.amax(t, dim, keepdim), x.max(axis=ax, keepdims=keepdim), dtype, rtol=0)
            check(t.amin(dim, keepdim), x.min(axis=ax, keepdims=keepdim), dtype, rtol=0)
            logical = ember.uint8 if dtype == ember.uint8 else ember.bool  # PyTorch keeps uint8
            check(t.all(dim, keepdim), x.astype(bool).all(axis=ax, keepdims=keepdim), logical)
            check(ember.any(t, dim, keepdim), x.astype(bool).any(axis=ax, keepdims=keepdim), logical)
            check(t.count_nonzero(dim), np.count_nonzero(x, axis=ax), ember.int64)
    for d in range(-max(len(shape), 1), max(len(shape), 1)):
        for keepdim in (False, True):
            ax = None if shape == () else d
            r = t.max(d, keepdim)
            assert type(r).__name__ == "max" and type(r).__module__ == "ember.return_types"
            check(r.values, x.max(axis=ax, keepdims=keepdim and shape != ()), dtype, rtol=0)
            check(r.indices, np.argmax(x, axis=ax, keepdims=keepdim and shape != ()), ember.int64)
            values_, indices = ember.min(t, dim=d, keepdim=keepdim)
            check(indices, np.argmin(x, axis=ax, keepdims=keepdim and shape != ()), ember.int64)
            if dtype != ember.bool:
                check(t.argmax(d, keepdim), np.argmax(x, axis=ax, keepdims=keepdim and shape != ()), ember.int64)
                check(ember.argmin(t, d), np.argmin(x, axis=ax), ember.int64)
    if dtype != ember.bool:
        check(t.argmax(), np.argmax(x), ember.int64)
        assert tuple(t.argmax(keepdim=True).shape) == (1,) * len(shape)
        lo, hi = t.aminmax()
        check(lo, x.min(), dtype, rtol=0)
        check(hi, x.max(), dtype, rtol=0)
        if shape:
            r = ember.aminmax(t, dim=-1, keepdim=True)
            check(r.min, x.min(axis=-1, keepdims=True), dtype, rtol=0)
            check(r.max, x.max(axis=-1, keepdims=True), dtype, rtol=0)


def test_nan_propagates_and_ties_pick_first():
    x = ember.tensor([1.0, nan, 3.0, nan])
    assert np.isnan(x.max().item()) and np.isnan(x.amin().item())
    r = x.max(0)
    assert np.isnan(r.values.item()) and r.indices.item() == 1
    assert x.argmin().item() == 1
    lo, hi = ember.tensor([1.0, nan]).aminmax()
    assert np.isnan(lo.item()) and np.isnan(hi.item())
    assert ember.tensor([3, 1, 3]).argmax().item() == 0
    assert ember.tensor([1, 3, 1]).argmin().item() == 0
    assert ember.tensor([[2, 5, 5], [7, 7, 1]]).max(1).indices.tolist() == [1, 0]
    # NaN in a long contiguous run (the vector path) and across blocks
    v = np.zeros(100000, dtype=np.float32)
    v[70000], v[90000] = nan, 5.0
    assert ember.tensor(v).argmax().item() == 70000
    v[70000] = 5.0
    assert ember.tensor(v).argmax().item() == 70000  # first of two equal maxima, in different blocks


@pytest.mark.parametrize("n", [1, 31, 32, 33, 64, 95, 1000])
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64, ember.int32, ember.float16])
def test_arg_extremes_of_rows_with_many_ties_and_nans_pick_the_first(n, dtype):
    # Rows long enough for the vector search of the position (blocks of 32),
    # with the first extreme or NaN before, on and after block edges.
    rng = np.random.default_rng(n)
    x = rng.integers(0, 4, size=(40, n)).astype(NP_DTYPE[dtype])
    if ember.empty(0, dtype=dtype).is_floating_point():
        rows = rng.choice(40, size=20, replace=False)
        x[rows, rng.integers(0, n, size=20)] = nan
    t = ember.tensor(x, dtype=dtype)
    for name, ref in (("argmax", np.argmax), ("argmin", np.argmin)):
        got = getattr(t, name)(1).tolist()
        assert got == ref(x, axis=1).tolist(), name
    assert t.max(1).indices.tolist() == np.argmax(x, axis=1).tolist()
    assert t.min(1).indices.tolist() == np.argmin(x, axis=1).tolist()


def test_max_of_tensor_is_maximum():
    a, b = ember.tensor([1, 5]), ember.tensor([3, 2])
    assert ember.max(a, b).tolist() == [3, 5] and a.min(b).tolist() == [1, 2]


def test_all_any_uint8_and_dtypes():
    u = ember.tensor([1, 0], dtype=ember.uint8)
    assert u.all().dtype == ember.uint8 and u.all().item() == 0
    assert u.any(0).dtype == ember.uint8 and u.any(0).item() == 1
    assert ember.tensor([0.5, 2.0]).all().dtype == ember.bool
    assert ember.zeros((0, 2)).all(0).tolist() == [True, True]
    assert ember.zeros((0, 2)).any().item() is False


def test_empty_extreme_errors():
    e = ember.zeros((0, 3))
    for fn in (ember.max, ember.amax, ember.amin, ember.min):
        with pytest.raises(RuntimeError, match=r"Expected reduction dim to be specified for input.numel\(\) == 0"):
            fn(e)
    with pytest.raises(RuntimeError, match=r"amax: Expected reduction dim"):
        ember.zeros(0).amax()
    with pytest.raises(IndexError, match=r"amax: Expected reduction dim 0 to have non-zero size"):
        e.amax(0)
    with pytest.raises(IndexError, match=r"amax: Expected reduction dim 0 to have non-zero size"):
        ember.zeros(0).amax(0)
    with pytest.raises(IndexError, match=r"max: Expected reduction dim 0 to have non-zero size"):
        e.max(0)
    with pytest.raises(IndexError, match=r"argmax: Expected reduction dim to be specified"):
        e.argmax()
    with pytest.raises(IndexError, match=r"argmin: Expected reduction dim 0 to have non-zero size"):
        e.argmin(0)
    with pytest.raises(RuntimeError, match=r"aminmax\(\): cannot compute aminmax over an empty dimension"):
        e.aminmax()
    with pytest.raises(IndexError, match=r"aminmax: Expected reduction dim 0 to have non-zero size"):
        e.aminmax(dim=0)
    assert e.amax(1).shape == (0,)
    r = e.max(1)
    assert r.values.shape == (0,) and r.indices.dtype == ember.int64


def test_type_errors():
    with pytest.raises(RuntimeError, match=r"argmax: does not support bool input"):
        ember.tensor([True]).argmax()
    with pytest.raises(NotImplementedError, match=r"amax: not implemented for complex"):
        ember.zeros(2, dtype=ember.complex64).amax()
    with pytest.raises(TypeError, match=r"argmax\(\): argument 'dim' must be int, not tuple"):
        ember.ones(2).argmax(dim=(0,))
    with pytest.raises(TypeError, match=r"max\(\): argument 'dim' must be int, not tuple"):
        ember.ones(2).max(dim=(0,))


# ------------------------------------------------------------- determinism


@pytest.mark.parametrize("shape,dim", [((1 << 21,), None), ((3, 700001), 1), ((64, 70001), 1), ((2000, 300), 0)])
def test_same_bits_at_any_thread_count(threads, shape, dim):
    rng = np.random.default_rng(1)
    x = ember.tensor(rng.standard_normal(shape).astype(np.float32) * 100)
    results = []
    for n in (1, 2, 3):
        threads(n)
        r = x.max(dim) if dim is not None else None
        results.append(
            [x.sum(dim).numpy(), x.prod(dim).numpy(), x.amax(dim).numpy(), x.argmax(dim).numpy(), x.mean(dim).numpy()]
            + ([r.values.numpy(), r.indices.numpy()] if r is not None else [])
        )
    for other in results[1:]:
        for a, b in zip(results[0], other, strict=True):
            np.testing.assert_array_equal(a, b)


def test_float32_sum_is_accurate():
    rng = np.random.default_rng(2)
    v = rng.random(1 << 22).astype(np.float32)
    exact = v.astype(np.float64).sum()
    assert abs(ember.tensor(v).sum().item() - exact) / exact < 1e-6
    m = rng.random((4096, 1024)).astype(np.float32)
    exact0 = m.astype(np.float64).sum(0)
    np.testing.assert_allclose(ember.tensor(m).sum(0).numpy(), exact0, rtol=1e-5)


@settings(max_examples=60, deadline=None)
@given(
    shape=st.lists(st.integers(0, 5), min_size=0, max_size=4),
    data=st.data(),
    keepdim=st.booleans(),
)
def test_hypothesis_shapes_and_dims(shape, data, keepdim):
    nd = len(shape)
    dims = data.draw(st.lists(st.integers(-nd, nd - 1), unique_by=lambda d: d % nd, max_size=nd)) if nd else []
    v = np.random.default_rng(len(shape)).standard_normal(shape)
    t = ember.tensor(v)
    ax = tuple(dims) if dims else None
    check(t.sum(tuple(dims), keepdim), v.sum(axis=ax, keepdims=keepdim), ember.float64)
    check(t.prod(tuple(dims), keepdim), v.prod(axis=ax, keepdims=keepdim), ember.float64)
    if v.size and all(shape[d] for d in dims):
        check(t.amax(tuple(dims), keepdim), v.max(axis=ax, keepdims=keepdim), ember.float64, rtol=0)
