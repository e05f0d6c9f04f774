"""Tensor methods PyTorch code reaches for on day one (ember/_tensor_extra.py):
dtype shorthands, type_as, conj/H/mH, ravel, size and layout facts, dim_order,
`+t`, `x in t` and copy.deepcopy. Expected values are NumPy's or written out
from PyTorch's documented behaviour."""

import copy
import pickle
import warnings

import numpy as np
import pytest

import ember

SHORTHANDS = {
    "double": (ember.float64, np.float64),
    "float": (ember.float32, np.float32),
    "half": (ember.float16, np.float16),
    "bfloat16": (ember.bfloat16, None),
    "int": (ember.int32, np.int32),
    "long": (ember.int64, np.int64),
    "short": (ember.int16, np.int16),
    "bool": (ember.bool, np.bool_),
    "byte": (ember.uint8, np.uint8),
    "char": (ember.int8, np.int8),
    "cfloat": (ember.complex64, np.complex64),
    "cdouble": (ember.complex128, np.complex128),
}
VALUES = np.array([[1.75, 0.0, 3.25], [2.5, 7.0, 0.5]])  # non-negative: casts to uint8 are defined


@pytest.mark.parametrize("name", sorted(SHORTHANDS))
def test_dtype_shorthand_converts(name):
    dtype, np_dtype = SHORTHANDS[name]
    out = getattr(ember.tensor(VALUES), name)()
    assert out.dtype == dtype
    if np_dtype is not None:
        np.testing.assert_array_equal(out.numpy(), VALUES.astype(np.float32).astype(np_dtype))
    else:  # bfloat16: these values are exact in it
        np.testing.assert_array_equal(out.float().numpy(), VALUES)


@pytest.mark.parametrize("name", sorted(SHORTHANDS))
def test_dtype_shorthand_is_self_when_already_that_dtype(name):
    x = ember.zeros(2, dtype=SHORTHANDS[name][0])
    assert getattr(x, name)() is x
    assert getattr(x, name)(memory_format=ember.preserve_format) is x


def test_dtype_shorthand_memory_format():
    x = ember.tensor(VALUES).t()
    out = x.double(memory_format=ember.contiguous_format)
    assert out.is_contiguous() and out.shape == (3, 2)
    np.testing.assert_array_equal(out.numpy(), VALUES.T)
    with pytest.raises(ValueError, match=r"long\(\): memory_format must be ember.preserve_format"):
        x.long(memory_format="channels_last")


def test_integer_shorthands_truncate_like_numpy():
    x = ember.tensor([-2.75, -0.5, 0.5, 2.75])
    np.testing.assert_array_equal(x.long().numpy(), [-2, 0, 0, 2])
    np.testing.assert_array_equal(x.char().numpy(), [-2, 0, 0, 2])
    np.testing.assert_array_equal(x.bool().numpy(), [True, True, True, True])


def test_type_as():
    x = ember.tensor([1.5, -2.5])
    out = x.type_as(ember.zeros(1, dtype=ember.int32))
    assert out.dtype == ember.int32
    np.testing.assert_array_equal(out.numpy(), [1, -2])
    assert x.type_as(ember.zeros(3)) is x
    with pytest.raises(TypeError, match="type_as"):
        x.type_as(ember.float64)


def _complex(re, im):
    return ember.view_as_complex(ember.stack([ember.tensor(re), ember.tensor(im)], -1))


def test_conj_of_complex_and_real():
    re, im = np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[2.0, 0.0], [-1.0, 4.0]])
    z = _complex(re, im)
    np.testing.assert_array_equal(z.conj().numpy(), (re + 1j * im).conj())
    assert not z.conj().is_conj() and not z.is_neg()
    x = ember.ones(3)
    assert x.conj() is x
    assert z.resolve_conj() is z and z.resolve_neg() is z


def test_H_and_mH():
    re, im = np.arange(6.0).reshape(2, 3), -np.arange(6.0).reshape(2, 3)
    z = _complex(re, im)
    np.testing.assert_array_equal(z.H.numpy(), (re + 1j * im).conj().T)
    x = ember.tensor(np.arange(24.0).reshape(2, 3, 4))
    np.testing.assert_array_equal(x.mH.numpy(), np.arange(24.0).reshape(2, 3, 4).swapaxes(-1, -2))
    np.testing.assert_array_equal(ember.tensor(re).H.numpy(), re.T)


