"""matmul's rank cases (1-D promotion, batched with broadcasting), every dtype,
and the fixed-rank products (mm, bmm, mv, dot, vdot, outer, the add* forms)
against NumPy, on contiguous, transposed, sliced and expanded operands."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_db import COMPLEX, INTS, NP_DTYPE, as_numpy

import ember

BLAS = (ember.float32, ember.float64, ember.complex64, ember.complex128)
HALF = (ember.float16, ember.bfloat16)
TOL = {
    ember.float16: dict(rtol=2e-2, atol=2e-2),
    ember.bfloat16: dict(rtol=5e-2, atol=5e-2),
    ember.float32: dict(rtol=1e-4, atol=1e-4),
    ember.complex64: dict(rtol=1e-4, atol=1e-4),
    ember.float64: dict(rtol=1e-10, atol=1e-10),
    ember.complex128: dict(rtol=1e-10, atol=1e-10),
}


def values(shape, dtype, rng):
    """Small integers (exact in every dtype) as a NumPy array of dtype's NumPy type."""
    x = rng.integers(-3, 4, size=shape)
    if dtype in COMPLEX:
        x = x + 1j * rng.integers(-3, 4, size=shape)
    if dtype is ember.uint8:
        x = np.abs(x)
    return x.astype(NP_DTYPE[dtype])


def reference(a, b):
    """NumPy's matmul in a wide type, cast back (integers wrap as PyTorch's do)."""
    wide = np.complex128 if np.iscomplexobj(a) else np.float64 if a.dtype.kind == "f" else np.int64
    return np.matmul(a.astype(wide), b.astype(wide))


def check(out, expected, dtype):
    assert out.dtype is dtype
    assert tuple(out.shape) == expected.shape
    if dtype in INTS:
        np.testing.assert_array_equal(out.numpy(), expected.astype(NP_DTYPE[dtype]))
    else:
        np.testing.assert_allclose(as_numpy(out).astype(expected.dtype), expected, **TOL[dtype])


RANK_CASES = [
    ((3,), (3,)),
    ((2, 3), (3,)),
    ((3,), (3, 4)),
    ((2, 3), (3, 4)),
    ((5, 2, 3), (3,)),
    ((3,), (5, 3, 4)),
    ((5, 2, 3), (3, 4)),
    ((2, 3), (5, 3, 4)),
    ((5, 2, 3), (5, 3, 4)),
    ((5, 1, 2, 3), (4, 3, 2)),
    ((1, 2, 3), (6, 3, 4)),
    ((2, 1, 4, 3), (1, 5, 3, 2)),
    ((0, 2, 3), (3, 4)),
    ((2, 0, 3), (2, 3, 4)),
    ((2, 2, 0), (2, 0, 4)),
    ((0,), (0,)),
    ((0,), (0, 3)),
]


@pytest.mark.parametrize("a_shape, b_shape", RANK_CASES, ids=str)
@pytest.mark.parametrize("dtype", BLAS + HALF + INTS, ids=str)
def test_rank_cases_match_numpy(a_shape, b_shape, dtype):
    rng = np.random.default_rng(len(a_shape) * 10 + len(b_shape))
    a, b = values(a_shape, dtype, rng), values(b_shape, dtype, rng)
    ta, tb = ember.tensor(a, dtype=dtype), ember.tensor(b, dtype=dtype)
    check(ember.matmul(ta, tb), reference(a, b), dtype)
    check(ta @ tb, reference(a, b), dtype)


def test_one_d_dot_is_zero_d():
    out = ember.tensor([1.0, 2.0, 3.0]) @ ember.tensor([4.0, 5.0, 6.0])
    assert out.shape == () and out.item() == 32.0


@pytest.mark.parametrize("dtype", BLAS, ids=str)
def test_batched_non_contiguous_layouts(dtype):
    """Transposed matrices, permuted batch dims, strided slices and expanded
    (stride-0) batches all read the right elements."""
    rng = np.random.default_rng(1)
    base_a = values((4, 6, 5), dtype, rng)
    base_b = values((4, 5, 7), dtype, rng)
    ta = ember.tensor(base_a, dtype=dtype)
    tb = ember.tensor(base_b, dtype=dtype)
    cases = [
        (ta, tb, base_a, base_b),
        (ta.mT.contiguous().mT, tb.mT.contiguous().mT, base_a, base_b),  # column-major matrices
        (ta.permute(1, 0, 2).contiguous().permute(1, 0, 2), tb, base_a, base_b),  # batch dim in the middle
        (ta[:, ::2, :], tb[:, :, ::3], base_a[:, ::2, :], base_b[:, :, ::3]),  # unit stride in neither
        (ta[::2], tb[1::2], base_a[::2], base_b[1::2]),
        (ta[:1].expand(4, 6, 5), tb, np.broadcast_to(base_a[:1], (4, 6, 5)), base_b),
        (ta[:, None], tb[None], base_a[:, None], base_b[None]),  # broadcast to (4, 4, ...)
    ]
    for x, y, nx, ny in cases:
        check(x @ y, reference(nx, ny), dtype)


