"""einsum, tensordot, inner, chain_matmul and linalg.multi_dot against NumPy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ember


def rand(*shape, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed + sum(shape))
    x = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


EINSUM_CASES = [
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("bij,bkj->bik", [(2, 3, 4), (2, 5, 4)]),
    ("ij->ji", [(3, 4)]),
    ("ij->", [(3, 4)]),
    ("ii->i", [(4, 4)]),
    ("ii", [(4, 4)]),
    ("iij->ji", [(3, 3, 2)]),
    ("i,i->", [(5,), (5,)]),
    ("i,j->ij", [(3,), (4,)]),
    ("i,j", [(3,), (4,)]),
    ("...ij,...jk->...ik", [(2, 3, 3, 4), (3, 4, 2)]),
    ("...ij,...jk", [(2, 1, 3, 4), (5, 4, 2)]),
    ("i...->...", [(3, 2, 4)]),
    ("...,...->...", [(2, 3), (3,)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("ab,bc,cd,de->ae", [(2, 8), (8, 3), (3, 9), (9, 2)]),
    ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
    ("ijk,ikl->jl", [(2, 3, 4), (2, 4, 5)]),
    ("Ab,bA->A", [(3, 4), (4, 3)]),
    (",ij->ij", [(), (2, 3)]),
    ("i,i,i->i", [(4,), (4,), (4,)]),
    ("ij,ij->ij", [(3, 4), (3, 4)]),
    ("ij,kl->ijkl", [(2, 3), (2, 2)]),
    ("ij,j->i", [(3, 0), (0,)]),
    ("i j , j k -> i k", [(3, 4), (4, 5)]),
]


@pytest.mark.parametrize("equation, shapes", EINSUM_CASES, ids=[c[0] for c in EINSUM_CASES])
@pytest.mark.parametrize("dtype", [np.float64, np.complex128, np.float32])
def test_einsum_matches_numpy(equation, shapes, dtype):
    arrays = [rand(*s, dtype=dtype, seed=i) for i, s in enumerate(shapes)]
    out = ember.einsum(equation, *[ember.tensor(a) for a in arrays])
    expected = np.einsum(equation.replace(" ", ""), *arrays)
    assert tuple(out.shape) == expected.shape
    tol = 1e-4 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(out.numpy(), expected, rtol=tol, atol=tol)


def test_einsum_takes_a_list_and_non_contiguous_operands():
    a = rand(4, 3)
    b = rand(5, 4)
    ta = ember.tensor(np.ascontiguousarray(a.T)).t()
    tb = ember.tensor(b)[:, ::1]
    np.testing.assert_allclose(ember.einsum("ij,kj->ik", [ta.t(), tb]).numpy(), a.T @ b.T, rtol=1e-12)


def test_einsum_broadcasts_size_one_dims():
    a, b = rand(2, 1, 3), rand(4, 3)
    out = ember.einsum("bij,jk->bik", ember.tensor(a), ember.tensor(b[:, :3].T.copy()))
    np.testing.assert_allclose(out.numpy(), np.einsum("bij,jk->bik", a, b[:, :3].T), rtol=1e-12)


def test_einsum_integers():
    a = np.arange(6).reshape(2, 3)
    b = np.arange(12).reshape(3, 4)
    out = ember.einsum("ij,jk->ik", ember.tensor(a), ember.tensor(b))
    assert out.dtype is ember.int64
    np.testing.assert_array_equal(out.numpy(), a @ b)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_einsum_hypothesis(data):
    """Random equations over labels a-e: each operand draws 0-3 labels, the output a subset."""
    labels = "abcde"
    size = {ch: data.draw(st.integers(1, 3)) for ch in labels}
    n_ops = data.draw(st.integers(1, 3))
    terms = [data.draw(st.lists(st.sampled_from(labels), max_size=3)) for _ in range(n_ops)]
    used = sorted({ch for t in terms for ch in t})
    out = data.draw(st.lists(st.sampled_from(used), unique=True)) if used else []
    equation = ",".join("".join(t) for t in terms) + "->" + "".join(out)
    arrays = [rand(*[size[ch] for ch in t], seed=i) for i, t in enumerate(terms)]
    result = ember.einsum(equation, *[ember.tensor(a) for a in arrays])
    np.testing.assert_allclose(result.numpy(), np.einsum(equation, *arrays), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize(
    "equation, shapes, error, match",
    [
        ("ij,jk->ik", [(3, 4)], RuntimeError, "fewer operands"),
        ("ij->ij", [(3, 4), (4, 5)], RuntimeError, "more operands"),
        ("ij,jk->ik", [(3, 4), (5, 6)], RuntimeError, "subscript j has size 5"),
        ("ijk->i", [(3, 4)], RuntimeError, "number of subscripts"),
        ("ij->k", [(3, 4)], RuntimeError, "output subscript k"),
        ("ij->ii", [(3, 4)], RuntimeError, "more than once"),
        ("i1->i", [(3, 4)], RuntimeError, "invalid subscript"),
        ("ii->i", [(3, 4)], RuntimeError, "subscript i is repeated"),
        ("i..j.->i", [(3, 4)], RuntimeError, "ellipsis"),
    ],
)
def test_einsum_errors(equation, shapes, error, match):
    with pytest.raises(error, match=match):
        ember.einsum(equation, *[ember.ones(*s) for s in shapes])


def test_einsum_mixed_dtypes_raise():
    with pytest.raises(RuntimeError, match="same dtype"):
        ember.einsum("ij,jk", ember.ones(2, 2), ember.ones(2, 2, dtype=ember.float64))


@pytest.mark.parametrize(
    "a_shape, b_shape, dims",
    [
        ((3, 4, 5), (4, 5, 6), 2),
        ((3, 4), (4, 5), 1),
        ((3, 4), (5, 6), 0),
        ((3, 4, 5), (5, 3, 2), ([0, 2], [1, 0])),
        ((3, 4), (4, 3), ([1], [0])),
        ((2, 3), (3, 2), ([-1], [0])),
    ],
)
def test_tensordot_matches_numpy(a_shape, b_shape, dims):
    a, b = rand(*a_shape), rand(*b_shape, seed=1)
    out = ember.tensordot(ember.tensor(a), ember.tensor(b), dims=dims)
    np.testing.assert_allclose(out.numpy(), np.tensordot(a, b, axes=dims), rtol=1e-12, atol=1e-12)


def test_tensordot_errors():
    with pytest.raises(RuntimeError, match="contracted dimensions need to match"):
        ember.tensordot(ember.ones(3, 2), ember.ones(4, 2), dims=([1], [0]))
    with pytest.raises(RuntimeError, match="same dtype"):
        ember.tensordot(ember.ones(3, 2), ember.ones(2, 3, dtype=ember.float64), dims=1)


@pytest.mark.parametrize(
    "a_shape, b_shape", [((3,), (3,)), ((2, 3), (4, 3)), ((2, 1, 3), (3,)), ((), (2, 3)), ((3,), ())]
)
def test_inner_matches_numpy(a_shape, b_shape):
    a, b = rand(*a_shape), rand(*b_shape, seed=1)
    out = ember.inner(ember.tensor(a), ember.tensor(b))
    np.testing.assert_allclose(out.numpy(), np.inner(a, b), rtol=1e-12)
    np.testing.assert_allclose(ember.tensor(a).inner(ember.tensor(b)).numpy(), np.inner(a, b), rtol=1e-12)


def test_inner_mismatch_names_both_shapes():
    with pytest.raises(RuntimeError, match=r"\(3, 2\) and \(4,\)"):
        ember.inner(ember.ones(3, 2), ember.ones(4))


@pytest.mark.parametrize(
    "shapes",
    [
        [(3, 4), (4, 5)],
        [(10, 2), (2, 30), (30, 4), (4, 50)],
        [(4,), (4, 5), (5, 2)],
        [(3, 4), (4, 5), (5,)],
        [(4,), (4, 6), (6,)],
    ],
    ids=str,
)
def test_multi_dot_matches_numpy(shapes):
    arrays = [rand(*s, seed=i) for i, s in enumerate(shapes)]
    out = ember.linalg.multi_dot([ember.tensor(a) for a in arrays])
    expected = np.linalg.multi_dot(arrays)
    assert tuple(out.shape) == np.shape(expected)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-10)


def test_chain_matmul():
    arrays = [rand(2, 3), rand(3, 4, seed=1), rand(4, 2, seed=2)]
    out = ember.chain_matmul(*[ember.tensor(a) for a in arrays])
    np.testing.assert_allclose(out.numpy(), arrays[0] @ arrays[1] @ arrays[2], rtol=1e-12)
    single = ember.tensor(arrays[0])
    assert ember.equal(ember.chain_matmul(single), single)
    with pytest.raises(RuntimeError, match="one or more"):
        ember.chain_matmul()


def test_multi_dot_errors():
    with pytest.raises(RuntimeError, match="at least 2"):
        ember.linalg.multi_dot([ember.ones(3)])
    with pytest.raises(RuntimeError, match="cannot be multiplied"):
        ember.linalg.multi_dot([ember.ones(2, 3), ember.ones(4, 2)])
    with pytest.raises(RuntimeError, match="2-D"):
        ember.linalg.multi_dot([ember.ones(2, 3), ember.ones(3, 2, 2), ember.ones(2, 2)])


def test_linalg_matmul_and_vecdot():
    a, b = rand(2, 3), rand(3, 4, seed=1)
    np.testing.assert_allclose(ember.linalg.matmul(ember.tensor(a), ember.tensor(b)).numpy(), a @ b, rtol=1e-12)
    x, y = rand(2, 3, dtype=np.complex128), rand(2, 3, dtype=np.complex128, seed=1)
    out = ember.linalg.vecdot(ember.tensor(x), ember.tensor(y))
    np.testing.assert_allclose(out.numpy(), (x.conj() * y).sum(-1), rtol=1e-12)


def test_einsum_sublist_form():
    a, b = rand(2, 3), rand(3, 4, seed=1)
    ta, tb = ember.tensor(a), ember.tensor(b)
    np.testing.assert_allclose(ember.einsum(ta, [0, 1], tb, [1, 2], [0, 2]).numpy(), a @ b, rtol=1e-12)
    np.testing.assert_allclose(ember.einsum(ta, [0, 1], tb, [1, 2]).numpy(), a @ b, rtol=1e-12)
    np.testing.assert_allclose(ember.einsum(ta, [Ellipsis, 1], [Ellipsis]).numpy(), a.sum(1), rtol=1e-12)
    with pytest.raises(RuntimeError, match="range"):
        ember.einsum(ta, [0, 99])