def test_H_and_mH_errors_and_0d():
    with pytest.raises(RuntimeError, match=r"tensor\.H is only supported on matrices \(2-D tensors\)\. Got 1-D"):
        _ = ember.ones(3).H
    with pytest.raises(RuntimeError, match=r"Got 3-D tensor\. For batches of matrices, consider using tensor\.mH"):
        _ = ember.ones(2, 2, 2).H
    with pytest.raises(RuntimeError, match=r"tensor\.mH is only supported on matrices or batches.*Got 1-D"):
        _ = ember.ones(3).mH
    for name in ("H", "mH"):
        with pytest.warns(UserWarning, match=f"Tensor.{name} is deprecated on 0-D tensors"):
            assert getattr(ember.tensor(2.0), name).item() == 2.0


def test_ravel():
    a = np.arange(6).reshape(2, 3)
    x = ember.tensor(a)
    flat = x.ravel()
    assert flat.shape == (6,) and flat.data_ptr() == x.data_ptr()  # a view when contiguous
    np.testing.assert_array_equal(x.t().ravel().numpy(), a.T.ravel())
    assert ember.tensor(5).ravel().shape == (1,)


@pytest.mark.parametrize("dtype", [ember.float64, ember.float16, ember.int8, ember.bool, ember.complex64])
def test_size_facts(dtype):
    x = ember.zeros(4, 3, dtype=dtype)
    itemsize = {ember.float64: 8, ember.float16: 2, ember.int8: 1, ember.bool: 1, ember.complex64: 8}[dtype]
    assert x.itemsize == itemsize == x.element_size()
    assert x.nbytes == 12 * itemsize
    assert x[:, :1].nbytes == 4 * itemsize  # the elements shown, not the storage
    assert x.nelement() == 12 == x.numel()


def test_layout_and_kind_flags():
    x = ember.ones(2)
    assert x.layout is ember.strided and repr(ember.strided) == "ember.strided"
    assert isinstance(ember.strided, ember.layout)
    assert isinstance(ember.preserve_format, ember.memory_format)
    assert repr(ember.contiguous_format) == "ember.contiguous_format"
    assert pickle.loads(pickle.dumps(ember.strided)) is ember.strided
    assert pickle.loads(pickle.dumps(ember.preserve_format)) is ember.preserve_format
    assert x.is_sparse is False and x.is_meta is False


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: ember.zeros(2, 3, 4), (0, 1, 2)),
        (lambda: ember.zeros(2, 3, 4).permute(2, 0, 1), (1, 2, 0)),
        (lambda: ember.zeros(2, 3).t(), (1, 0)),
        (lambda: ember.zeros(3, 4)[:, ::2], (0, 1)),
        (lambda: ember.zeros(()), ()),
        # strides that leave a dim's place open (size 1, stride 0): logical order, as PyTorch
        (lambda: ember.zeros(1, 2).t(), (0, 1)),
        (lambda: ember.zeros(2, 1, 3).permute(2, 1, 0), (2, 1, 0)),
        (lambda: ember.zeros(3).expand(2, 3), (0, 1)),
    ],
)
def test_dim_order(make, expected):
    assert make().dim_order() == expected


def test_dim_order_matches_stride_sort_when_strides_differ():
    rng = np.random.default_rng(0)
    for _ in range(10):
        perm = tuple(rng.permutation(4))
        x = ember.zeros(2, 3, 4, 5).permute(*perm)
        assert x.dim_order() == tuple(np.argsort(-np.array(x.stride()), kind="stable"))
        assert x.dim_order(ambiguity_check=True) == x.dim_order()


def test_dim_order_ambiguity_check():
    for x in (ember.zeros(1, 2).t(), ember.zeros(3).expand(2, 3), ember.zeros(1)):
        with pytest.raises(RuntimeError, match="does not have a unique dim order"):
            x.dim_order(ambiguity_check=True)


def test_pos():
    x = ember.tensor([1.0, -2.0])
    assert +x is x
    with pytest.raises(RuntimeError, match=r"The `\+` operator, on a bool tensor is not supported"):
        +ember.tensor([True])


