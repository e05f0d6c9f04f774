"""2-D matrix products through the BLAS, checked against NumPy: layouts, sizes, threads (the
other ranks, dtypes and the product family are in test_matmul_ranks.py)."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ember

FLOATS = [(np.float32, ember.float32), (np.float64, ember.float64)]
TOL = {np.float32: dict(rtol=1e-4, atol=1e-4), np.float64: dict(rtol=1e-10, atol=1e-10)}


def layouts(x, rng):
    """The matrix x as ember tensors laid out in different ways: contiguous,
    a transpose of contiguous storage, a strided slice of a bigger buffer, and
    a transposed strided slice. Every one holds x's values."""
    rows, cols = x.shape
    out = {"contiguous": ember.tensor(x)}
    out["transposed"] = ember.tensor(np.ascontiguousarray(x.T)).t()
    big = rng.standard_normal((2 * rows + 1, 3 * cols + 1)).astype(x.dtype)
    big[1::2, 1::3][:rows, :cols] = x
    out["sliced"] = ember.tensor(big)[1::2, 1::3][:rows, :cols]
    out["sliced-transposed"] = ember.tensor(np.ascontiguousarray(big.T)).t()[1::2, 1::3][:rows, :cols]
    return out


def reference(a, b):
    return a.astype(np.float64) @ b.astype(np.float64)


SHAPES = [
    (0, 3, 4),
    (3, 0, 4),
    (3, 4, 0),
    (0, 0, 0),
    (1, 5, 1),
    (5, 1, 5),
    (1, 1, 1),
    (1, 7, 3),
    (7, 3, 1),
    (7, 3, 5),
    (64, 33, 17),
]


@pytest.mark.parametrize("npd, dtype", FLOATS, ids=["float32", "float64"])
@pytest.mark.parametrize("m, k, n", SHAPES, ids=lambda s: str(s))
def test_matmul_layouts_match_numpy(m, k, n, npd, dtype):
    rng = np.random.default_rng(m * 10000 + k * 100 + n)
    a = rng.standard_normal((m, k)).astype(npd)
    b = rng.standard_normal((k, n)).astype(npd)
    expected = reference(a, b)
    for (na, ta), (nb, tb) in itertools.product(layouts(a, rng).items(), layouts(b, rng).items()):
        assert ta.tolist() == a.tolist() and tb.tolist() == b.tolist()
        out = ta @ tb
        assert out.dtype is dtype, (na, nb)
        assert out.shape == (m, n), (na, nb)
        assert out.is_contiguous()
        np.testing.assert_allclose(out.numpy(), expected, **TOL[npd], err_msg=f"{na} @ {nb}")


@pytest.mark.parametrize("npd, dtype", FLOATS, ids=["float32", "float64"])
def test_k_zero_gives_zeros(npd, dtype):
    out = ember.zeros(2, 0, dtype=dtype) @ ember.zeros(0, 3, dtype=dtype)
    assert out.shape == (2, 3) and out.dtype is dtype
    assert out.tolist() == [[0.0] * 3] * 2
    assert (ember.ones(0, 2, dtype=dtype) @ ember.ones(2, 3, dtype=dtype)).shape == (0, 3)


def test_known_product():
    a = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
    b = ember.tensor([[5.0, 6.0], [7.0, 8.0]])
    assert (a @ b).tolist() == [[19.0, 22.0], [43.0, 50.0]]
    assert ember.matmul(a, b).tolist() == [[19.0, 22.0], [43.0, 50.0]]
    assert a.matmul(b).tolist() == [[19.0, 22.0], [43.0, 50.0]]
    assert (a @ a.t()).tolist() == [[5.0, 11.0], [11.0, 25.0]]
    assert (ember.tensor([[1.0, 2.0]]) @ ember.tensor([[3.0], [4.0]])).tolist() == [[11.0]]


def test_float64_keeps_precision():
    a = ember.tensor([[1.0 + 2**-40, 1.0]], dtype=ember.float64)
    b = ember.tensor([[1.0], [-1.0]], dtype=ember.float64)
    assert (a @ b).item() == 2**-40


def test_inputs_are_not_modified_and_result_is_new():
    a = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b = a.t()
    out = a @ b
    assert a.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    assert out.data_ptr() not in (a.data_ptr(), b.data_ptr())


