"""Selection and search on the device give the CPU's results exactly: kthvalue,
median, nanmedian and mode (values and indices, ties and NaN included),
quantile, searchsorted, bucketize, isin, unique, unique_consecutive, bincount
and histc, over dtypes, layouts, 0-d and empty inputs, dims and keepdim."""

import numpy as np
import pytest
from cuda_layouts import DTYPES, assert_equal, layouts, sample

import ember

pytestmark = pytest.mark.cuda

ORDERED = [d for d in DTYPES if d != ember.bool]
FLOATS = [ember.float32, ember.float64, ember.float16, ember.bfloat16]
SHAPES = [(), (1,), (7,), (3, 0, 4), (5, 9), (4, 3, 33), (2, 3000)]


def narrow_sample(shape, dtype, seed=0):
    """sample(), with integers from a handful of values, so that mode has ties to break."""
    if dtype.is_floating_point or dtype == ember.bool:
        return sample(shape, dtype, seed)
    rng = np.random.default_rng(seed)
    return ember.tensor(np.asarray(rng.integers(0, 4, shape))).to(dtype)


def dims_of(x):
    """Every dim along which a selection is defined (a non-empty one; 0-d: 0 and -1)."""
    return [d for d in range(-max(x.dim(), 1), max(x.dim(), 1)) if x.dim() == 0 or x.shape[d] > 0]


