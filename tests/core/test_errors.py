"""Bad input raises the Python exception PyTorch raises (checked against
torch 2.13 where the two share semantics) and never crashes the process."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

import ember

# ---------------------------------------------------------------- ember.tensor


@pytest.mark.parametrize(
    "data",
    [
        [[1, 2], [3]],
        [1, [2]],
        [[1], 2],
        [[[1, 2]], [[3]]],
        [[[1, 2], [3, 4]], [[5, 6], [7]]],
        [(1, 2), (3, 4, 5)],
        [[1, 2], []],
    ],
    ids=str,
)
def test_ragged_data_raises_value_error(data):
    with pytest.raises(ValueError, match="ragged"):
        ember.tensor(data)


@pytest.mark.parametrize("data", ["abc", ["a"], [1, "a"], [[1.0], ["x"]], b"ab", [b"a"]], ids=str)
def test_strings_raise_type_error(data):
    with pytest.raises(TypeError):
        ember.tensor(data)


@pytest.mark.parametrize("data", [None, [None], {}, [object()], {1, 2}], ids=str)
def test_non_numbers_raise(data):
    # torch raises RuntimeError ("Could not infer dtype of ...") or TypeError.
    with pytest.raises((TypeError, RuntimeError)):
        ember.tensor(data)


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 2**64, 10**30], ids=str)
def test_ints_beyond_int64_raise_overflow_error(value):
    with pytest.raises(OverflowError):
        ember.tensor(value)
    with pytest.raises(OverflowError):
        ember.tensor([1, value])
    with pytest.raises(OverflowError):
        ember.full((2,), value)


def test_complex_into_real_dtype_raises_type_error():
    with pytest.raises(TypeError):
        ember.tensor([1 + 2j], dtype=ember.float32)


def test_multi_element_tensor_in_list_raises():
    with pytest.raises((ValueError, TypeError)):
        ember.tensor([ember.tensor([1, 2])])


def test_out_of_range_int_for_explicit_dtype_raises():
    # torch: "value cannot be converted to type uint8 without overflow"
    # (RuntimeError) rather than silently wrapping 300 to 44.
    cases = [
        lambda: ember.tensor([300], dtype=ember.uint8),
        lambda: ember.tensor([2**31], dtype=ember.int32),
        lambda: ember.tensor([-129], dtype=ember.int8),
        lambda: ember.full((2,), 300, dtype=ember.int8),
        lambda: ember.full((2,), 256, dtype=ember.uint8),
        lambda: ember.full((2,), 2**40, dtype=ember.int16),
    ]
    wrapped = []
    for make in cases:
        try:
            wrapped.append(make().tolist())
        except RuntimeError:
            pass
    assert wrapped == []


# ------------------------------------------------------------------- creation


@pytest.mark.parametrize(
    "make",
    [
        lambda: ember.zeros(-1),
        lambda: ember.zeros(2, -3),
        lambda: ember.ones((2, -1)),
        lambda: ember.empty(-1),
        lambda: ember.full((-1,), 1.0),
        lambda: ember.empty(2**62, 2**62),
    ],
    ids=["zeros", "zeros-2d", "ones", "empty", "full", "overflowing-numel"],
)
def test_negative_or_overflowing_sizes_raise_runtime_error(make):
    with pytest.raises(RuntimeError):
        make()


@pytest.mark.parametrize("size", [2.5, "a", [2.0, 3], None], ids=str)
def test_non_integer_sizes_raise_type_error(size):
    with pytest.raises(TypeError):
        ember.zeros(size)


def test_full_with_non_finite_value_for_int_dtype_raises():
    with pytest.raises(RuntimeError):
        ember.full((2,), float("nan"), dtype=ember.int64)
    with pytest.raises(RuntimeError):
        ember.full((2,), float("inf"), dtype=ember.int32)


def test_full_with_multi_element_tensor_value_raises():
    with pytest.raises((RuntimeError, TypeError)):
        ember.full((2,), ember.tensor([1.0, 2.0]))


@pytest.mark.parametrize(
    "spec", ["gpu", "tpu", "CPU", " cpu", "cpu:x", "cuda:", "cuda:-1", "cuda:1:2", "", "cuda:99999"]
)
def test_bad_device_strings_raise_value_error(spec):
    with pytest.raises(ValueError):
        ember.device(spec)
    with pytest.raises(ValueError):
        ember.zeros(2, device=spec)
    with pytest.raises(ValueError):
        ember.tensor([1], device=spec)


def test_bad_device_index_raises_value_error():
    with pytest.raises(ValueError):
        ember.device("cuda", -1)
    with pytest.raises(ValueError):
        ember.device("cuda:1", 1)


def test_non_string_device_raises_type_error():
    with pytest.raises(TypeError):
        ember.zeros(2, device=3)


@pytest.mark.parametrize(
    "make",
    [
        lambda: ember.zeros(2, device="cuda"),
        lambda: ember.tensor([1.0], device="cuda:0"),
        lambda: ember.arange(3, device="cuda"),
    ],
    ids=["zeros", "tensor", "arange"],
)
@pytest.mark.skipif(ember.cuda.is_available(), reason="this machine has a CUDA device (tests/cuda covers it)")
def test_cuda_is_not_available(make):
    with pytest.raises(RuntimeError, match="CUDA is not available: .+"):
        make()


@pytest.mark.parametrize(
    "make",
    [
        lambda: ember.tensor([1, 2], requires_grad=True),
        lambda: ember.tensor([True], requires_grad=True),
        lambda: ember.zeros(2, dtype=ember.int32, requires_grad=True),
        lambda: ember.empty(2, dtype=ember.int8, requires_grad=True),
        lambda: ember.full((2,), 3, requires_grad=True),
        lambda: ember.arange(3, requires_grad=True),
    ],
    ids=["tensor-int", "tensor-bool", "zeros", "empty", "full", "arange"],
)
def test_requires_grad_on_non_float_raises_runtime_error(make):
    with pytest.raises(RuntimeError):
        make()


def test_setting_requires_grad_on_int_tensor_raises():
    t = ember.zeros(2, dtype=ember.int64)
    with pytest.raises(RuntimeError):
        t.requires_grad = True
    assert t.requires_grad is False
    t.requires_grad = False  # clearing it is always allowed


def test_set_num_threads_rejects_non_positive():
    # torch raises RuntimeError; ember a ValueError.
    with pytest.raises((ValueError, RuntimeError)):
        ember.set_num_threads(0)
    with pytest.raises((ValueError, RuntimeError)):
        ember.set_num_threads(-2)


# ----------------------------------------------------------- scalar protocols


@pytest.mark.parametrize("t", [ember.tensor([1, 2]), ember.tensor([]), ember.zeros(2, 2)], ids=["2", "empty", "2x2"])
def test_item_on_not_one_element_raises_runtime_error(t):
    with pytest.raises(RuntimeError):
        t.item()


@pytest.mark.parametrize("t", [ember.tensor([1, 2]), ember.tensor([])], ids=["2", "empty"])
def test_bool_of_not_one_element_raises_runtime_error(t):
    with pytest.raises(RuntimeError, match="ambiguous"):
        bool(t)


@pytest.mark.parametrize("convert", [float, int], ids=["float", "int"])
def test_float_int_of_not_one_element_raise_value_error(convert):
    # torch 2.13: ValueError("only one element tensors can be converted to Python scalars").
    with pytest.raises(ValueError):
        convert(ember.tensor([1, 2]))
    with pytest.raises(ValueError):
        convert(ember.tensor([]))


def test_len_and_iter_of_0d_raise_type_error():
    with pytest.raises(TypeError):
        len(ember.tensor(1))
    with pytest.raises(TypeError):
        iter(ember.tensor(1.0))


@pytest.mark.parametrize(
    "t", [ember.tensor(1.0), ember.tensor([1, 2]), ember.tensor(1j)], ids=["float", "2-int", "complex"]
)
def test_index_of_non_integer_tensor_raises_type_error(t):
    with pytest.raises(TypeError):
        [0, 1, 2][t]


# --------------------------------------------------------------------- views


@pytest.mark.parametrize(
    "make",
    [
        lambda t: t.select(2, 0),
        lambda t: t.select(-3, 0),
        lambda t: t.select(0, 2),
        lambda t: t.select(1, -4),
        lambda t: t.transpose(0, 2),
        lambda t: t.unsqueeze(3),
        lambda t: t.unsqueeze(-4),
        lambda t: t.size(2),
        lambda t: t.stride(-3),
        lambda t: t.narrow(0, 3, 0),
        lambda t: t.narrow(0, -3, 1),
        lambda t: t.narrow(2, 0, 1),
        lambda t: t[2],
        lambda t: t[:, 3],
        lambda t: t[0, 0, 0],
        lambda t: ember.tensor(1.0)[0],
        lambda t: ember.tensor(1.0).select(0, 0),
        lambda t: ember.tensor(1.0).unsqueeze(1),
    ],
)
def test_out_of_range_dims_and_indices_raise_index_error(make):
    with pytest.raises(IndexError):
        make(ember.ones(2, 3))


@pytest.mark.parametrize(
    "make",
    [
        lambda t: t.narrow(0, 1, 2),
        lambda t: t.narrow(0, 0, -1),
        lambda t: ember.tensor(1.0).narrow(0, 0, 1),
        lambda t: ember.ones(2, 3, 4).t(),
        lambda t: ember.ones(6).as_strided((2, 4), (3, 1)),
        lambda t: ember.ones(6).as_strided((2,), (-1,)),
        lambda t: ember.ones(6).as_strided((2, 2), (1,)),
        lambda t: ember.ones(6).as_strided((2,), (1,), -1),
        lambda t: ember.ones(6)[3:].as_strided((4,), (1,)),
        lambda t: ember.zeros(0).as_strided((1,), (1,)),
        lambda t: t.copy_(ember.ones(3, 2)),
    ],
)
def test_bad_view_arguments_raise_runtime_error(make):
    with pytest.raises(RuntimeError):
        make(ember.ones(2, 3))


# -------------------------------------------------------------- no segfaults

CRASH_SCRIPT = textwrap.dedent(
    """
    import warnings
    import numpy as np
    import ember
    warnings.simplefilter("ignore")
    calls = [
        lambda: ember.tensor([[1, 2], [3]]),
        lambda: ember.tensor([[[[[[[[[1]]]]]]]], [2]]),
        lambda: ember.tensor("x"),
        lambda: ember.tensor(2**100),
        lambda: ember.zeros(-5),
        lambda: ember.empty(2**40, 2**40),
        lambda: ember.ones(3).as_strided((10,), (1,)),
        lambda: ember.ones(3).as_strided((2, 2), (2**62, 1)),
        lambda: ember.ones(3).as_strided((2**62, 2), (1, 1)),
        lambda: ember.ones(3).narrow(0, 2**62, 2),
        lambda: ember.ones(3).select(0, -2**62),
        lambda: ember.ones(3)[2**62],
        lambda: ember.ones(3)[-2**62:2**62:2**62],
        lambda: ember.ones(2, 3) @ ember.ones(4, 5),
        lambda: ember.ones(0, 0) @ ember.ones(0, 0),
        lambda: ember.from_numpy(np.arange(5)[::-1]),
        lambda: ember.from_numpy(np.zeros(3, dtype=np.uint32)),
        lambda: ember.from_numpy(np.zeros((2, 3))[:, ::2]).numpy(),
        lambda: ember.tensor([1.0], requires_grad=True).numpy(),
        lambda: ember.tensor(1.0).item(),
        lambda: ember.tensor([]).item(),
        lambda: ember.zeros(0, 3).t().contiguous().numpy(),
        lambda: ember.zeros(0).as_strided((0, 5), (10**6, 1)).clone(),
        lambda: ember.arange(0, 10, 0),
        lambda: ember.arange(0, 1e300, 1e-300),
        lambda: ember.arange(0, 2**62, 1),
        lambda: repr(ember.zeros(0, 0, 3)),
        lambda: repr(ember.arange(10**6)),
        lambda: ember.set_num_threads(0),
        lambda: ember.device("cuda:99999999999999999999"),
        lambda: ember.zeros(2).copy_(ember.zeros(3)),
        lambda: ember.tensor(np.zeros((2, 0, 3))).t(),
    ]
    for i, call in enumerate(calls):
        try:
            call()
        except (RuntimeError, ValueError, TypeError, IndexError, NotImplementedError, OverflowError, MemoryError):
            pass
    print("survived", len(calls))
    """
)


def test_bad_calls_do_not_crash_the_interpreter():
    proc = subprocess.run([sys.executable, "-c", CRASH_SCRIPT], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "survived 32" in proc.stdout


# ---------------------------------------------------------------- elementwise ops: the exact classes
# NotImplementedError is a RuntimeError: these check PyTorch 2.13's very class.


def raises_exactly(cls, fn, *args, match=None):
    with pytest.raises(cls, match=match) as info:
        fn(*args)
    assert type(info.value) is cls, f"{type(info.value).__name__}: {info.value}"


COMPLEX = [ember.complex64, ember.complex128]


def dtype_name(dtype):
    return str(dtype).removeprefix("ember.")


@pytest.mark.parametrize("dtype", COMPLEX, ids=dtype_name)
@pytest.mark.parametrize("name", ["maximum", "minimum", "fmax", "fmin"])
def test_max_min_of_complex_raise_runtime_error(name, dtype):
    # torch: "maximum not implemented for complex tensors."
    c, f = ember.ones(2, dtype=dtype), ember.ones(2)
    for a, b in ((c, c), (c, f), (f, c)):
        raises_exactly(RuntimeError, getattr(ember, name), a, b, match=f"{name}: .*complex.*{dtype_name(dtype)}")
    raises_exactly(RuntimeError, getattr(ember.Tensor, name), c, c, match=name)
    # clamp of complex stays NotImplementedError, as torch's
    raises_exactly(NotImplementedError, ember.clamp_min, c, c)


@pytest.mark.parametrize("dtype", COMPLEX, ids=dtype_name)
@pytest.mark.parametrize("name", ["isposinf", "isneginf"])
def test_isposinf_isneginf_of_complex_raise_runtime_error(name, dtype):
    # torch: "isposinf does not support complex inputs."
    c = ember.ones(2, dtype=dtype)
    raises_exactly(RuntimeError, getattr(ember, name), c, match=f"{name}: .*complex.*{dtype_name(dtype)}")
    raises_exactly(RuntimeError, getattr(ember.Tensor, name), c, match=name)


@pytest.mark.parametrize("name", ["relu", "relu6"])
def test_relu_of_bool_raises_runtime_error(name):
    # torch: "Boolean inputs not supported for relu" (relu6: "... for hardtanh")
    b = ember.tensor([True, False])
    fn = getattr(ember, name, None) or getattr(ember._C, name)
    raises_exactly(RuntimeError, fn, b, match=f"{name}: bool")
    raises_exactly(RuntimeError, getattr(ember.Tensor, name), b, match=name)
    raises_exactly(RuntimeError, getattr(ember.Tensor, name + "_"), b, match=name)
    assert b.tolist() == [True, False]
    assert fn(ember.tensor([-1, 7], dtype=ember.uint8)).dtype == ember.uint8  # integers are fine


def test_inplace_checks_the_cast_before_the_dtype():
    # int.bitwise_and_(float): the float32 result can't go into int32 (RuntimeError),
    # before bitwise_and's refusal of float32 (NotImplementedError), as torch
    i = ember.tensor([1, 2], dtype=ember.int32)
    for other in (ember.ones(2), 1.5, ember.tensor(1.5)):
        raises_exactly(RuntimeError, ember.Tensor.bitwise_and_, i, other, match="bitwise_and: .*float32.*int32")
    raises_exactly(RuntimeError, ember.Tensor.pow_, i, 1j, match="pow: .*complex64.*int32")
    out = ember.zeros(2, dtype=ember.int32)
    with pytest.raises(RuntimeError, match="can't be cast") as info:
        ember.bitwise_and(ember.ones(2), ember.ones(2), out=out)
    assert type(info.value) is RuntimeError
    assert i.tolist() == [1, 2] and out.tolist() == [0, 0]
    # castable but unsupported: the dtype error
    raises_exactly(NotImplementedError, ember.Tensor.bitwise_and_, ember.ones(2), ember.ones(2), match="float32")
    # the shapes are checked first of all
    with pytest.raises(RuntimeError, match="broadcast"):
        i.bitwise_and_(ember.ones(3))


def test_inplace_abs_of_complex_raises():
    # torch: "In-place abs is not supported for complex tensors."; abs(z, out=z) is fine
    z = ember.tensor([3 + 4j, -1j])
    raises_exactly(RuntimeError, ember.Tensor.abs_, z, match="abs_: .*complex64")
    assert z.tolist() == [3 + 4j, -1j]
    assert ember.abs(z, out=z) is z and z.tolist() == [5 + 0j, 1 + 0j]
    r = ember.abs(ember.tensor([3 + 4j], dtype=ember.complex128))
    assert r.dtype == ember.float64 and r.tolist() == [5.0]


def test_function_forms_take_numbers_where_torchs_signatures_do():
    # torch.eq(2, t), torch.fmod(2, t), torch.copysign(2, t): TypeError;
    # torch.remainder(2, t), torch.pow(2, t), torch.bitwise_and(2, t) are fine but
    # not with two numbers; add, sub, mul, div, floor_divide take two numbers.
    t = ember.tensor([1, 2, 4])
    for name in ("eq", "ne", "lt", "le", "gt", "ge", "fmod", "copysign"):
        fn = getattr(ember, name)
        for number in (2, 2.5, True, np.float64(2)):
            with pytest.raises(TypeError, match=f"{name}: .*a number, a tensor"):
                fn(number, t)
        with pytest.raises(TypeError, match=name):
            fn(2, 3)
        assert fn(t, 2).shape == (3,)  # a number `other` is fine
    for name in ("remainder", "pow", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift"):
        fn = getattr(ember, name)
        assert fn(2, t).dtype == ember.int64
        for a, b in ((2, 3), (np.int64(2), np.int64(3)), (True, False)):
            with pytest.raises(TypeError, match=f"{name}: .*a number, a number"):
                fn(a, b)
        with pytest.raises(TypeError):
            fn(2, 3, out=ember.empty(()))
    assert ember.remainder(7, t).tolist() == [0, 1, 3]
    assert ember.pow(2, t).tolist() == [2, 4, 16]
    for name in ("add", "sub", "mul", "floor_divide", "true_divide"):
        assert getattr(ember, name)(7, 2).dtype == (ember.float32 if name == "true_divide" else ember.int64)
    assert ember.div(7, 2, rounding_mode="floor").tolist() == 3
    # the operators take a number on either side
    assert (2 == t).tolist() == [False, True, False]
    assert (3 < t).tolist() == [False, False, True]
    assert (7 % t).tolist() == [0, 1, 3]
    assert (2**t).tolist() == [2, 4, 16]
    assert (3 & t).tolist() == [1, 2, 0]


def test_operator_methods_check_their_arguments():
    t = ember.ones(2)
    assert t.__add__("x") is NotImplemented
    with pytest.raises(TypeError, match="unsupported operand"):
        t + "x"
    with pytest.raises(TypeError, match=r"__add__\(\) takes exactly one argument"):
        t.__add__()
    with pytest.raises(TypeError, match=r"__mul__\(\) takes exactly one argument"):
        t.__mul__(t, other=t)
    with pytest.raises(TypeError, match="descriptor '__sub__' requires an 'ember.Tensor' object but received a 'int'"):
        ember.Tensor.__sub__(1, t)
    with pytest.raises(RuntimeError, match="size"):
        t + ember.ones(3)
    assert ember.Tensor.__add__.__name__ == "__add__"