def test_inputs_broadcast_without_copying_the_batch():
    a = ember.ones(1, 3, 4).expand(1000, 3, 4)
    b = ember.ones(1000, 4, 2)
    out = a @ b
    assert out.shape == (1000, 3, 2) and bool((out == 4).all())


def test_complex_products_are_not_conjugated():
    a = ember.tensor([[1 + 2j, 3 - 1j]], dtype=ember.complex128)
    b = ember.tensor([[2 - 1j], [1j]], dtype=ember.complex128)
    assert (a @ b).item() == (1 + 2j) * (2 - 1j) + (3 - 1j) * 1j


def test_half_precision_rounds_the_float32_result():
    rng = np.random.default_rng(2)
    a = rng.standard_normal((8, 16)).astype(np.float32)
    b = rng.standard_normal((16, 4)).astype(np.float32)
    for dtype in HALF:
        ta, tb = ember.tensor(a).to(dtype), ember.tensor(b).to(dtype)
        expected = (ta.to(ember.float32) @ tb.to(ember.float32)).to(dtype)
        assert ember.equal(ta @ tb, expected)


def test_integers_wrap_like_pytorch():
    a = ember.tensor([[100, 100]], dtype=ember.int8)
    b = ember.tensor([[2], [1]], dtype=ember.int8)
    assert (a @ b).item() == np.int8(np.int64(300).astype(np.int8))  # 300 wraps to 44
    big = ember.tensor([[2**62, 2**62]], dtype=ember.int64)
    assert (big @ ember.tensor([[1], [1]])).item() == -(2**63)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 3), min_size=0, max_size=3),
    st.lists(st.integers(1, 3), min_size=0, max_size=3),
    st.integers(1, 5),
    st.integers(1, 5),
    st.integers(1, 5),
    st.booleans(),
    st.booleans(),
)
def test_batched_broadcast_hypothesis(batch_a, batch_b, m, k, n, vec_a, vec_b):
    # Make the batch shapes broadcastable: where both have a dim, one of them is 1 or they agree.
    batch_b = [bb if i >= len(batch_a) or batch_a[-1 - i] in (1, bb) else 1 for i, bb in enumerate(batch_b[::-1])][::-1]
    rng = np.random.default_rng(m * 100 + k * 10 + n)
    a_shape = (k,) if vec_a else (*batch_a, m, k)
    b_shape = (k,) if vec_b else (*batch_b, k, n)
    a, b = values(a_shape, ember.float64, rng), values(b_shape, ember.float64, rng)
    out = ember.tensor(a) @ ember.tensor(b)
    np.testing.assert_array_equal(out.numpy(), np.matmul(a, b))


# ------------------------------------------------------------ product family


def T(x, dtype=ember.float64):
    return ember.tensor(x, dtype=dtype)


@pytest.mark.parametrize("dtype", BLAS + INTS[-1:], ids=str)
def test_mm_bmm_mv_dot_vdot_outer(dtype):
    rng = np.random.default_rng(3)
    a, b = values((3, 4), dtype, rng), values((4, 5), dtype, rng)
    check(ember.mm(T(a, dtype), T(b, dtype)), reference(a, b), dtype)
    check(T(a, dtype).mm(T(b, dtype)), reference(a, b), dtype)
    ba, bb = values((2, 3, 4), dtype, rng), values((2, 4, 5), dtype, rng)
    check(ember.bmm(T(ba, dtype), T(bb, dtype)), reference(ba, bb), dtype)
    check(T(ba, dtype).bmm(T(bb, dtype)), reference(ba, bb), dtype)
    v = values((4,), dtype, rng)
    check(ember.mv(T(a, dtype), T(v, dtype)), reference(a, v), dtype)
    check(T(a, dtype).mv(T(v, dtype)), reference(a, v), dtype)
    w = values((4,), dtype, rng)
    check(ember.dot(T(v, dtype), T(w, dtype)), np.asarray(reference(v, w)), dtype)
    check(T(v, dtype).dot(T(w, dtype)), np.asarray(reference(v, w)), dtype)
    check(ember.vdot(T(v, dtype), T(w, dtype)), np.asarray(np.vdot(v, w)), dtype)
    u = values((3,), dtype, rng)
    check(ember.outer(T(u, dtype), T(w, dtype)), np.multiply.outer(u, w), dtype)
    check(ember.ger(T(u, dtype), T(w, dtype)), np.multiply.outer(u, w), dtype)