def assert_pair(dev, host):
    assert_equal(dev.values, host.values)
    assert_equal(dev.indices, host.indices)


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_kthvalue_median_mode_match_cpu(dtype, shape):
    for x in layouts(narrow_sample(shape, dtype, seed=len(shape))):
        d = x.cuda()
        for dim in dims_of(x):
            n = x.shape[dim] if x.dim() else 1
            for keepdim in (False, True):
                assert_pair(ember.mode(d, dim, keepdim), ember.mode(x, dim, keepdim))
                if dtype == ember.bool:
                    continue
                for k in sorted({1, (n + 1) // 2, n}):
                    assert_pair(ember.kthvalue(d, k, dim, keepdim), ember.kthvalue(x, k, dim, keepdim))
                assert_pair(ember.median(d, dim, keepdim), ember.median(x, dim, keepdim))
                assert_pair(ember.nanmedian(d, dim, keepdim), ember.nanmedian(x, dim, keepdim))


@pytest.mark.parametrize("dtype", ORDERED, ids=str)
def test_median_of_everything(dtype):
    for shape in [(), (1,), (6,), (5, 9), (4, 3, 33)]:
        x = sample(shape, dtype, seed=3)
        for t in layouts(x):
            assert_equal(ember.median(t.cuda()), ember.median(t))
            assert_equal(ember.nanmedian(t.cuda()), ember.nanmedian(t))
    if dtype.is_floating_point:
        empty = ember.ones(0, 3, dtype=dtype)
        assert_equal(ember.median(empty.cuda()), ember.median(empty))  # NaN
        nans = ember.full((4, 5), float("nan"), dtype=dtype)
        assert_pair(ember.nanmedian(nans.cuda(), 1), ember.nanmedian(nans, 1))  # NaN at index 0


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64], ids=str)
@pytest.mark.parametrize("interpolation", ["linear", "lower", "higher", "midpoint", "nearest"])
def test_quantile_matches_cpu(dtype, interpolation):
    rng = np.random.default_rng(4)
    qs = [0.3, ember.tensor(0.5, dtype=dtype), ember.tensor([0.0, 0.25, 1 / 3, 0.7, 1.0], dtype=dtype)]
    for shape in [(), (1,), (7,), (5, 9), (4, 3, 6)]:
        base = rng.normal(size=shape) + np.asarray(rng.integers(-2, 2, shape), dtype=np.float64)
        with_nan = base.copy().reshape(-1)
        with_nan[:: max(1, with_nan.size // 3)] = np.nan
        for values in (base, with_nan.reshape(shape)):
            for x in layouts(ember.tensor(values).to(dtype)):
                d = x.cuda()
                for q in qs:
                    qd = q.cuda() if isinstance(q, ember.Tensor) and q.dim() else q
                    for dim in [None, *dims_of(x)]:
                        for keepdim in (False, True):
                            for f in (ember.quantile, ember.nanquantile):
                                kw = {"dim": dim, "keepdim": keepdim, "interpolation": interpolation}
                                assert_equal(f(d, qd, **kw), f(x, q, **kw))


@pytest.mark.parametrize("dtype", ORDERED, ids=str)
def test_searchsorted_and_bucketize_match_cpu(dtype):
    rows = ember.sort(sample((3, 40), dtype, seed=5), dim=-1).values  # NaN sorts to the end, as it must
    values = sample((3, 25), dtype, seed=6)
    for right in (False, True):
        for out_int32 in (False, True):
            kw = {"right": right, "out_int32": out_int32}
            for b in layouts(rows):
                for v in layouts(values):
                    assert_equal(ember.searchsorted(b.cuda(), v.cuda(), **kw), ember.searchsorted(b, v, **kw))
            one = rows[0]
            for v in (values, values[1], values[0, 3], values[:, :0]):  # N-D, 1-D, 0-d and empty values
                assert_equal(ember.searchsorted(one.cuda(), v.cuda(), **kw), ember.searchsorted(one, v, **kw))
                assert_equal(ember.bucketize(v.cuda(), one.cuda(), **kw), ember.bucketize(v, one, **kw))
            number = values[0, 0].item()
            assert_equal(ember.searchsorted(one.cuda(), number, **kw), ember.searchsorted(one, number, **kw))
    side = {"side": "right"}
    assert_equal(ember.searchsorted(rows.cuda(), values.cuda(), **side), ember.searchsorted(rows, values, **side))


@pytest.mark.parametrize("dtype", [ember.float32, ember.int64, ember.float16], ids=str)
def test_searchsorted_with_sorter(dtype):
    unsorted = sample((2, 30), dtype, seed=7)
    sorter = ember.argsort(unsorted, dim=-1, stable=True)
    values = sample((2, 11), dtype, seed=8)
    for right in (False, True):
        host = ember.searchsorted(unsorted, values, right=right, sorter=sorter)
        dev = ember.searchsorted(unsorted.cuda(), values.cuda(), right=right, sorter=sorter.cuda())
        assert_equal(dev, host)
    # Promotion: int64 boundaries, float values.
    b = ember.arange(10)
    v = ember.tensor([-1.5, 0.0, 3.5, 9.0, 11.0, float("nan")])
    assert_equal(ember.searchsorted(b.cuda(), v.cuda()), ember.searchsorted(b, v))


@pytest.mark.parametrize("dtype", ORDERED, ids=str)
def test_isin_matches_cpu(dtype):
    elements = sample((6, 7), dtype, seed=9)
    tests = sample((13,), dtype, seed=10)
    for invert in (False, True):
        for e in layouts(elements):
            assert_equal(ember.isin(e.cuda(), tests.cuda(), invert=invert), ember.isin(e, tests, invert=invert))
        empty = tests[:0]
        assert_equal(
            ember.isin(elements.cuda(), empty.cuda(), invert=invert), ember.isin(elements, empty, invert=invert)
        )


def assert_unique(dev, host):
    assert len(dev) == len(host)
    for a, b in zip(dev, host, strict=True):
        assert_equal(a, b)


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_unique_matches_cpu(dtype):
    for shape in [(), (0,), (1,), (9,), (5, 6), (3, 4, 5), (4, 0)]:
        for x in layouts(narrow_sample(shape, dtype, seed=11)):
            d = x.cuda()
            kw = {"return_inverse": True, "return_counts": True}
            assert_unique(ember.unique(d, **kw), ember.unique(x, **kw))
            assert_unique(ember.unique_consecutive(d, **kw), ember.unique_consecutive(x, **kw))
            assert_equal(ember.unique(d), ember.unique(x))
            for dim in range(-max(x.dim(), 1), max(x.dim(), 1)):
                if x.dim() and any(s == 0 for i, s in enumerate(x.shape) if i != dim % x.dim()):
                    continue  # unique along dim needs the other dims non-empty
                assert_unique(ember.unique(d, dim=dim, **kw), ember.unique(x, dim=dim, **kw))
                assert_unique(ember.unique_consecutive(d, dim=dim, **kw), ember.unique_consecutive(x, dim=dim, **kw))


@pytest.mark.parametrize("dtype", [ember.int64, ember.int32, ember.int16, ember.uint8], ids=str)
def test_bincount_matches_cpu(dtype):
    rng = np.random.default_rng(12)
    for n in (0, 1, 9, 5000):
        x = ember.tensor(rng.integers(0, 17, n)).to(dtype)
        for minlength in (0, 5, 40):
            assert_equal(ember.bincount(x.cuda(), minlength=minlength), ember.bincount(x, minlength=minlength))
            # Weights that sum exactly in any order: atomics may add them in any.
            for wdtype in (ember.float32, ember.float64, ember.int32, ember.float16):
                w = ember.tensor(rng.integers(-8, 9, n) / 4).to(wdtype)
                host = ember.bincount(x, w, minlength=minlength)
                assert_equal(ember.bincount(x.cuda(), w.cuda(), minlength=minlength), host)
        assert_equal(ember.bincount(x[::2].cuda()), ember.bincount(x[::2]))


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
def test_histc_matches_cpu(dtype):
    rng = np.random.default_rng(13)
    edges = ember.tensor(np.linspace(-1, 1, 201)).to(dtype)  # values on bin edges
    for bins in (3, 5, 7, 10, 33):
        assert_equal(ember.histc(edges.cuda(), bins, -1, 1), ember.histc(edges, bins, -1, 1))
    for n in (0, 1, 9, 3000):
        values = rng.normal(size=n) * 3
        values[: min(n, 3)] = [np.nan, 1.0, -1.0][: min(n, 3)]
        for x in layouts(ember.tensor(values).to(dtype)):
            for bins, lo, hi in [(5, -1, 1), (10, 0, 0), (7, -2.5, 3.1), (1, 0, 0), (100, -3, 3), (4, 2, 2)]:
                assert_equal(ember.histc(x.cuda(), bins, lo, hi), ember.histc(x, bins, lo, hi))
    point = ember.full((5,), 2.0, dtype=dtype)  # a one-point range widens to [1, 3]
    assert_equal(ember.histc(point.cuda(), 4), ember.histc(point, 4))
    grid = ember.tensor(rng.normal(size=(6, 7))).to(dtype)
    assert_equal(ember.histc(grid.t().cuda(), 9, -1, 1), ember.histc(grid.t(), 9, -1, 1))


def test_errors_name_the_op():
    d = ember.ones(3, 4, device="cuda")
    with pytest.raises(RuntimeError, match="same device"):
        ember.searchsorted(ember.arange(5.0, device="cuda"), ember.ones(3))
    with pytest.raises(RuntimeError, match="same device"):
        ember.searchsorted(ember.arange(5.0), ember.ones(3, device="cuda"))
    with pytest.raises(RuntimeError, match="sorter index out of range"):
        ember.searchsorted(
            ember.arange(3.0, device="cuda"), d, sorter=ember.tensor([0, 3, 1], device="cuda"), out_int32=True
        )
    with pytest.raises(RuntimeError, match="same device"):
        ember.isin(d, ember.ones(3))
    for f in (lambda: ember.kthvalue(d, 1, 2), lambda: ember.median(d, -3), lambda: ember.mode(d, 5)):
        with pytest.raises(IndexError):
            f()
    with pytest.raises(RuntimeError, match="k out of range"):
        ember.kthvalue(d, 5, 1)
    with pytest.raises(IndexError, match="non-zero size"):
        ember.mode(ember.ones(3, 0, device="cuda"), 1)
    with pytest.raises(RuntimeError, match="same device"):
        ember.quantile(d, ember.tensor([0.5]))
    with pytest.raises(RuntimeError, match=r"range \[0, 1\]"):
        ember.quantile(d, ember.tensor([1.5], device="cuda"))
    with pytest.raises(RuntimeError, match="non-negative"):
        ember.bincount(ember.tensor([1, -2, 3], device="cuda"))
    with pytest.raises(RuntimeError, match="same device"):
        ember.bincount(ember.tensor([1, 2], device="cuda"), ember.ones(2))
    with pytest.raises(RuntimeError, match="not finite"):
        ember.histc(ember.tensor([1.0, float("inf")], device="cuda"))
    with pytest.raises(RuntimeError, match="0 sized dimensions"):
        ember.unique(ember.ones(0, 3, device="cuda"), dim=1)
