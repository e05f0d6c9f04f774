"""Joining and splitting: cat/concat/concatenate, stack and its h/v/d/column
forms, atleast_*d, split, chunk, tensor_split, unbind, hsplit/vsplit/dsplit.

Values are checked against NumPy; result dtypes, view-or-copy, edge cases and
exception classes follow torch 2.13 (each fact below was checked by running
the same call under torch).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shape_util import ALL_DTYPES, LAYOUTS, check, make, shares, storage_ptr

import ember

# ------------------------------------------------------------------- cat


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dim", [0, 1, -1, -2])
def test_cat_matches_numpy(dtype, layout, dim):
    a, na = make((2, 3), dtype, layout)
    b, nb = make((2, 3), dtype, "contiguous", start=3)
    if dim in (0, -2):
        c, nc = make((1, 3), dtype, layout, start=1)
    else:
        c, nc = make((2, 1), dtype, layout, start=1)
    out = ember.cat([a, b, c], dim)
    check(out, np.concatenate([na, nb, nc], dim), dtype)
    assert out.is_contiguous() and not shares(out, a)


def test_cat_spellings_and_arguments():
    a, na = make((2, 3))
    for out in (
        ember.cat((a, a), dim=1),
        ember.concat([a, a], 1),
        ember.concatenate([a, a], axis=1),
        ember.cat([a, a], 1),
    ):
        check(out, np.concatenate([na, na], 1))
    check(ember.cat([a]), na)
    assert not shares(ember.cat([a]), a)  # always a new tensor


def test_cat_three_dims_and_big_inputs():
    a, na = make((3, 4, 5), ember.float32, "transposed")
    b, nb = make((3, 2, 5), ember.float32, "sliced")
    check(ember.cat([a, b], 1), np.concatenate([na, nb], 1))
    big = ember.arange(200_000, dtype=ember.float64).reshape(1000, 200)  # crosses the parallel grain
    check(ember.cat([big, big.t().t()], 0), np.concatenate([big.numpy()] * 2, 0))


# torch.cat's result dtype: the promoted dtype of all inputs.
CAT_PROMOTION = [
    (ember.float32, ember.int64, ember.float32),
    (ember.bool, ember.uint8, ember.uint8),
    (ember.int8, ember.uint8, ember.int16),
    (ember.float16, ember.bfloat16, ember.float32),
    (ember.int32, ember.complex64, ember.complex64),
    (ember.float64, ember.complex64, ember.complex128),
    (ember.bool, ember.bool, ember.bool),
]


@pytest.mark.parametrize("d1, d2, expected", CAT_PROMOTION, ids=str)
def test_cat_promotes(d1, d2, expected):
    a, na = make((2, 2), d1)
    b, nb = make((1, 2), d2)
    check(ember.cat([a, b]), np.concatenate([na, nb]), expected)
    check(ember.stack([a, a.to(d2)]), np.stack([na, na]), expected)


def test_cat_legacy_empty_1d_tensors_are_skipped():
    a, na = make((2, 3))
    e = ember.empty(0)
    check(ember.cat([a, e]), na, ember.float32)  # e still takes part in promotion
    check(ember.cat([e, a]), na, ember.float32)
    check(ember.cat([a, e], -1), na)
    assert ember.cat([ember.empty(0, dtype=ember.float64), a]).dtype == ember.float64
    assert ember.cat([ember.empty(0), ember.empty(0)]).shape == (0,)
    assert ember.cat([ember.empty(0), ember.empty(0)], 2).shape == (0,)  # no dim check when all are skipped
    assert ember.cat([ember.empty(0), ember.empty(0, 4)], 1).shape == (0, 4)
    # an empty tensor of another rank is not skipped
    assert ember.cat([ember.empty(0, 3), a]).shape == (2, 3)
    assert ember.cat([ember.empty(0, 3), ember.empty(0, 4)], 1).shape == (0, 7)


def test_cat_errors():
    a = ember.ones(2, 3)
    with pytest.raises(
        RuntimeError, match=r"cat: Sizes of tensors must match except in dimension 0.*\(2, 3\).*\(2, 4\)"
    ):
        ember.cat([a, ember.ones(2, 4)])
    with pytest.raises(RuntimeError, match=r"Sizes of tensors must match except in dimension 0"):
        ember.cat([ember.empty(0, 3), ember.empty(0, 4)])
    with pytest.raises(RuntimeError, match=r"cat: Tensors must have same number of dimensions: got 2 and 1"):
        ember.cat([a, ember.ones(3)])
    with pytest.raises(RuntimeError, match=r"got 2 and 3"):
        ember.cat([a, ember.ones(2, 1, 3)])
    with pytest.raises(ValueError, match=r"cat\(\): expected a non-empty list of Tensors"):
        ember.cat([])
    with pytest.raises(RuntimeError, match=r"zero-dimensional tensor \(at position 0\) cannot be concatenated"):
        ember.cat([ember.tensor(1.0), ember.tensor(2.0)])
    for dim in (2, -3):
        with pytest.raises(IndexError, match=r"cat: dimension out of range \(expected to be in range of \[-2, 1\]"):
            ember.cat([a, a], dim)
    with pytest.raises(IndexError, match=r"range of \[-2, 1\], but got 5"):
        ember.cat([ember.empty(0), a], 5)  # checked against the first non-skipped input
    with pytest.raises(TypeError, match=r"must be tuple of Tensors, not .*Tensor"):
        ember.cat(a)
    with pytest.raises(TypeError, match=r"expected Tensor as element 1 in argument 0, but got int"):
        ember.cat([a, 3])


# ------------------------------------------------------------------- stack


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_stack_matches_numpy(dtype, layout):
    a, na = make((2, 3), dtype, layout)
    b, nb = make((2, 3), dtype, "sliced", start=2)
    for dim in (0, 1, 2, -1, -3):
        check(ember.stack([a, b], dim), np.stack([na, nb], dim), dtype)
    check(ember.stack((a,)), na[None])


def test_stack_of_scalars_and_empties():
    z = ember.tensor(1.5)
    check(ember.stack([z, z]), np.array([1.5, 1.5]))
    check(ember.stack([z, z], -1), np.array([1.5, 1.5]))
    assert ember.stack([ember.empty(0), ember.empty(0)]).shape == (2, 0)
    assert ember.stack([ember.empty(2, 0)] * 3, 1).shape == (2, 3, 0)


def test_stack_errors():
    a = ember.ones(2, 3)
    with pytest.raises(
        RuntimeError,
        match=r"stack expects each tensor to be equal size, but got \(2, 3\) at entry 0 "
        r"and \(2, 4\) at entry 1",
    ):
        ember.stack([a, ember.ones(2, 4)])
    with pytest.raises(RuntimeError, match=r"stack expects a non-empty TensorList"):
        ember.stack([])
    with pytest.raises(
        IndexError, match=r"stack: dimension out of range \(expected to be in range of \[-3, 2\], but got 3"
    ):
        ember.stack([a, a], 3)
    with pytest.raises(IndexError, match=r"\[-1, 0\], but got 1"):
        ember.stack([ember.tensor(1.0)] * 2, 1)


# ------------------------------------------------- hstack, vstack, dstack, column_stack

STACKERS = [
    (ember.hstack, np.hstack),
    (ember.vstack, np.vstack),
    (ember.row_stack, np.vstack),
    (ember.dstack, np.dstack),
    (ember.column_stack, np.column_stack),
]


@pytest.mark.parametrize("ours, theirs", STACKERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", [(), (3,), (3, 1), (3, 2, 2)], ids=str)
@pytest.mark.parametrize("layout", ["contiguous", "transposed", "expanded"])
def test_stackers_match_numpy(ours, theirs, shape, layout):
    a, na = make(shape, ember.int32, layout)
    b, nb = make(shape, ember.float32, "contiguous", start=3)
    out = ours([a, b])
    expected = theirs([na, nb])
    check(out, expected, ember.float32)


def test_stackers_join_different_sizes_along_their_dim():
    check(ember.hstack([ember.ones(3), ember.zeros(2)]), np.r_[np.ones(3), np.zeros(2)])
    check(ember.hstack([ember.ones(2, 3), ember.zeros(2, 4)]), np.hstack([np.ones((2, 3)), np.zeros((2, 4))]))
    check(ember.vstack([ember.ones(3), ember.zeros(2, 3)]), np.vstack([np.ones(3), np.zeros((2, 3))]))
    check(ember.column_stack([ember.ones(3), ember.zeros(3, 2)]), np.column_stack([np.ones(3), np.zeros((3, 2))]))
    check(ember.dstack([ember.ones(2, 2), ember.zeros(2, 2, 3)]), np.dstack([np.ones((2, 2)), np.zeros((2, 2, 3))]))


@pytest.mark.parametrize("name", ["hstack", "vstack", "dstack", "column_stack"])
def test_stackers_errors(name):
    with pytest.raises(RuntimeError, match=rf"{name} expects a non-empty TensorList"):
        getattr(ember, name)([])
    with pytest.raises(RuntimeError, match=rf"{name}: Sizes of tensors must match"):
        getattr(ember, name)([ember.ones(3, 2, 2), ember.ones(4, 5, 3)])


# ------------------------------------------------------------- atleast_*d

ATLEAST = [(ember.atleast_1d, np.atleast_1d), (ember.atleast_2d, np.atleast_2d), (ember.atleast_3d, np.atleast_3d)]


@pytest.mark.parametrize("ours, theirs", ATLEAST, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 3), (2, 3, 4), (1, 2, 3, 4)], ids=str)
def test_atleast_matches_numpy_and_returns_views(ours, theirs, shape):
    t, arr = make(shape, ember.float64, "transposed")
    out = ours(t)
    check(out, theirs(arr))
    assert shares(out, t)
    if out.dim() == t.dim():
        assert out is t
    pair = ours(t, t)
    assert isinstance(pair, tuple) and len(pair) == 2
    check(pair[1], theirs(arr))
    assert isinstance(ours([t]), tuple) and len(ours((t, t))) == 2
    assert ours() == ()


# ------------------------------------------------------------------ split


def pieces_match(pieces, expected, base):
    assert isinstance(pieces, tuple)
    assert len(pieces) == len(expected)
    for p, e in zip(pieces, expected, strict=True):
        check(p, e, base.dtype)
        assert shares(p, base)  # every piece is a view


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_split_matches_numpy_and_returns_views(dtype, layout):
    t, arr = make((7, 4), dtype, layout)
    pieces_match(ember.split(t, 3), np.split(arr, [3, 6]), t)
    pieces_match(t.split(2, 1), np.split(arr, [2], 1), t)
    pieces_match(t.split([1, 0, 6]), np.split(arr, [1, 1]), t)
    pieces_match(ember.split(t, (3, 1), dim=-1), np.split(arr, [3], 1), t)
    pieces_match(t.split_with_sizes([4, 3]), np.split(arr, [4]), t)
    pieces_match(ember.split(t, 10), [arr], t)


def test_split_piece_geometry():
    t = ember.arange(12.0).reshape(3, 4)
    a, b = t.split(2, 1)
    assert (a.stride(), a.storage_offset(), b.storage_offset()) == ((4, 1), 0, 2)
    parts = ember.arange(10.0).split(3)
    assert [p.storage_offset() for p in parts] == [0, 3, 6, 9] and parts[-1].shape == (1,)
    assert parts[0].data_ptr() == storage_ptr(parts[0])


def test_split_empty_dims():
    e = ember.empty(0)
    assert [p.shape for p in ember.split(e, 3)] == [(0,)]
    assert [p.shape for p in ember.split(e, 0)] == [(0,)]
    assert [p.shape for p in ember.chunk(e, 3)] == [(0,), (0,), (0,)]
    assert [p.shape for p in ember.split(ember.empty(2, 0), [0, 0], 1)] == [(2, 0), (2, 0)]


def test_split_errors():
    a = ember.arange(10.0)
    with pytest.raises(RuntimeError, match=r"split_with_sizes expects split_sizes to sum exactly to 10 .*\(3, 6\)"):
        a.split([3, 6])
    with pytest.raises(RuntimeError, match=r"sum exactly to 10"):
        ember.split(a, [])
    with pytest.raises(RuntimeError, match=r"split_with_sizes expects split_sizes have only non-negative entries"):
        a.split([3, -1, 8])
    with pytest.raises(
        RuntimeError, match=r"split_size can only be 0 if dimension size is 0, but got dimension size of 10"
    ):
        a.split(0)
    with pytest.raises(RuntimeError, match=r"split expects split_size be non-negative, but got split_size=-1"):
        a.split(-1)
    with pytest.raises(RuntimeError, match=r"split expects at least a 1-dimensional tensor"):
        ember.tensor(1.0).split(1)
    with pytest.raises(IndexError, match=r"split: dimension out of range .*\[-1, 0\], but got 1"):
        a.split(2, 1)


# ------------------------------------------------------------------ chunk

# (size, chunks) -> torch's piece sizes
CHUNKS = [(10, 3, [4, 4, 2]), (10, 20, [1] * 10), (5, 4, [2, 2, 1]), (6, 4, [2, 2, 2]), (6, 1, [6]), (1, 5, [1])]


@pytest.mark.parametrize("n, chunks, sizes", CHUNKS, ids=str)
def test_chunk_sizes_as_torch(n, chunks, sizes):
    t, arr = make((3, n), ember.int16, "sliced")
    pieces = t.chunk(chunks, 1)
    pieces_match(pieces, np.split(arr, np.cumsum(sizes)[:-1], 1), t)
    assert [p.shape[1] for p in ember.chunk(t, chunks, dim=-1)] == sizes


def test_chunk_errors():
    a = ember.arange(10.0)
    for chunks in (0, -1):
        with pytest.raises(RuntimeError, match=rf"chunk expects `chunks` to be greater than 0, got: {chunks}"):
            a.chunk(chunks)
    with pytest.raises(RuntimeError, match=r"chunk expects at least a 1-dimensional tensor"):
        ember.tensor(1.0).chunk(1)
    with pytest.raises(IndexError, match=r"chunk: dimension out of range"):
        a.chunk(2, 1)


# ------------------------------------------------------------ tensor_split


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_tensor_split_sections_match_numpy_array_split(dtype):
    t, arr = make((10, 3), dtype, "transposed")
    for sections in (1, 3, 4, 10, 12):
        pieces_match(ember.tensor_split(t, sections), np.array_split(arr, sections), t)
        pieces_match(t.tensor_split(sections, 1), np.array_split(arr, sections, 1), t)


# indices -> torch's (size, storage offset) per piece of arange(10)
TENSOR_SPLIT_INDICES = [
    ([2, 5], [(2, 0), (3, 2), (5, 5)]),
    ((2, 5, 20), [(2, 0), (3, 2), (5, 5), (0, 10)]),
    ([5, 2], [(5, 0), (0, 5), (8, 2)]),
    ([-2], [(8, 0), (2, 8)]),
    ([], [(10, 0)]),
]


@pytest.mark.parametrize("indices, expected", TENSOR_SPLIT_INDICES, ids=str)
def test_tensor_split_indices_as_torch(indices, expected):
    a = ember.arange(10.0)
    for pieces in (
        ember.tensor_split(a, indices),
        a.tensor_split(indices),
        ember.tensor_split(a, indices=indices),
        ember.tensor_split(a, ember.tensor(list(indices), dtype=ember.int64)),
    ):
        assert [(p.shape[0], p.storage_offset()) for p in pieces] == expected
        for p in pieces:
            check(p, np.arange(10.0)[p.storage_offset() : p.storage_offset() + p.shape[0]])


def test_tensor_split_forms():
    m, arr = make((3, 4))
    pieces_match(ember.tensor_split(m, 3, dim=1), np.array_split(arr, 3, 1), m)
    pieces_match(ember.tensor_split(m, sections=2), np.array_split(arr, 2), m)
    pieces_match(ember.tensor_split(m, ember.tensor(3)), np.array_split(arr, 3), m)
    pieces_match(m.tensor_split(ember.tensor([1, 2]), 1), np.split(arr, [1, 2], 1), m)
    pieces_match(ember.tensor_split(m, tensor_indices_or_sections=ember.tensor([1])), np.split(arr, [1]), m)


def test_tensor_split_errors():
    a = ember.arange(10.0)
    for sections in (0, -1):
        with pytest.raises(RuntimeError, match=rf"number of sections must be larger than 0, got {sections}"):
            ember.tensor_split(a, sections)
    with pytest.raises(
        RuntimeError, match=r"to be a zero-dimensional or one-dimensional tensor, but got a tensor with 2"
    ):
        ember.tensor_split(a, ember.tensor([[2, 5]]))
    with pytest.raises(RuntimeError, match=r"tensor_indices_or_sections to have dtype of long, but got float32"):
        ember.tensor_split(a, ember.tensor(3.0))
    with pytest.raises(RuntimeError, match=r"dtype of long, but got int32"):
        ember.tensor_split(a, ember.tensor([2], dtype=ember.int32))
    with pytest.raises(
        RuntimeError, match=r"tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0"
    ):
        ember.tensor_split(ember.tensor(1.0), 2)
    with pytest.raises(TypeError, match=r"missing 1 required positional argument"):
        ember.tensor_split(a)


# --------------------------------------------------------------- unbind


@pytest.mark.parametrize("dtype", [ember.bool, ember.int8, ember.bfloat16, ember.complex128], ids=str)
def test_unbind_matches_numpy_and_returns_views(dtype):
    t, arr = make((3, 4), dtype, "transposed")
    for dim in (0, 1, -1):
        pieces = ember.unbind(t, dim)
        pieces_match(pieces, [np.take(arr, i, axis=dim) for i in range(arr.shape[dim])], t)
    with pytest.raises(IndexError):
        ember.unbind(ember.tensor(1.0))


# --------------------------------------------------------- hsplit, vsplit, dsplit

AXIS_SPLITS = [(ember.hsplit, np.hsplit, 1), (ember.vsplit, np.vsplit, 2), (ember.dsplit, np.dsplit, 3)]


@pytest.mark.parametrize("ours, theirs, min_dims", AXIS_SPLITS, ids=lambda f: getattr(f, "__name__", str(f)))
@pytest.mark.parametrize("dtype", [ember.bool, ember.int64, ember.float16, ember.complex64], ids=str)
def test_axis_splits_match_numpy(ours, theirs, min_dims, dtype):
    for shape in [(4,), (4, 4), (4, 4, 4), (2, 4, 4, 2)][min_dims - 1 :]:
        t, arr = make(shape, dtype, "sliced")
        pieces_match(ours(t, 2), theirs(arr, 2), t)
        pieces_match(ours(t, [1, 3]), theirs(arr, [1, 3]), t)
        pieces_match(getattr(t, ours.__name__)([3]), theirs(arr, [3]), t)


def test_axis_split_errors():
    with pytest.raises(
        RuntimeError,
        match=r"hsplit attempted to split along dimension 0, but the size of the dimension 10 is "
        r"not divisible by the split_size 3!",
    ):
        ember.hsplit(ember.arange(10.0), 3)
    with pytest.raises(RuntimeError, match=r"hsplit attempted to split along dimension 1, .* split_size 0!"):
        ember.hsplit(ember.ones(3, 4), 0)
    with pytest.raises(
        RuntimeError, match=r"vsplit attempted to split along dimension 0, but the size of the dimension 3"
    ):
        ember.vsplit(ember.ones(3, 4), 2)
    with pytest.raises(
        RuntimeError, match=r"hsplit requires a tensor with at least 1 dimension, but got a tensor with 0"
    ):
        ember.hsplit(ember.tensor(1.0), 1)
    with pytest.raises(
        RuntimeError, match=r"vsplit requires a tensor with at least 2 dimensions, but got a tensor with 1"
    ):
        ember.vsplit(ember.arange(4.0), 2)
    with pytest.raises(
        RuntimeError, match=r"dsplit requires a tensor with at least 3 dimensions, but got a tensor with 2"
    ):
        ember.dsplit(ember.ones(2, 2), 2)


# ---------------------------------------------------------------- hypothesis


@st.composite
def cat_case(draw):
    ndim = draw(st.integers(1, 4))
    shape = draw(st.lists(st.integers(0, 4), min_size=ndim, max_size=ndim))
    dim = draw(st.integers(-ndim, ndim - 1))
    lengths = draw(st.lists(st.integers(0, 4), min_size=1, max_size=4))
    layouts = draw(st.lists(st.sampled_from(LAYOUTS), min_size=len(lengths), max_size=len(lengths)))
    return shape, dim, lengths, layouts


@settings(max_examples=150, deadline=None)
@given(cat_case())
def test_cat_and_split_round_trip_hypothesis(case):
    shape, dim, lengths, layouts = case
    parts, arrays = [], []
    for i, (n, layout) in enumerate(zip(lengths, layouts, strict=True)):
        s = list(shape)
        s[dim] = n
        t, arr = make(s, ember.float32, layout, start=i)
        parts.append(t)
        arrays.append(arr)
    out = ember.cat(parts, dim)
    expected = np.concatenate(arrays, dim)
    check(out, expected)
    # split by the same lengths gives the inputs back, as views of out
    back = out.split(lengths, dim)
    for piece, arr in zip(back, arrays, strict=True):
        check(piece, arr)
        assert shares(piece, out)
    if out.shape[dim] > 0:
        size = max(1, out.shape[dim] // 2)
        bounds = list(range(size, out.shape[dim], size))
        for piece, arr in zip(out.split(size, dim), np.split(expected, bounds, dim), strict=True):
            check(piece, arr)