def test_vdot_conjugates_the_first_argument():
    a = T([1 + 1j, 2j], ember.complex64)
    b = T([3 - 1j, 1 + 0j], ember.complex64)
    assert ember.vdot(a, b).item() == np.vdot(np.array([1 + 1j, 2j]), np.array([3 - 1j, 1]))
    assert ember.dot(a, b).item() == np.dot(np.array([1 + 1j, 2j]), np.array([3 - 1j, 1]))


def test_conj_physical():
    z = T([1 + 2j, -3j], ember.complex128)
    assert ember.conj_physical(z).tolist() == [1 - 2j, 3j]
    assert z.conj_physical().tolist() == [1 - 2j, 3j]
    x = T([1.0, 2.0])
    assert ember.conj_physical(x) is x


@pytest.mark.parametrize("dtype", (ember.float32, ember.float64, ember.complex128, ember.int64), ids=str)
@pytest.mark.parametrize("beta, alpha", [(1, 1), (0.5, 2), (0, 3), (2, 0)])
def test_add_forms_match_numpy(dtype, beta, alpha):
    if dtype is ember.int64:
        beta, alpha = int(beta * 2), int(alpha)
    rng = np.random.default_rng(4)
    m1, m2 = values((3, 4), dtype, rng), values((4, 5), dtype, rng)
    b1, b2 = values((2, 3, 4), dtype, rng), values((2, 4, 5), dtype, rng)
    v, w = values((4,), dtype, rng), values((3,), dtype, rng)
    bias = values((5,), dtype, rng)  # broadcasts along rows
    bias2 = values((3, 5), dtype, rng)
    cases = [
        (ember.addmm, bias, m1, m2, beta * bias + alpha * reference(m1, m2)),
        (ember.addmm, bias2, m1, m2, beta * bias2 + alpha * reference(m1, m2)),
        (ember.addmv, w, m1, v, beta * w + alpha * reference(m1, v)),
        (ember.addbmm, bias2, b1, b2, beta * bias2 + alpha * reference(b1, b2).sum(0)),
        (ember.baddbmm, bias, b1, b2, beta * bias + alpha * reference(b1, b2)),
        (ember.addr, bias2, w, bias, beta * bias2 + alpha * np.multiply.outer(w, bias)),
    ]
    for fn, inp, x, y, expected in cases:
        args = [T(inp, dtype), T(x, dtype), T(y, dtype)]
        check(fn(*args, beta=beta, alpha=alpha), np.asarray(expected), dtype)
        check(getattr(args[0], fn.__name__)(args[1], args[2], beta=beta, alpha=alpha), np.asarray(expected), dtype)


def test_beta_zero_ignores_nan_input():
    nan = ember.full((2, 2), float("nan"))
    out = ember.addmm(nan, ember.eye(2), ember.eye(2), beta=0)
    assert out.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    out = ember.addmm(nan, ember.eye(2), ember.eye(2), beta=1)
    assert bool(out.isnan().all())


def test_add_forms_with_empty_inner_dim():
    out = ember.addmm(ember.full((2, 3), 2.0), ember.ones(2, 0), ember.ones(0, 3), beta=3, alpha=5)
    assert out.tolist() == [[6.0] * 3] * 2


@pytest.mark.parametrize(
    "fn, args",
    [
        ("matmul", ((2, 3), (3, 4))),
        ("mm", ((2, 3), (3, 4))),
        ("bmm", ((2, 2, 3), (2, 3, 4))),
        ("mv", ((2, 3), (3,))),
        ("dot", ((3,), (3,))),
        ("vdot", ((3,), (3,))),
        ("outer", ((3,), (2,))),
    ],
)
def test_out_argument(fn, args):
    a, b = (ember.ones(*s) for s in args)
    expected = getattr(ember, fn)(a, b)
    out = ember.empty(*expected.shape)
    assert getattr(ember, fn)(a, b, out=out) is out
    assert ember.equal(out, expected)
    if fn != "outer":  # outer is an elementwise product: its out may be of a wider dtype
        with pytest.raises(RuntimeError, match="dtype"):
            getattr(ember, fn)(a, b, out=ember.empty(*expected.shape, dtype=ember.float64))


