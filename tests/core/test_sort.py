"""sort, argsort, msort, topk, kthvalue against a Python reference of PyTorch's
order (NaN largest, -0.0 equal to +0.0, ties stable) over every ordered dtype,
dims, 0-d, empty, strided inputs and lines long enough for the radix sort;
errors as PyTorch 2.13 raises them (checked by hand)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_db import as_numpy
from sort_ref import ORDERED, make, ref_line_order, ref_sort, same, values

import ember

nan = float("nan")
NUMERIC = ORDERED[1:]  # PyTorch has no topk or kthvalue of bools
SHAPES = [(), (0,), (1,), (7,), (3, 5), (2, 0, 3), (2, 3, 4)]


def dims_of(shape):
    return list(range(-len(shape), max(len(shape), 1)))


@pytest.mark.parametrize("dtype", ORDERED, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("descending", [False, True])
def test_sort_matches_reference(dtype, shape, descending):
    v = values(dtype, shape)
    t = make(v, dtype)
    for dim in dims_of(shape):
        r = ember.sort(t, dim, descending)
        want_v, want_i = ref_sort(v, dim, descending)
        assert r.values.dtype == dtype and r.indices.dtype == ember.int64
        same(as_numpy(r.values), want_v)
        same(r.indices.numpy(), want_i)
        same(ember.argsort(t, dim, descending, stable=True).numpy(), want_i)
        same(t.argsort(dim=dim, descending=descending).numpy(), want_i)


@pytest.mark.parametrize("dtype", ORDERED, ids=str)
@pytest.mark.parametrize("n", [63, 64, 511, 3000])
def test_long_lines_use_the_radix_sort_and_stay_stable(dtype, n):
    v = values(dtype, (2, n), seed=n)
    t = make(v, dtype)
    for descending in (False, True):
        r = t.sort(descending=descending, stable=True)
        want_v, want_i = ref_sort(v, -1, descending)
        same(as_numpy(r.values), want_v)
        same(r.indices.numpy(), want_i)
    if dtype not in (ember.bool, ember.float16, ember.bfloat16):  # NumPy agrees where it has the dtype
        same(ember.sort(t).indices.numpy(), np.argsort(v, axis=-1, kind="stable"))


@pytest.mark.parametrize("dtype", [ember.uint8, ember.int16, ember.int64, ember.float32, ember.float64], ids=str)
def test_a_line_longer_than_the_kept_buffers(dtype):
    v = values(dtype, (70_000,), seed=9)
    t = make(v, dtype)
    want = np.argsort(v, kind="stable")  # NumPy's order is PyTorch's ascending one (NaN last, -0.0 == 0.0)
    r = ember.sort(t)
    same(r.indices.numpy(), want)
    same(r.values.numpy(), v[want])
    same(ember.argsort(t, descending=True).numpy(), np.array(ref_line_order(v, descending=True)))


def test_signed_zeros_and_nan_follow_pytorch():
    # torch.sort(stable=True) of this input, both directions (checked with PyTorch 2.13).
    x = ember.tensor([3.0, nan, -0.0, 0.0, 1.0, -nan, 0.0, -0.0])
    r = ember.sort(x, stable=True)
    assert r.indices.tolist() == [2, 3, 6, 7, 4, 0, 1, 5]
    assert np.signbit(r.values.numpy()[:4]).tolist() == [True, False, False, True]
    r = ember.sort(x, stable=True, descending=True)
    assert r.indices.tolist() == [1, 5, 0, 4, 2, 3, 6, 7]
    # extremes of every integer width keep their order
    for dtype, lo, hi in [(ember.int8, -128, 127), (ember.int64, -(2**63), 2**63 - 1), (ember.uint8, 0, 255)]:
        t = ember.tensor([hi, lo, 0, hi, lo], dtype=dtype)
        assert ember.sort(t).values.tolist() == [lo, lo, 0, hi, hi]


@pytest.mark.parametrize("dtype", [ember.float32, ember.int16, ember.float16])
def test_strided_inputs(dtype):
    v = values(dtype, (6, 8))
    t = make(v, dtype)
    cases = [
        (t.t(), v.T),
        (t[::2, 1::3], v[::2, 1::3]),
        (t[:, :1].expand(6, 5), np.broadcast_to(v[:, :1], (6, 5))),
        (t.flip(1), v[:, ::-1]),
    ]
    for x, xv in cases:
        for dim in (0, 1):
            for descending in (False, True):
                r = x.sort(dim, descending)
                want_v, want_i = ref_sort(np.ascontiguousarray(xv), dim, descending)
                same(as_numpy(r.values), want_v)
                same(r.indices.numpy(), want_i)
                assert r.values.is_contiguous() and r.indices.is_contiguous()


def test_results_do_not_depend_on_thread_count(threads):
    v = values(ember.float32, (300, 400), seed=3)
    t = make(v, ember.float32)
    threads(1)
    one = [ember.sort(t, d) for d in (0, 1)] + [ember.topk(t, 7, 0)]
    threads(4)
    many = [ember.sort(t, d) for d in (0, 1)] + [ember.topk(t, 7, 0)]
    for a, b in zip(one, many, strict=True):
        same(a.values.numpy(), b.values.numpy())
        same(a.indices.numpy(), b.indices.numpy())


@pytest.fixture
def threads():
    before = ember.get_num_threads()
    yield ember.set_num_threads
    ember.set_num_threads(before)


def test_return_types_and_msort():
    t = ember.tensor([[3, 1], [0, 2]])
    r = ember.sort(t)
    assert type(r).__name__ == "sort" and r._fields == ("values", "indices")
    values_, indices = r
    assert values_.tolist() == [[1, 3], [0, 2]] and indices.tolist() == [[1, 0], [0, 1]]
    assert ember.msort(t).tolist() == [[0, 1], [3, 2]]
    assert t.msort().tolist() == [[0, 1], [3, 2]]
    assert ember.msort(ember.tensor(3.0)).tolist() == 3.0
    assert ember.argsort(t, dim=0, descending=True, stable=True).tolist() == [[0, 1], [1, 0]]
    assert type(ember.topk(t, 1)).__name__ == "topk" and type(ember.kthvalue(t, 1)).__name__ == "kthvalue"


@pytest.mark.parametrize("dtype", NUMERIC, ids=str)
@pytest.mark.parametrize("largest", [True, False])
def test_topk(dtype, largest):
    for shape, n_k in [((7,), [0, 1, 3, 7]), ((4, 600), [1, 5, 70, 600]), ((3, 5), [0, 2, 5])]:
        v = values(dtype, shape, seed=len(shape))
        t = make(v, dtype)
        for k in n_k:
            for dim in (-1, 0) if len(shape) > 1 and k <= shape[0] else (-1,):
                r = ember.topk(t, k, dim, largest)
                want_v, _ = ref_sort(v, dim, largest)
                want_v = np.take(want_v, range(k), axis=dim)
                same(as_numpy(r.values), want_v)
                # indices point at those values, once each
                same(as_numpy(ember.take_along_dim(t, r.indices, dim)), want_v)
                srt = np.sort(r.indices.numpy(), axis=dim)
                assert (np.diff(srt, axis=dim) > 0).all()


def test_topk_ties_keep_input_order_and_sorted_flag():
    t = ember.tensor([1, 3, 3, 2, 3])
    assert ember.topk(t, 2, largest=False).indices.tolist() == [0, 3]
    r = t.topk(k=3, dim=0, largest=True, sorted=False)  # results come sorted either way
    assert r.values.tolist() == [3, 3, 3] and sorted(r.indices.tolist()) == [1, 2, 4]
    assert ember.topk(ember.tensor(5.0), 1).values.tolist() == 5.0
    assert ember.topk(ember.ones(0, 2), 0, 0).values.shape == (0, 2)


@pytest.mark.parametrize("dtype", NUMERIC, ids=str)
def test_kthvalue(dtype):
    v = values(dtype, (5, 9), seed=11)
    t = make(v, dtype)
    for dim in (0, 1, -1):
        n = v.shape[dim]
        want, _ = ref_sort(v, dim)
        for k in (1, (n + 1) // 2, n):
            for keepdim in (False, True):
                r = ember.kthvalue(t, k, dim, keepdim)
                w = np.take(want, [k - 1], axis=dim)
                if not keepdim:
                    w = w.squeeze(dim)
                same(as_numpy(r.values), w)
                idx = r.indices if keepdim else r.indices.unsqueeze(dim)
                same(as_numpy(ember.take_along_dim(t, idx, dim)), np.take(want, [k - 1], axis=dim))
    assert ember.kthvalue(ember.tensor(5.0), 1).values.tolist() == 5.0
    assert t.kthvalue(2, 0, True).values.shape == (1, 9)


@settings(max_examples=60, deadline=None)
@given(
    shape=st.lists(st.integers(0, 5), min_size=0, max_size=3),
    dtype=st.sampled_from(ORDERED),
    descending=st.booleans(),
    transpose=st.booleans(),
    data=st.data(),
)
def test_sort_hypothesis(shape, dtype, descending, transpose, data):
    v = values(dtype, tuple(shape), seed=len(shape))
    t = make(v, dtype)
    if transpose and len(shape) >= 2:
        t, v = t.transpose(0, -1), np.swapaxes(v, 0, -1)
    dim = data.draw(st.integers(-max(len(shape), 1), max(len(shape), 1) - 1))
    r = ember.sort(t, dim, descending)
    want_v, want_i = ref_sort(np.array(v), dim, descending)
    same(as_numpy(r.values), want_v)
    same(r.indices.numpy(), want_i)


def test_ref_line_order_is_stable():
    assert ref_line_order([2, 1, 2, 1], descending=True) == [0, 2, 1, 3]


def test_errors():
    x = ember.ones(2, 3)
    for call in (lambda: ember.sort(x, 2), lambda: ember.argsort(x, -3), lambda: ember.topk(x, 1, 2)):
        with pytest.raises(IndexError, match=r"expected to be in range of \[-2, 1\], but got"):
            call()
    with pytest.raises(IndexError, match="range of \\[-1, 0\\], but got 1"):
        ember.sort(ember.tensor(5.0), 1)
    with pytest.raises(RuntimeError, match=r"topk: selected index k out of range \(k = 4.*\(2, 3\).*size 3"):
        ember.topk(x, 4)
    with pytest.raises(RuntimeError, match=r"topk: selected index k out of range \(k = -1"):
        ember.topk(x, -1)
    with pytest.raises(RuntimeError, match=r"kthvalue\(\): selected number k out of range for dimension 1 \(k = 4"):
        ember.kthvalue(x, 4)
    with pytest.raises(RuntimeError, match=r"kthvalue\(\): selected number k out of range .*k = 0"):
        ember.kthvalue(x, 0)
    with pytest.raises(IndexError, match=r"kthvalue\(\): Expected reduction dim 1 to have non-zero size"):
        ember.kthvalue(ember.ones(2, 0), 1, 1)
    assert ember.kthvalue(ember.ones(0, 2), 1, 1).values.shape == (0,)
    with pytest.raises(RuntimeError, match="sort: does not support complex dtypes on CPU \\(got complex64\\)"):
        ember.sort(ember.ones(3, dtype=ember.complex64))
    with pytest.raises(RuntimeError, match="topk does not support bool dtypes on CPU"):
        ember.topk(ember.tensor([True, False]), 1)
    with pytest.raises(NotImplementedError, match=r"kthvalue\(\): not implemented for bool"):
        ember.kthvalue(ember.tensor([True, False]), 1)
    with pytest.raises(RuntimeError, match="topk: does not support complex"):
        ember.topk(ember.ones(3, dtype=ember.complex128), 1)


@settings(max_examples=60, deadline=None)
@given(
    shape=st.lists(st.integers(1, 6), min_size=1, max_size=3),
    dtype=st.sampled_from(NUMERIC),
    largest=st.booleans(),
    data=st.data(),
)
def test_topk_and_kthvalue_hypothesis(shape, dtype, largest, data):
    v = values(dtype, tuple(shape), seed=sum(shape))
    t = make(v, dtype)
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    n = shape[dim]
    k = data.draw(st.integers(0, n))
    want, _ = ref_sort(v, dim, largest)
    r = ember.topk(t, k, dim, largest)
    same(as_numpy(r.values), np.take(want, range(k), axis=dim))
    same(as_numpy(ember.take_along_dim(t, r.indices, dim)), np.take(want, range(k), axis=dim))
    if k >= 1:
        asc, _ = ref_sort(v, dim)
        kv = ember.kthvalue(t, k, dim, keepdim=True)
        same(as_numpy(kv.values), np.take(asc, [k - 1], axis=dim))
        same(as_numpy(ember.take_along_dim(t, kv.indices, dim)), np.take(asc, [k - 1], axis=dim))