def test_zero_stride_and_overlapping_operands():
    row = ember.tensor([[1.0, 2.0, 3.0]])
    repeated = row.as_strided((4, 3), (0, 1))
    assert (repeated @ ember.ones(3, 2)).tolist() == [[6.0, 6.0]] * 4
    col = ember.arange(6.0).as_strided((3, 2), (1, 0))
    assert (ember.ones(2, 3) @ col).tolist() == [[3.0, 3.0]] * 2
    windows = ember.arange(12.0).as_strided((3, 2), (3, 3))  # rows [0,3],[3,6],[6,9]
    assert (ember.ones(2, 3) @ windows).tolist() == [[9.0, 18.0]] * 2
    # Row vector whose elements are strided (rows == 1, stride(1) != 1).
    spaced = ember.arange(10.0)[None, ::2]
    np.testing.assert_allclose((spaced @ ember.ones(5, 1)).numpy(), [[20.0]])
    # Column vector with a large row stride (cols == 1).
    column = ember.arange(12.0).as_strided((4, 1), (3, 5))
    assert (ember.ones(1, 4) @ column).tolist() == [[18.0]]


def test_same_result_with_one_or_more_threads():
    rng = np.random.default_rng(7)
    a = rng.standard_normal((96, 80)).astype(np.float64)
    b = rng.standard_normal((80, 72)).astype(np.float64)
    before = ember.get_num_threads()
    try:
        ember.set_num_threads(1)
        assert ember.get_num_threads() == 1
        one = (ember.tensor(a) @ ember.tensor(b)).numpy()
        ember.set_num_threads(2)
        assert ember.get_num_threads() == 2
        two = (ember.tensor(a) @ ember.tensor(b)).numpy()
    finally:
        ember.set_num_threads(before)
    np.testing.assert_allclose(one, a @ b, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(two, a @ b, rtol=1e-12, atol=1e-12)


@st.composite
def operand(draw, rows, cols, npd):
    arr = draw(
        st.lists(st.integers(-8, 8), min_size=rows * cols, max_size=rows * cols).map(
            lambda v: np.array(v, dtype=npd).reshape(rows, cols)
        )
    )
    kind = draw(st.sampled_from(["contiguous", "transposed", "sliced", "sliced-transposed"]))
    return arr, kind


@settings(max_examples=60, deadline=None)
@given(st.data(), st.integers(0, 12), st.integers(0, 12), st.integers(0, 12), st.sampled_from(FLOATS))
def test_matmul_hypothesis(data, m, k, n, dtypes):
    npd, dtype = dtypes
    a, ka = data.draw(operand(m, k, npd))
    b, kb = data.draw(operand(k, n, npd))
    rng = np.random.default_rng(0)
    ta, tb = layouts(a, rng)[ka], layouts(b, rng)[kb]
    out = ta @ tb
    assert out.dtype is dtype and out.shape == (m, n)
    # Small integers: every product and sum is exact in float32 and float64.
    np.testing.assert_array_equal(out.numpy(), reference(a, b).astype(npd))


# --------------------------------------------------------------------- errors


@pytest.mark.parametrize("a_shape, b_shape", [((2, 3), (2, 3)), ((4, 5), (4, 5)), ((1, 0), (1, 1))], ids=str)
def test_mismatched_shapes_name_both(a_shape, b_shape):
    a, b = ember.ones(*a_shape), ember.ones(*b_shape)
    with pytest.raises(RuntimeError) as info:
        a @ b
    message = str(info.value)
    assert str(a_shape) in message and str(b_shape) in message


def test_dtype_mismatch_raises():
    with pytest.raises(RuntimeError):
        ember.ones(2, 3) @ ember.ones(3, 2, dtype=ember.float64)
    with pytest.raises(RuntimeError):
        ember.matmul(ember.ones(2, 3, dtype=ember.float64), ember.ones(3, 2, dtype=ember.int64))


def test_bool_raises_not_implemented():
    with pytest.raises(NotImplementedError, match="bool"):
        ember.ones(2, 3, dtype=ember.bool) @ ember.ones(3, 2, dtype=ember.bool)


def test_zero_dim_operands_raise():
    with pytest.raises(RuntimeError, match="at least 1-D"):
        ember.ones(()) @ ember.ones(())
    with pytest.raises(RuntimeError, match="at least 1-D"):
        ember.matmul(ember.ones(3), ember.ones(()))


def test_non_tensor_operand_raises_type_error():
    with pytest.raises(TypeError):
        ember.ones(2, 2) @ [[1.0, 0.0], [0.0, 1.0]]