def test_add_form_out_argument():
    out = ember.empty(2, 2)
    assert ember.addmm(ember.ones(2, 2), ember.eye(2), ember.eye(2), out=out) is out
    assert out.tolist() == [[2.0, 1.0], [1.0, 2.0]]


# ----------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, shapes",
    [
        (lambda a, b: a @ b, ((2, 3), (4, 5))),
        (lambda a, b: a @ b, ((2, 3), (4,))),
        (lambda a, b: a @ b, ((3,), (4, 5))),
        (lambda a, b: a @ b, ((5, 2, 3), (4, 5))),
        (lambda a, b: a @ b, ((5, 2, 3), (4, 3, 2))),  # batch dims don't broadcast
        (ember.mm, ((2, 3), (2, 3))),
        (ember.bmm, ((2, 2, 3), (3, 3, 3))),
        (ember.bmm, ((2, 2, 3), (2, 2, 3))),
        (ember.mv, ((2, 3), (4,))),
        (ember.dot, ((3,), (4,))),
        (ember.vdot, ((3,), (4,))),
    ],
    ids=str,
)
def test_shape_mismatch_names_both_shapes(call, shapes):
    a, b = (ember.ones(*s) for s in shapes)
    with pytest.raises(RuntimeError) as info:
        call(a, b)
    assert str(shapes[0]) in str(info.value) and str(shapes[1]) in str(info.value)


@pytest.mark.parametrize(
    "call, shapes, what",
    [
        (ember.mm, ((3,), (3, 3)), "2-D"),
        (ember.bmm, ((2, 3), (3, 3, 3)), "3-D"),
        (ember.mv, ((2, 3), (3, 1)), "1-D"),
        (ember.dot, ((3,), (3, 1)), "1-D"),
        (ember.outer, ((3, 2), (4,)), "1-D"),
    ],
)
def test_wrong_ranks_raise(call, shapes, what):
    with pytest.raises(RuntimeError, match=what):
        call(*(ember.ones(*s) for s in shapes))


def test_mixed_dtypes_raise_naming_both():
    for fn, shapes in [(ember.mm, ((2, 2), (2, 2))), (ember.dot, ((2,), (2,))), (ember.bmm, ((1, 2, 2), (1, 2, 2)))]:
        with pytest.raises(RuntimeError, match="float32 and float64"):
            fn(ember.ones(*shapes[0]), ember.ones(*shapes[1], dtype=ember.float64))
    with pytest.raises(RuntimeError, match="same dtype"):
        ember.addmm(ember.ones(2, dtype=ember.float64), ember.ones(2, 2), ember.ones(2, 2))


def test_add_form_input_that_does_not_expand_raises():
    with pytest.raises(RuntimeError, match=r"\(4,\)"):
        ember.addmm(ember.ones(4), ember.ones(2, 3), ember.ones(3, 3))


def test_add_forms_in_place():
    rng = np.random.default_rng(5)
    m1, m2 = values((3, 4), ember.float64, rng), values((4, 3), ember.float64, rng)
    acc = T(np.ones((3, 3)))
    ptr = acc.data_ptr()
    assert acc.addmm_(T(m1), T(m2), beta=2, alpha=3) is acc
    assert acc.data_ptr() == ptr
    np.testing.assert_allclose(acc.numpy(), 2 + 3 * (m1 @ m2))
    b = T(np.zeros((2, 3, 3)))
    b.baddbmm_(T(np.stack([m1, m1])), T(np.stack([m2, m2])))
    np.testing.assert_allclose(b.numpy(), np.stack([m1 @ m2] * 2))
    v = T(np.ones(3))
    v.addmv_(T(m1), T(np.ones(4)), beta=0)
    np.testing.assert_allclose(v.numpy(), m1.sum(1))
    r = T(np.zeros((3, 4)))
    r.addr_(T(np.arange(3.0)), T(np.ones(4)))
    np.testing.assert_allclose(r.numpy(), np.multiply.outer(np.arange(3.0), np.ones(4)))
    s = T(np.zeros((3, 3)))
    s.addbmm_(T(np.stack([m1, m1])), T(np.stack([m2, m2])))
    np.testing.assert_allclose(s.numpy(), 2 * (m1 @ m2))
    with pytest.raises(RuntimeError, match="shape"):
        T(np.ones(3)).addmm_(T(m1), T(m2))  # the result (3, 3) does not fit in input (3,)
