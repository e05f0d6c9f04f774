"""sort, argsort, msort and topk on the device give the CPU's values and
indices exactly: both are stable in either direction and order NaN above
+inf and -0.0 with +0.0, so even the ties come out in the same order."""

import pytest
from cuda_layouts import DTYPES, assert_equal, layouts, sample

import ember

pytestmark = pytest.mark.cuda

SHAPES = [(), (0,), (1,), (7,), (3, 0), (5, 9), (4, 3, 33), (2, 3000)]


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("descending", [False, True])
def test_sort_matches_cpu(dtype, shape, descending):
    for x in layouts(sample(shape, dtype)):
        d = x.cuda()
        for dim in range(-max(x.dim(), 1), max(x.dim(), 1)):
            host = ember.sort(x, dim=dim, descending=descending, stable=True)
            dev = ember.sort(d, dim=dim, descending=descending, stable=True)
            assert_equal(dev.values, host.values)
            assert_equal(dev.indices, host.indices)
            assert dev.values.is_contiguous() and dev.indices.is_contiguous()
            assert_equal(
                ember.argsort(d, dim=dim, descending=descending), ember.argsort(x, dim=dim, descending=descending)
            )
            assert_equal(d.sort(dim, descending).values, x.sort(dim, descending).values)


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_msort_and_one_long_row(dtype):
    x = sample((70000,), dtype, seed=1)
    assert_equal(ember.msort(x.cuda()), ember.msort(x))
    m = sample((40, 6), dtype, seed=2)
    assert_equal(ember.msort(m.cuda()), ember.msort(m))


@pytest.mark.parametrize("dtype", [d for d in DTYPES if d != ember.bool], ids=str)
@pytest.mark.parametrize("largest", [True, False])
def test_topk_matches_cpu(dtype, largest):
    for shape, k in [((), 1), ((7,), 3), ((7,), 0), ((5, 9), 9), ((4, 3, 33), 5), ((2, 3000), 17)]:
        for x in layouts(sample(shape, dtype, seed=3)):
            d = x.cuda()
            for dim in range(-max(x.dim(), 1), max(x.dim(), 1)):
                if x.dim() and k > x.shape[dim]:
                    continue
                host = ember.topk(x, k, dim=dim, largest=largest)
                dev = ember.topk(d, k, dim=dim, largest=largest)
                assert_equal(dev.values, host.values)
                assert_equal(dev.indices, host.indices)


def test_errors_name_the_op():
    with pytest.raises(RuntimeError, match="topk: selected index k out of range"):
        ember.topk(ember.ones(3, device="cuda"), 4)
    with pytest.raises(RuntimeError, match="topk does not support bool"):
        ember.topk(ember.ones(3, dtype=ember.bool, device="cuda"), 1)
    with pytest.raises(RuntimeError, match="complex"):
        ember.sort(ember.ones(3, dtype=ember.complex64).cuda())
    with pytest.raises(IndexError):
        ember.sort(ember.ones(3, device="cuda"), dim=1)