def test_contains():
    x = ember.tensor([[1.0, 2.0], [3.0, float("nan")]])
    assert 2 in x and 3.0 in x and np.float32(1.0) in x
    assert 5 not in x and float("nan") not in x  # nan equals nothing
    assert ember.tensor([3.0, 9.0]) in x  # broadcast: some row matches somewhere
    assert ember.tensor([9.0, 9.0]) not in x
    assert True in ember.tensor([False, True]) and False not in ember.tensor([True])
    with pytest.raises(
        RuntimeError, match="Tensor.__contains__ only supports Tensor or scalar, but you passed in a str"
    ):
        "a" in x  # noqa: B015


def test_deepcopy_values_strides_and_independence():
    base = ember.tensor(np.arange(12.0)).reshape(3, 4)
    x = base.t()[1:]
    c = copy.deepcopy(x)
    np.testing.assert_array_equal(c.numpy(), x.numpy())
    assert (c.shape, c.stride(), c.storage_offset(), c.dtype) == (x.shape, x.stride(), x.storage_offset(), x.dtype)
    assert c.data_ptr() != x.data_ptr()
    c.fill_(-1.0)
    np.testing.assert_array_equal(base.numpy(), np.arange(12.0).reshape(3, 4))  # the original is untouched


def test_deepcopy_keeps_storage_sharing_within_one_call():
    base = ember.arange(10.0)
    views = {"a": base[2:5], "b": base[::2], "base": base}
    c = copy.deepcopy(views)
    c["base"][2] = 100.0
    assert c["a"][0].item() == 100.0 and c["b"][1].item() == 100.0  # the copies still share memory
    assert base[2].item() == 2.0
    assert c["a"].storage_offset() == 2 and c["b"].stride() == (2,)
    other = copy.deepcopy(base[2:5])  # a second deepcopy makes new memory
    assert other.data_ptr() != c["a"].data_ptr()
    same = copy.deepcopy([base, base])
    assert same[0] is same[1]


def test_deepcopy_of_empty_and_integer_tensors():
    e = copy.deepcopy(ember.zeros(0, 3, dtype=ember.int64))
    assert e.shape == (0, 3) and e.dtype == ember.int64
    i = ember.tensor([1, 2, 3], dtype=ember.int16)
    np.testing.assert_array_equal(copy.deepcopy(i).numpy(), [1, 2, 3])


def test_deepcopy_requires_grad_leaf_and_grad():
    w = ember.tensor([1.0, 2.0], requires_grad=True)
    w.grad = ember.tensor([2.0, 4.0])
    c = copy.deepcopy(w)
    assert c.requires_grad and c.is_leaf and c.grad_fn is None
    np.testing.assert_array_equal(c.grad.numpy(), [2.0, 4.0])
    c.grad.add_(1.0)  # the gradient is copied too
    np.testing.assert_array_equal(w.grad.numpy(), [2.0, 4.0])
    assert not copy.deepcopy(ember.ones(2)).requires_grad
    assert copy.deepcopy(ember.ones(2)).grad is None


def test_meshgrid_warning_names_ember():
    x = ember.tensor([1, 2])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a, b = ember.meshgrid(x, ember.tensor([3, 4, 5]))
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1 and messages[0].startswith("ember.meshgrid: ") and "torch" not in messages[0]
    assert caught[0].filename == __file__  # points at the caller
    np.testing.assert_array_equal(a.numpy(), [[1, 1, 1], [2, 2, 2]])  # "ij" by default
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ember.meshgrid([x, x], indexing="xy")


def test_cross_against_numpy():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((4, 3, 2)), rng.standard_normal((4, 3, 2))
    want = np.cross(a, b, axis=1)
    np.testing.assert_allclose(ember.cross(ember.tensor(a), ember.tensor(b), dim=1).numpy(), want)
    np.testing.assert_allclose(ember.tensor(a).cross(ember.tensor(b), dim=-2).numpy(), want)
    with pytest.warns(UserWarning, match="Using ember.cross without specifying the dim arg is deprecated"):
        out = ember.tensor(a).cross(ember.tensor(b))  # the first dim of size 3: dim 1
    np.testing.assert_allclose(out.numpy(), want)
    with pytest.raises(RuntimeError, match=r"cross: no dimension of size 3 in input \(shape \(2, 4\)\)"):
        with pytest.warns(UserWarning):
            ember.ones(2, 4).cross(ember.ones(2, 4))
