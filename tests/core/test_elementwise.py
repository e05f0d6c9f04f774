"""Elementwise ops against NumPy, driven by the op database in op_db.py.

Every entry runs through the same tests: every supported dtype, 0-d and empty
tensors, broadcasting, non-contiguous and expanded inputs, Python numbers on
either side, the in-place and out= forms, aliasing, inputs large enough for
the multi-threaded path, random shapes and values (hypothesis), and the
baseline-ISA kernels. Errors come last, with every dtype an op does not
support (test_unsupported_dtypes_raise).

Semantics that a NumPy reference can't pin down (PyTorch's rounding, signs of
zero, integer division by zero, shift counts, where/lerp/addcmul/addcdiv) are
tested against literals taken from PyTorch in test_elementwise_extra.py.

References: NumPy computes in the op's compute dtype; float16 and bfloat16
compute in float32 and round once (NumPy has no bfloat16: those results are
read through .to(ember.float32) and the reference is rounded to bfloat16 here).
"""

import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from op_db import ALL, BINARY_OPS, DOMAINS, FLOATS, INTS, KINDS, NP_DTYPE, NUMBER_INPUTS, OPS, OPS_BY_NAME, UNARY_OPS

import ember

INTEGRAL = (ember.bool, *INTS)
COMPLEX = (ember.complex64, ember.complex128)
# The dtype NumPy computes in: 16-bit floats compute in float32, as ember's kernels do.
NP_COMPUTE = {**NP_DTYPE, ember.float16: np.float32}
# Value ranges by dtype, chosen so that no int32/int64 product overflows.
INT_RANGE = {
    ember.uint8: (0, 255),
    ember.int8: (-128, 127),
    ember.int16: (-32768, 32767),
    ember.int32: (-30000, 30000),
    ember.int64: (-(10**6), 10**6),
}
SCALARS = (True, 3, 2.5, 1 - 2j)


def dtype_id(d):
    return str(d).replace("ember.", "")


def op_dtype_cases(ops):
    return [pytest.param(op, d, id=f"{op.name}-{dtype_id(d)}") for op in ops for d in op.dtypes]


def op_cases(ops):
    return [pytest.param(op, id=op.name) for op in ops]


# --------------------------------------------------------------------------- helpers


def bf16_round(x):
    """float32 array -> float32 array rounded to the nearest bfloat16 (ties to even)."""
    x = np.array(x, dtype=np.float32, order="C")  # (np.ascontiguousarray would make 0-d arrays 1-d)
    bits = x.view(np.uint32).astype(np.uint64)
    rounded = (((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16).astype(np.uint32).view(np.float32)
    return np.where(np.isnan(x), x, rounded).reshape(x.shape)


def as_values(x, dtype):
    """x (array or number) converted to `dtype` the way ember converts, held in NP_DTYPE[dtype]."""
    v = np.asarray(x)
    with np.errstate(over="ignore", invalid="ignore"):  # out of range: inf, as in ember
        return _as_values(v, dtype)


def _as_values(v, dtype):
    if dtype == ember.bfloat16:
        return bf16_round(v.real.astype(np.float32) if np.iscomplexobj(v) else v.astype(np.float32))
    target = NP_DTYPE[dtype]
    if np.iscomplexobj(v) and not np.issubdtype(target, np.complexfloating):
        v = v.real  # complex -> real keeps the real part
    if np.issubdtype(v.dtype, np.floating) and np.issubdtype(target, np.integer):
        v = np.trunc(v).astype(np.int64)
    return v.astype(target)


SPECIAL_FLOATS = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, -np.nan])


def make_values(dtype, shape, domain="any", rng=None, rhs=False):
    """Random values of `dtype` (held as in NP_DTYPE) for an op's input (domains: see op_db)."""
    rng = rng if rng is not None else np.random.default_rng(0)
    shape = tuple(shape)
    v = _make_values(dtype, shape, domain, rng, rhs)
    if domain == "with_zeros" and v.size:
        v[rng.random(shape) < 0.4] = 0
    return v


def _make_values(dtype, shape, domain, rng, rhs):
    if dtype == ember.bool:
        v = np.asarray(rng.random(shape) < 0.5)
        if domain in ("positive", "ge_one") or (domain == "nonzero_rhs" and rhs):
            v = np.ones(shape, dtype=bool)
        return v
    if dtype in INTS:
        lo, hi = INT_RANGE[dtype]
        if domain == "positive" or domain == "ge_one":
            lo, hi = 1, min(hi, 100)
        elif domain == "small":
            lo, hi = max(lo, -20), 20
        elif domain == "unit":
            lo, hi = max(lo, -1), 1
        elif domain == "shift" and rhs:
            lo, hi = 0, np.dtype(NP_DTYPE[dtype]).itemsize * 8 - 1
        v = np.asarray(rng.integers(lo, hi, size=shape, endpoint=True)).astype(NP_DTYPE[dtype])
        if domain == "nonzero_rhs" and rhs:
            v[v == 0] = 1
        return v
    lo, hi = {"positive": (0.1, 10.0), "ge_one": (1.0, 10.0), "unit": (-0.99, 0.99)}.get(domain, (-10.0, 10.0))
    re_ = np.asarray(rng.uniform(lo, hi, size=shape))
    if domain == "nonzero_rhs" and rhs:
        re_ = np.where(np.abs(re_) < 0.1, 0.5, re_)
    elif domain == "halves":  # ties for round()
        re_ = np.round(re_ * 2) / 2
    elif domain == "special":
        re_ = np.where(rng.random(shape) < 0.5, rng.choice(SPECIAL_FLOATS, size=shape), re_)
    if dtype in COMPLEX:
        im = rng.uniform(-1.0, 1.0, size=shape) if domain == "unit" else rng.uniform(-10.0, 10.0, size=shape)
        if domain == "special":
            im = np.where(rng.random(shape) < 0.3, rng.choice(SPECIAL_FLOATS, size=shape), im)
        v = np.empty(shape, dtype=NP_DTYPE[dtype])
        v.real, v.imag = re_, im  # (re_ + 1j * im would turn inf parts into NaN)
        return v
    return as_values(re_, dtype)


def to_ember(values, dtype):
    """A fresh contiguous ember tensor of `dtype` holding `values`."""
    values = np.asarray(values)
    if dtype == ember.bfloat16:
        return ember.tensor(np.array(values, dtype=np.float32, order="C")).to(ember.bfloat16)
    t = ember.tensor(np.array(values, dtype=NP_DTYPE[dtype], order="C"))
    assert t.dtype == dtype
    return t


def to_numpy(t):
    if t.dtype == ember.bfloat16:
        return t.to(ember.float32).numpy()
    return t.numpy()


def result_dtype(op, *operands):
    """The dtype `op` returns: promotion (tested in test_promotion.py) and the op's own rule."""
    if op.kind in ("compare", "predicate"):
        return ember.bool
    dtype = operands[0].dtype if op.arity == 1 else ember.result_type(*operands)
    dtype = op.result_dtypes.get(dtype, dtype)
    if op.int_to_float and dtype in INTEGRAL:
        dtype = ember.get_default_dtype()
    return dtype


def compute_dtype(op, *operands):
    if op.kind == "compare":
        return ember.result_type(*operands)
    if op.kind == "predicate" or (op.arity == 1 and operands[0].dtype in COMPLEX):
        return operands[0].dtype  # abs of complex is real, computed from the complex values
    return result_dtype(op, *operands)


def some_dtype(op):
    """A dtype op supports, float32 if it can."""
    return next(d for d in (ember.float32, ember.int64, ember.int32, *op.dtypes) if d in op.dtypes)


def reference(op, values, cdtype, rdtype, alpha=None):
    """op.ref on `values` (arrays or numbers) converted to compute dtype `cdtype`, rounded to `rdtype`."""
    args = [as_values(v, cdtype).astype(NP_COMPUTE[cdtype]) for v in values]
    if alpha is not None:
        alpha_np = np.asarray(alpha).astype(
            np.float32 if cdtype in (ember.float16, ember.bfloat16) else NP_DTYPE[cdtype]
        )
        args.append(alpha_np)
    with np.errstate(all="ignore"):
        out = np.asarray(op.ref(*args))
    return as_values(out, rdtype)


def assert_matches(actual, expected, dtype, tol=None, exact=False):
    """ember tensor `actual` has dtype `dtype`, expected's shape and values."""
    assert isinstance(actual, ember.Tensor)
    assert actual.dtype == dtype, f"dtype {actual.dtype}, expected {dtype}"
    expected = np.asarray(expected)
    assert tuple(actual.shape) == expected.shape, f"shape {tuple(actual.shape)}, expected {expected.shape}"
    got = to_numpy(actual)
    if dtype in INTEGRAL or exact:
        np.testing.assert_array_equal(got, expected.astype(got.dtype), strict=True)
        return
    wide = np.complex128 if dtype in COMPLEX else np.float64
    rtol, atol = (tol or {}).get(dtype, (1e-7, 1e-7))
    np.testing.assert_allclose(got.astype(wide), expected.astype(wide), rtol=rtol, atol=atol, equal_nan=True)


def check_against_reference(op, inputs, values, result, alpha=None):
    """`result` of op on ember `inputs` (tensors or numbers) whose values are `values`."""
    rdtype = result_dtype(op, *inputs)
    cdtype = compute_dtype(op, *inputs)
    expected = reference(op, values, cdtype, rdtype, alpha)
    assert_matches(result, expected, rdtype, op.tol)


def call(op, inputs, **kw):
    return op.op(*inputs, **kw)


def inputs_for(op, dtype, shapes, rng, layouts=None):
    """(ember inputs, numpy values) for op, one per shape, laid out as `layouts` say."""
    arity = op.arity
    shapes = shapes[:arity]
    layouts = (layouts or ["contiguous"] * 2)[:arity]
    values = [make_values(dtype, shape, op.domain, rng, rhs=i == 1) for i, shape in enumerate(shapes)]
    if arity == 2:
        tie(values[0], values[1])
    tensors = [with_layout(v, dtype, layout) for v, layout in zip(values, layouts, strict=True)]
    return tensors, values


def tie(a, b):
    """Copies every third element of a into b where shapes allow: comparisons and
    maximum/minimum need equal pairs, which random values almost never give."""
    if a.shape == b.shape and a.size:
        keep = a.flat[::3] != 0  # zeros stay out of divisors
        b.flat[::3] = np.where(keep, a.flat[::3], b.flat[::3])


def with_layout(values, dtype, layout):
    """An ember tensor equal to `values` (2-D unless contiguous), not contiguous unless asked."""
    if layout == "contiguous":
        return to_ember(values, dtype)
    rows, cols = values.shape
    if layout == "transposed":
        t = to_ember(values.T, dtype).t()
    elif layout == "step":  # every other row and column of a bigger tensor
        big = np.zeros((2 * rows, 3 * cols), dtype=values.dtype)
        big[::2, ::3] = values
        t = to_ember(big, dtype)[::2, ::3]
    elif layout == "offset":  # narrowed: starts inside its storage, rows further apart
        big = np.zeros((rows + 2, cols + 3), dtype=values.dtype)
        big[1 : rows + 1, 2 : cols + 2] = values
        t = to_ember(big, dtype).narrow(0, 1, rows).narrow(1, 2, cols)
    elif layout == "expanded_rows":  # every row the same: stride 0 along dim 0
        row = to_ember(values[0], dtype)
        t = row.as_strided((rows, cols), (0, 1))
        values[...] = values[0]
    elif layout == "expanded_cols":  # every column the same: stride 0 along dim 1
        col = to_ember(values[:, 0], dtype)
        t = col.as_strided((rows, cols), (1, 0))
        values[...] = values[:, :1]
    else:
        raise AssertionError(layout)
    assert not t.is_contiguous()
    np.testing.assert_array_equal(to_numpy(t), values.astype(to_numpy(t).dtype))
    return t


@pytest.fixture
def threads():
    """Sets the intra-op thread count for a test, restoring it after."""
    before = ember.get_num_threads()
    yield ember.set_num_threads
    ember.set_num_threads(before)


# --------------------------------------------------------------------------- op_db sanity


def test_op_db_is_consistent():
    assert len({op.name for op in OPS}) == len(OPS)
    for op in OPS:
        assert op.kind in KINDS, op
        assert op.domain in DOMAINS, op
        assert op.number_input in NUMBER_INPUTS, op
        assert op.dtypes and set(op.dtypes) <= set(ALL), op
        assert len(set(op.dtypes)) == len(op.dtypes), op
        # ember.<name> where PyTorch has torch.<name>; the rest (torch.nn.functional's) only in ember._C
        module = ember if op.toplevel else ember._C
        assert getattr(op.op, "func", op.op) is getattr(module, op.function_name), op
        if not op.toplevel:
            assert not hasattr(ember, op.function_name), op
        assert callable(getattr(ember.Tensor, op.function_name)), op
        if op.supports_inplace:
            assert callable(getattr(ember.Tensor, op.function_name + "_")), op
        else:
            assert not hasattr(ember.Tensor, op.function_name + "_"), op
        assert set(op.tol) >= set(FLOATS) | set(COMPLEX), op
        assert set(op.result_dtypes) <= set(op.dtypes) and (op.arity == 1 or not op.result_dtypes), op


# --------------------------------------------------------------------------- values, every dtype


@pytest.mark.parametrize("op, dtype", op_dtype_cases(OPS))
def test_matches_numpy(op, dtype):
    rng = np.random.default_rng(1)
    inputs, values = inputs_for(op, dtype, [(4, 5), (4, 5)], rng)
    check_against_reference(op, inputs, values, call(op, inputs))


@pytest.mark.parametrize("op, dtype", op_dtype_cases(OPS))
def test_method_and_operator_forms_agree(op, dtype):
    rng = np.random.default_rng(2)
    inputs, _ = inputs_for(op, dtype, [(3, 4), (3, 4)], rng)
    expected = to_numpy(call(op, inputs))
    forms = {"method": op.method(*inputs)}
    if op.operator is not None:
        forms["operator"] = op.operator(*inputs)
    for name, got in forms.items():
        assert got.dtype == call(op, inputs).dtype, name
        np.testing.assert_array_equal(to_numpy(got), expected, err_msg=name)


@pytest.mark.parametrize("op, dtype", op_dtype_cases([o for o in OPS if o.supports_alpha]))
def test_alpha(op, dtype):
    rng = np.random.default_rng(3)
    inputs, values = inputs_for(op, dtype, [(3, 4), (3, 4)], rng)
    if dtype == ember.bool:
        alphas = [True]  # False: test_bool_add_with_false_alpha_adds_nothing
    elif dtype in INTS:
        alphas = [2, -3, 0]
    elif dtype in COMPLEX:
        alphas = [2, 0.5, 1.5 - 2j]
    else:
        alphas = [2, 0.5, -1.25]
    for alpha in alphas:
        r = op.op(*inputs, alpha=alpha)
        check_against_reference(op, inputs, values, r, alpha=alpha)
        m = op.method(*inputs, alpha=alpha)
        np.testing.assert_array_equal(to_numpy(m), to_numpy(r))


def test_bool_add_with_false_alpha_adds_nothing():
    # PyTorch: a + False * b == a for bool tensors.
    a = ember.tensor([True, False, True, False])
    b = ember.tensor([True, True, False, False])
    assert ember.add(a, b, alpha=False).tolist() == [True, False, True, False]
    assert ember.add(a, b, alpha=True).tolist() == [True, True, True, False]


def test_bool_add_accepts_integer_alpha():
    # PyTorch accepts an int alpha with bool results (a + 2 * b, then != 0).
    a = ember.tensor([True, False, True, False])
    b = ember.tensor([True, True, False, False])
    assert ember.add(a, b, alpha=2).tolist() == [True, True, True, False]


# --------------------------------------------------------------------------- shapes


def _shape_dtypes(op):
    return [d for d in (ember.float32, ember.int32, ember.float16) if d in op.dtypes]


@pytest.mark.parametrize("op", op_cases(OPS))
def test_zero_dim(op):
    for dtype in _shape_dtypes(op):
        rng = np.random.default_rng(4)
        inputs, values = inputs_for(op, dtype, [(), ()], rng)
        r = call(op, inputs)
        assert r.dim() == 0 and tuple(r.shape) == ()
        check_against_reference(op, inputs, values, r)
        if op.arity == 2:  # 0-d with a dimensioned tensor broadcasts
            inputs, values = inputs_for(op, dtype, [(), (3,)], rng)
            check_against_reference(op, inputs, values, call(op, inputs))
            inputs, values = inputs_for(op, dtype, [(2, 3), ()], rng)
            check_against_reference(op, inputs, values, call(op, inputs))


EMPTY_SHAPES = [((0,), (0,)), ((2, 0), (2, 0)), ((0, 3), (1, 3)), ((0,), ()), ((3, 1, 0), (4, 1))]


@pytest.mark.parametrize("op", op_cases(OPS))
@pytest.mark.parametrize("shapes", EMPTY_SHAPES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_empty(op, shapes):
    dtype = some_dtype(op)
    rng = np.random.default_rng(5)
    inputs, values = inputs_for(op, dtype, list(shapes), rng)
    r = call(op, inputs)
    expected_shape = np.broadcast_shapes(*(np.shape(v) for v in values))
    assert tuple(r.shape) == expected_shape and r.numel() == 0
    assert r.dtype == result_dtype(op, *inputs)
    if op.supports_inplace and op.supports_out and tuple(inputs[0].shape) == expected_shape:
        out = ember.empty(*expected_shape, dtype=dtype)
        assert op.inplace(out, *inputs[1:]) is out
        assert op.op(*inputs, out=out) is out


BROADCAST_SHAPES = [((3, 1), (1, 4)), ((2, 3), (3,)), ((), (2, 2)), ((2, 2), ()), ((2, 1, 3), (4, 1)), ((5,), (1,))]


@pytest.mark.parametrize("op", op_cases(BINARY_OPS))
@pytest.mark.parametrize("shapes", BROADCAST_SHAPES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_broadcast(op, shapes):
    for dtype in _shape_dtypes(op):
        rng = np.random.default_rng(6)
        inputs, values = inputs_for(op, dtype, list(shapes), rng)
        r = call(op, inputs)
        assert tuple(r.shape) == np.broadcast_shapes(*shapes)
        check_against_reference(op, inputs, values, r)
        # swapped operands broadcast the same way
        r = call(op, inputs[::-1])
        assert tuple(r.shape) == np.broadcast_shapes(*shapes)
        check_against_reference(op, inputs[::-1], values[::-1], r)


# --------------------------------------------------------------------------- layouts

LAYOUTS = ["transposed", "step", "offset", "expanded_rows", "expanded_cols"]


def _layout_dtypes(op):
    return [d for d in (ember.float32, ember.int64, ember.bfloat16, ember.complex64) if d in op.dtypes]


@pytest.mark.parametrize("op", op_cases(OPS))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_noncontiguous_inputs(op, layout):
    for dtype in _layout_dtypes(op):
        rng = np.random.default_rng(7)
        arity = op.arity
        combos = (
            [[layout] * arity] if arity == 1 else [[layout, layout], [layout, "contiguous"], ["contiguous", layout]]
        )
        for layouts in combos:
            inputs, values = inputs_for(op, dtype, [(5, 6), (5, 6)], rng, layouts)
            r = call(op, inputs)
            assert r.is_contiguous()
            check_against_reference(op, inputs, values, r)


@pytest.mark.parametrize("op", op_cases([o for o in OPS if o.supports_out]))
@pytest.mark.parametrize("layout", ["transposed", "step", "offset"])
def test_noncontiguous_out(op, layout):
    dtype = some_dtype(op)
    rng = np.random.default_rng(8)
    inputs, values = inputs_for(op, dtype, [(4, 6), (4, 6)], rng, ["transposed"] * op.arity)
    rdtype = result_dtype(op, *inputs)
    sentinel = np.full((4, 6), 7, dtype=NP_DTYPE[rdtype])
    out = with_layout(sentinel.copy(), rdtype, layout)
    r = op.op(*inputs, out=out)
    assert r is out
    check_against_reference(op, inputs, values, out)
    # a non-contiguous out of another dtype: the result is converted into it
    odtype = ember.float64 if rdtype == ember.float32 else ember.int32
    out = with_layout(np.full((4, 6), 7, dtype=NP_DTYPE[odtype]), odtype, layout)
    assert op.op(*inputs, out=out) is out
    assert_matches(out, to_numpy(call(op, inputs).to(odtype)), odtype, exact=True)


# --------------------------------------------------------------------------- Python numbers


def _scalar_cases():
    cases = []
    for op in BINARY_OPS:
        if not op.supports_scalars:
            continue
        for dtype in (ember.bool, ember.int32, ember.uint8, ember.float32, ember.float16, ember.complex64):
            for s in SCALARS:
                if op.name == "sub" and (dtype == ember.bool or isinstance(s, bool)):
                    continue  # see test_bool_minus_bool_fails, test_sub_with_a_bool_tensor_fails_like_pytorch
                if op.name == "pow" and dtype == ember.bool and isinstance(s, bool):
                    continue  # PyTorch's own rule: see test_pow_of_bools in test_elementwise_extra.py
                cases.append(pytest.param(op, dtype, s, id=f"{op.name}-{dtype_id(dtype)}-{type(s).__name__}"))
    return cases


def _scalar_supported(op, tensor, number):
    return compute_dtype(op, tensor, number) in op.dtypes


@pytest.mark.parametrize("op, dtype, number", _scalar_cases())
def test_python_number_either_side(op, dtype, number):
    rng = np.random.default_rng(9)
    t = to_ember(make_values(dtype, (3, 4), op.domain, rng, rhs=False), dtype)
    tv = to_numpy(t)
    if not _scalar_supported(op, t, number):
        with pytest.raises(RuntimeError):
            op.op(t, number)
        return
    # tensor OP number
    check_against_reference(op, [t, number], [tv, number], op.op(t, number))
    check_against_reference(op, [t, number], [tv, number], op.method(t, number))
    if op.operator is not None:
        check_against_reference(op, [t, number], [tv, number], op.operator(t, number))
    # number OP tensor (reflected operators: 2 * t, 1 / t, 3 < t ...)
    if op.domain == "nonzero_rhs":
        t = to_ember(make_values(dtype, (3, 4), op.domain, rng, rhs=True), dtype)
        tv = to_numpy(t)
    if op.number_input == "no":  # torch.eq(2, t) is a TypeError
        with pytest.raises(TypeError, match=op.name):
            op.op(number, t)
    else:
        check_against_reference(op, [number, t], [number, tv], op.op(number, t))
    if op.operator is not None:
        check_against_reference(op, [number, t], [number, tv], op.operator(number, t))


@pytest.mark.parametrize("op", op_cases([o for o in BINARY_OPS if o.supports_scalars]))
def test_python_numbers_on_both_sides(op):
    # torch.add(2, 3) is a tensor; torch.remainder(2, 3) and torch.eq(2, 3) are TypeErrors
    for a, b in ((3, 2), (2.5, 1.5), (2, 1.5)):
        if op.number_input != "any":
            with pytest.raises(TypeError, match=op.name):
                op.op(a, b)
            continue
        if compute_dtype(op, a, b) not in op.dtypes:
            continue
        r = op.op(a, b)
        assert r.shape == ()
        check_against_reference(op, [a, b], [a, b], r)


def test_reflected_operators_examples():
    t = ember.tensor([1.0, 2.0, 4.0])
    assert (2 * t).tolist() == [2.0, 4.0, 8.0]
    assert (1 / t).tolist() == [1.0, 0.5, 0.25]
    assert (10 - t).tolist() == [9.0, 8.0, 6.0]
    assert (0.5 + t).tolist() == [1.5, 2.5, 4.5]
    assert (2 < t).tolist() == [False, False, True]
    assert (2 >= t).tolist() == [True, True, False]
    assert (2 == t).tolist() == [False, True, False]
    i = ember.tensor([1, 2, 4])
    r = 1 / i
    assert r.dtype == ember.float32 and r.tolist() == [1.0, 0.5, 0.25]
    r = 3 - i
    assert r.dtype == ember.int64 and r.tolist() == [2, 1, -1]


@pytest.mark.parametrize("op", op_cases([o for o in BINARY_OPS if not o.supports_scalars]))
def test_tensors_only_ops_refuse_python_numbers(op):
    # PyTorch's signatures for maximum, minimum, fmax, fmin, atan2, hypot and
    # logical_and/or/xor take (Tensor, Tensor): a Python number is a TypeError.
    t = ember.tensor([1.0, 5.0])
    for number in (2.0, 2, True):
        with pytest.raises(TypeError):
            op.op(t, number)
        with pytest.raises(TypeError):
            op.op(number, t)
        with pytest.raises(TypeError):
            op.method(t, number)
        if op.supports_inplace:
            with pytest.raises(TypeError):
                op.inplace(t.clone(), number)
    assert t.tolist() == [1.0, 5.0]


# --------------------------------------------------------------------------- in-place and out=


def _inplace_dtypes(op):
    # in-place needs a result castable to self's dtype
    return [d for d in (ember.float32, ember.float64, ember.int32, ember.uint8, ember.float16) if d in op.dtypes]


@pytest.mark.parametrize("op", op_cases([o for o in OPS if o.supports_inplace]))
def test_inplace(op):
    checked = 0
    for dtype in _inplace_dtypes(op):
        rng = np.random.default_rng(10)
        inputs, values = inputs_for(op, dtype, [(3, 4), (3, 4)], rng)
        if not ember.can_cast(result_dtype(op, *inputs), dtype):
            with pytest.raises(RuntimeError):
                op.inplace(*inputs)
            np.testing.assert_array_equal(to_numpy(inputs[0]), values[0].astype(to_numpy(inputs[0]).dtype))
            continue
        expected = call(op, inputs).to(dtype)
        self_ = inputs[0]
        ptr, version = self_.data_ptr(), self_._version
        r = op.inplace(*inputs)
        assert r is self_
        assert self_.dtype == dtype and self_.data_ptr() == ptr
        assert self_._version > version
        assert_matches(self_, to_numpy(expected), dtype, exact=True)
        # broadcast other into self
        if op.arity == 2:
            inputs, values = inputs_for(op, dtype, [(3, 4), (4,)], rng)
            expected = call(op, inputs).to(dtype)
            op.inplace(*inputs)
            assert_matches(inputs[0], to_numpy(expected), dtype, exact=True)
        checked += 1
    assert checked > 0


@pytest.mark.parametrize("op", op_cases([o for o in OPS if o.supports_inplace]))
def test_inplace_on_a_view_writes_through(op):
    dtype = some_dtype(op)
    rng = np.random.default_rng(11)
    base_values = make_values(dtype, (4, 6), op.domain, rng)
    base = to_ember(base_values, dtype)
    view = base.t()[::2]  # (3, 4), strides (2, 6)
    args = [view]
    if op.arity == 2:
        args.append(to_ember(make_values(dtype, (3, 4), op.domain, rng, rhs=True), dtype))
    expected = call(op, [view.contiguous(), *args[1:]]).to(dtype)
    op.inplace(*args)
    got = to_numpy(base)
    np.testing.assert_array_equal(got.T[::2], to_numpy(expected))
    untouched = np.ones(got.T.shape, dtype=bool)
    untouched[::2] = False
    np.testing.assert_array_equal(got.T[untouched], base_values.T[untouched])


@pytest.mark.parametrize("op", op_cases([o for o in OPS if o.supports_out]))
def test_out_same_dtype(op):
    dtype = ember.float32 if ember.float32 in op.dtypes else op.dtypes[-1]
    rng = np.random.default_rng(12)
    inputs, values = inputs_for(op, dtype, [(3, 4), (1, 4)], rng)
    rdtype = result_dtype(op, *inputs)
    out = ember.empty(3, 4, dtype=rdtype)
    ptr = out.data_ptr()
    r = op.op(*inputs, out=out)
    assert r is out and out.data_ptr() == ptr
    check_against_reference(op, inputs, values, out)


# result dtype -> a different dtype it can be cast to
OUT_DTYPE = {
    ember.float32: ember.float64,
    ember.float16: ember.float32,
    ember.int32: ember.float32,
    ember.bool: ember.int32,
    ember.complex64: ember.complex128,
}


@pytest.mark.parametrize("op", op_cases([o for o in OPS if o.supports_out]))
def test_out_of_other_castable_dtype(op):
    checked = 0
    for dtype in (ember.float32, ember.float16, ember.int32, ember.complex64):
        if dtype not in op.dtypes:
            continue
        rng = np.random.default_rng(13)
        inputs, values = inputs_for(op, dtype, [(3, 4), (3, 4)], rng)
        rdtype = result_dtype(op, *inputs)
        odtype = OUT_DTYPE[rdtype]
        assert ember.can_cast(rdtype, odtype)
        out = ember.zeros(3, 4, dtype=odtype)
        r = op.op(*inputs, out=out)
        assert r is out and out.dtype == odtype
        expected = call(op, inputs).to(odtype)
        assert_matches(out, to_numpy(expected), odtype, exact=True)
        checked += 1
    assert checked > 0


def test_inplace_operators():
    x = ember.tensor([1.0, 2.0, 3.0])
    y = x
    y += 1
    y -= 0.5
    y *= 2
    y /= 4
    assert y is x and x.tolist() == [0.75, 1.25, 1.75]
    i = ember.tensor([1, 2, 3])
    j = i
    j += 2
    j *= 3
    j -= ember.tensor([1, 1, 1])
    assert j is i and i.dtype == ember.int64 and i.tolist() == [8, 11, 14]
    with pytest.raises(RuntimeError):
        i /= 2  # true division gives float
    assert i.tolist() == [8, 11, 14]


# --------------------------------------------------------------------------- aliasing


@pytest.mark.parametrize("op", op_cases([o for o in OPS if o.supports_inplace]))
def test_aliasing(op):
    dtype = ember.float32 if ember.float32 in op.dtypes else ember.int32
    rng = np.random.default_rng(14)
    domain = "positive" if op.domain != "any" else "any"
    v = make_values(dtype, (5, 7), domain, rng)
    args = (lambda x: [x]) if op.arity == 1 else (lambda x: [x, x])
    expected = to_numpy(op.op(*args(to_ember(v, dtype))))
    # x.op_(x)
    x = to_ember(v, dtype)
    op.inplace(*args(x))
    np.testing.assert_array_equal(to_numpy(x), expected.astype(NP_DTYPE[dtype]))
    # ember.op(x, x, out=x)
    x = to_ember(v, dtype)
    assert op.op(*args(x), out=x) is x
    np.testing.assert_array_equal(to_numpy(x), expected.astype(NP_DTYPE[dtype]))
    # the same through a transposed view of both
    x = to_ember(v.T, dtype).t()
    op.op(*args(x), out=x)
    np.testing.assert_array_equal(to_numpy(x), expected.astype(NP_DTYPE[dtype]))


def test_aliasing_operators():
    x = ember.tensor([1.0, 2.0, 3.0])
    x += x
    assert x.tolist() == [2.0, 4.0, 6.0]
    x *= x
    assert x.tolist() == [4.0, 16.0, 36.0]
    x -= x
    assert x.tolist() == [0.0, 0.0, 0.0]
    y = ember.tensor([[1, 2], [3, 4]])
    ember.add(y, y, alpha=10, out=y)
    assert y.tolist() == [[11, 22], [33, 44]]


# --------------------------------------------------------------------------- large inputs: many threads

LARGE = (500, 451)  # 225500 elements: several chunks of the parallel loop
LARGE_OPS = [
    "add",
    "sub",
    "mul",
    "div",
    "maximum",
    "lt",
    "eq",
    "neg",
    "exp",
    "sqrt",
    "sigmoid",
    "relu",
    "floor_divide",
    "pow",
    "atan2",
    "round",
    "gelu",
    "logical_and",
    "isnan",
]


def _row_by_row(op, inputs, shape):
    """The op computed one row at a time (each far below the parallel grain)."""
    return np.stack([to_numpy(call(op, [t[i] for t in inputs])) for i in range(shape[0])])


@pytest.mark.parametrize("op", [OPS_BY_NAME[n] for n in LARGE_OPS], ids=LARGE_OPS)
def test_large_inputs_match_single_chunk(op, threads):
    rng = np.random.default_rng(15)
    dtype = ember.float32
    variants = [["contiguous", "contiguous"], ["transposed", "step"], ["expanded_rows", "transposed"]]
    threads(4)
    for layouts in variants:
        inputs, values = inputs_for(op, dtype, [LARGE, LARGE], rng, layouts[: op.arity])
        r = call(op, inputs)
        assert r.numel() >= 200_000
        np.testing.assert_array_equal(to_numpy(r), _row_by_row(op, inputs, LARGE), err_msg=str(layouts))
        check_against_reference(op, inputs, values, r)
    if op.arity == 2:  # broadcasting (LARGE[0], 1) x (LARGE[1],)
        col = to_ember(make_values(dtype, (LARGE[0], 1), op.domain, rng), dtype)
        row = to_ember(make_values(dtype, (LARGE[1],), op.domain, rng, rhs=True), dtype)
        r = call(op, [col, row])
        expected = np.stack([to_numpy(call(op, [col[i], row])) for i in range(LARGE[0])])
        np.testing.assert_array_equal(to_numpy(r), expected)


@pytest.mark.parametrize("op", [OPS_BY_NAME[n] for n in ("add", "mul", "exp", "ge")], ids=lambda o: o.name)
def test_large_results_do_not_depend_on_thread_count(op, threads):
    rng = np.random.default_rng(16)
    inputs, _ = inputs_for(op, ember.float32, [LARGE, LARGE], rng, ["transposed", "contiguous"])
    results = []
    for n in (1, 2, 3, 8):
        threads(n)
        results.append(to_numpy(call(op, inputs)))
        # out=, into a non-contiguous output
        out = ember.zeros(LARGE[1], LARGE[0], dtype=result_dtype(op, *inputs)).t()
        op.op(*inputs, out=out)
        results.append(to_numpy(out))
    for r in results[1:]:
        np.testing.assert_array_equal(r, results[0])


def test_large_inplace_and_aliasing(threads):
    threads(4)
    v = np.random.default_rng(17).uniform(-5, 5, LARGE).astype(np.float32)
    x = to_ember(v, ember.float32)
    x.add_(x)
    np.testing.assert_array_equal(to_numpy(x), v + v)
    x = to_ember(v.T, ember.float32).t()
    ember.mul(x, x, out=x)
    np.testing.assert_array_equal(to_numpy(x), v * v)
    i = to_ember(np.arange(np.prod(LARGE), dtype=np.int64).reshape(LARGE), ember.int64)
    i.sub_(7, alpha=3)
    np.testing.assert_array_equal(to_numpy(i), np.arange(np.prod(LARGE)).reshape(LARGE) - 21)


# --------------------------------------------------------------------------- hypothesis

HYP_DTYPES = [
    ember.bool,
    ember.uint8,
    ember.int8,
    ember.int32,
    ember.int64,
    ember.float16,
    ember.bfloat16,
    ember.float32,
    ember.float64,
    ember.complex128,
]


@st.composite
def binary_cases(draw):
    op = draw(st.sampled_from(BINARY_OPS))
    dtype = draw(st.sampled_from([d for d in HYP_DTYPES if d in op.dtypes]))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4))
    layouts = draw(st.lists(st.sampled_from(["contiguous", "transposed", "step"]), min_size=2, max_size=2))
    seed = draw(st.integers(0, 2**32 - 1))
    return op, dtype, shapes.input_shapes, layouts, seed


def _maybe_layout(values, dtype, layout):
    # Layouts need room: a dim of size 1 (or 0) makes a transposed or stepped tensor contiguous.
    if values.ndim == 2 and min(values.shape) >= 2:
        return with_layout(values, dtype, layout)
    return to_ember(values, dtype)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(binary_cases())
def test_hypothesis_binary_broadcast(case):
    op, dtype, shapes, layouts, seed = case
    rng = np.random.default_rng(seed)
    values = [make_values(dtype, s, op.domain, rng, rhs=i == 1) for i, s in enumerate(shapes)]
    tie(*values)
    inputs = [_maybe_layout(v, dtype, lay) for v, lay in zip(values, layouts, strict=True)]
    r = call(op, inputs)
    assert tuple(r.shape) == np.broadcast_shapes(*shapes)
    check_against_reference(op, inputs, values, r)


@st.composite
def mixed_dtype_cases(draw):
    op = draw(st.sampled_from(BINARY_OPS))
    a = draw(st.sampled_from(HYP_DTYPES))
    b = draw(st.one_of(st.sampled_from(HYP_DTYPES), st.sampled_from(SCALARS)))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4))
    swap = draw(st.booleans())
    seed = draw(st.integers(0, 2**32 - 1))
    return op, a, b, shapes.input_shapes, swap, seed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_dtype_cases())
def test_hypothesis_mixed_dtypes(case):
    op, a, b, shapes, swap, seed = case
    is_number = not isinstance(b, ember.dtype)
    assume(op.supports_scalars or not is_number)
    # subtraction with bools has its own tests (test_bool_minus_bool_fails and the next one)
    assume(not (op.name == "sub" and (ember.bool in (a, b) or isinstance(b, bool))))
    # so has pow computed in bool (test_pow_of_bools in test_elementwise_extra.py)
    assume(not (op.name == "pow" and a == ember.bool and b in (ember.bool, True)))
    rng = np.random.default_rng(seed)
    rhs = op.domain == "nonzero_rhs"  # either side may end up the divisor
    va = make_values(a, shapes[0], op.domain, rng, rhs=rhs)
    vb = b if is_number else make_values(b, shapes[1], op.domain, rng, rhs=rhs)
    if not is_number and a == b:
        tie(va, vb)
    inputs, values = [to_ember(va, a), b if is_number else to_ember(vb, b)], [va, vb]
    if swap:
        inputs, values = inputs[::-1], values[::-1]
    if is_number and swap and op.number_input == "no":  # torch.eq(2, t)
        with pytest.raises(TypeError, match=op.name):
            call(op, inputs)
        return
    if op.same_dtype and a != b:  # isclose: PyTorch refuses to promote
        with pytest.raises(RuntimeError, match=op.name):
            call(op, inputs)
        return
    if compute_dtype(op, *inputs) not in op.dtypes:  # e.g. lt on complex
        with pytest.raises(RuntimeError):
            call(op, inputs)
        return
    check_against_reference(op, inputs, values, call(op, inputs))


@settings(max_examples=100, deadline=None)
@given(
    op=st.sampled_from(UNARY_OPS),
    dtype=st.sampled_from(HYP_DTYPES),
    shape=hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5),
    seed=st.integers(0, 2**32 - 1),
)
def test_hypothesis_unary(op, dtype, shape, seed):
    assume(dtype in op.dtypes)
    rng = np.random.default_rng(seed)
    v = make_values(dtype, shape, op.domain, rng)
    t = to_ember(v, dtype)
    check_against_reference(op, [t], [v], call(op, [t]))


FLOAT_OPS = [
    OPS_BY_NAME[n]
    for n in (
        "add",
        "sub",
        "mul",
        "div",
        "maximum",
        "minimum",
        "eq",
        "ne",
        "lt",
        "le",
        "gt",
        "ge",
        "neg",
        "abs",
        "relu",
        # new ops with IEEE-exact results (NumPy's floor_divide and remainder
        # use PyTorch's algorithm; signs of zero are not compared here)
        "div_trunc",
        "div_floor",
        "floor_divide",
        "remainder",
        "fmod",
        "fmax",
        "fmin",
        "copysign",
        "logical_and",
        "logical_or",
        "logical_xor",
        "sign",
        "square",
        "floor",
        "ceil",
        "trunc",
        "round",
        "frac",
        "relu6",
        "reciprocal",
        "isnan",
        "isinf",
        "isfinite",
        "isposinf",
        "isneginf",
        "signbit",
        "logical_not",
    )
]


@settings(max_examples=150, deadline=None)
@given(
    op=st.sampled_from(FLOAT_OPS),
    dtype=st.sampled_from([np.float32, np.float64]),
    data=st.data(),
)
def test_hypothesis_special_float_values(op, dtype, data):
    # Any float, inf and NaN included: IEEE results are exact, NaN propagates.
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=6))
    elements = st.floats(width=32 if dtype == np.float32 else 64, allow_subnormal=True)
    values = [data.draw(hnp.arrays(dtype, shape, elements=elements)) for _ in range(op.arity)]
    edtype = ember.float32 if dtype == np.float32 else ember.float64
    inputs = [to_ember(v, edtype) for v in values]
    r = call(op, inputs)
    with np.errstate(all="ignore"):
        expected = op.ref(*values)
    assert_matches(r, expected, result_dtype(op, *inputs), exact=True)


# --------------------------------------------------------------------------- special values


def test_maximum_minimum_propagate_nan():
    nan = float("nan")
    a = ember.tensor([nan, 1.0, nan, -0.5])
    b = ember.tensor([1.0, nan, nan, 2.0])
    for fn in (ember.maximum, ember.minimum):
        r = fn(a, b).tolist()
        assert all(x != x for x in r[:3]) and r[3] == (2.0 if fn is ember.maximum else -0.5)
    h = ember.tensor([nan, 3.0], dtype=ember.float16)
    assert np.isnan(ember.maximum(h, ember.tensor([1.0, 1.0], dtype=ember.float16)).numpy()[0])


def test_special_values():
    nan = float("nan")
    assert ember.relu(ember.tensor([nan, -1.0, 2.0])).numpy().tolist()[1:] == [0.0, 2.0]
    assert np.isnan(ember.relu(ember.tensor([nan])).numpy()[0])
    assert ember.div(ember.tensor([1.0, -1.0, 0.0]), 0.0).numpy()[:2].tolist() == [float("inf"), float("-inf")]
    assert np.isnan(ember.div(ember.tensor([0.0]), 0.0).numpy()[0])
    assert ember.div(ember.tensor([1, 0]), ember.tensor([0, 0])).numpy()[0] == float("inf")  # int true division
    assert np.isnan(ember.sqrt(ember.tensor([-1.0])).numpy()[0])
    assert ember.log(ember.tensor([0.0])).numpy()[0] == float("-inf")
    assert ember.add(ember.tensor([60000.0], dtype=ember.float16), 10000).numpy()[0] == np.inf  # float16 overflow
    assert ember.neg(ember.tensor([0, 1, 250], dtype=ember.uint8)).tolist() == [0, 255, 6]
    assert ember.abs(ember.tensor([-128, -3], dtype=ember.int8)).tolist() == [-128, 3]
    assert (ember.tensor([100], dtype=ember.int8) + ember.tensor([100], dtype=ember.int8)).tolist() == [-56]
    assert ember.sigmoid(ember.tensor([-100.0, 100.0])).tolist() == [0.0, 1.0]


# --------------------------------------------------------------------------- instruction sets

ISA_SCRIPT = textwrap.dedent(
    """
    import sys
    import numpy as np
    import ember

    rng = np.random.default_rng(0)
    n = 70001  # odd: vector bodies and scalar tails; two chunks of the parallel loop
    out = {}
    for name in ("float32", "float64", "float16", "int32", "int8", "uint8"):
        np_dtype = np.dtype(name)
        if np_dtype.kind == "f":
            a = rng.uniform(-100, 100, n).astype(np_dtype)
            b = rng.uniform(0.5, 100, n).astype(np_dtype)
        else:
            info = np.iinfo(np_dtype)
            a = rng.integers(max(info.min, -1000), min(info.max, 1000), n).astype(np_dtype)
            b = rng.integers(1, min(info.max, 1000), n).astype(np_dtype)
        ta, tb = ember.tensor(a), ember.tensor(b)
        for op in ("add", "sub", "mul", "div", "maximum", "minimum", "lt", "eq",
                   "floor_divide", "remainder", "fmod", "fmax", "fmin", "logical_and"):
            out[f"{op}-{name}"] = getattr(ember, op)(ta, tb).numpy()
        for op in ("neg", "abs", "relu", "sqrt", "exp", "sin", "tanh", "sigmoid", "sign", "square",
                   "floor", "round", "relu6", "signbit", "logical_not"):
            out[f"{op}-{name}"] = getattr(ember._C, op)(ta).numpy()
        out[f"where-{name}"] = ember.where(ta > tb, ta, tb).numpy()
        out[f"clamp-{name}"] = ember.clamp(ta, -50, tb).numpy()
        if np_dtype.kind == "f":
            for op in ("atan2", "hypot", "copysign", "pow"):
                out[f"{op}-{name}"] = getattr(ember, op)(ta, tb / 10).numpy()
            out[f"divtrunc-{name}"] = ember.div(ta, tb, rounding_mode="trunc").numpy()
            for op in ("frac", "exp2", "expm1", "erf", "gelu", "silu", "mish", "hardswish", "atan", "isnan"):
                out[f"{op}-{name}"] = getattr(ember._C, op)(ta / 10).numpy()
            out[f"lgamma-{name}"] = ember.lgamma(tb).numpy()
            out[f"digamma-{name}"] = ember.digamma(ta / 10).numpy()
            out[f"erfinv-{name}"] = ember.erfinv(ta / 101).numpy()
            out[f"elu-{name}"] = ember._C.elu(ta / 10, 0.5, 2.0, 1.5).numpy()
            out[f"isclose-{name}"] = ember.isclose(ta, tb, rtol=0.5).numpy()
            out[f"log1p-{name}"] = ember.log1p(tb).numpy()
            out[f"lerp-{name}"] = ember.lerp(ta, tb, 0.3).numpy()
            out[f"addcmul-{name}"] = ember.addcmul(ta, ta, tb, value=0.5).numpy()
            out[f"addcdiv-{name}"] = ember.addcdiv(ta, ta, tb, value=0.5).numpy()
        else:
            counts = ember.tensor((b % (8 * np_dtype.itemsize)).astype(np_dtype))
            for op in ("bitwise_and", "bitwise_or", "bitwise_xor"):
                out[f"{op}-{name}"] = getattr(ember, op)(ta, tb).numpy()
            for op in ("bitwise_left_shift", "bitwise_right_shift", "pow"):
                out[f"{op}-{name}"] = getattr(ember, op)(ta, counts).numpy()
            out[f"bitwise_not-{name}"] = ember.bitwise_not(ta).numpy()
        out[f"alpha-{name}"] = ember.add(ta, tb, alpha=3).numpy()
        out[f"scalar-{name}"] = (ta * 3 + 1).numpy()
        out[f"strided-{name}"] = ember.add(ta[::3], tb[1::3]).numpy()
        out[f"broadcast-{name}"] = ember.mul(ta[:1000].unsqueeze(1), tb[:70]).numpy()
    bf = ember.tensor(rng.uniform(-100, 100, n).astype(np.float32)).to(ember.bfloat16)
    out["add-bfloat16"] = ember.add(bf, bf, alpha=2).to(ember.float32).numpy()
    out["mul-bfloat16"] = ember.mul(bf, bf).to(ember.float32).numpy()
    out["exp-bfloat16"] = ember.exp(bf / 30).to(ember.float32).numpy()
    np.savez(sys.argv[1], **out)
    """
)
# IEEE-exact ops must agree bit for bit across instruction sets; the rest (libm
# functions, multiply-adds that may be fused: alpha, lerp, addcmul) within a few ulps.
ISA_EXACT = (
    "add",
    "clamp",
    "sub",
    "mul",
    "div",
    "maximum",
    "minimum",
    "lt",
    "eq",
    "neg",
    "abs",
    "relu",
    "sqrt",
    "scalar",
    "strided",
    "broadcast",
    "floor_divide",
    "remainder",
    "fmod",
    "fmax",
    "fmin",
    "logical_and",
    "sign",
    "square",
    "floor",
    "round",
    "relu6",
    "signbit",
    "logical_not",
    "where",
    "copysign",
    "divtrunc",
    "frac",
    "isnan",
)
ISA_FUSED = ("alpha", "lerp", "addcmul", "addcdiv")


def _run_isa(tmp_path, isa):
    env = dict(os.environ)
    env.pop("EMBER_CPU_ISA", None)
    if isa is not None:
        env["EMBER_CPU_ISA"] = isa
    path = tmp_path / f"{isa or 'default'}.npz"
    proc = subprocess.run(
        [sys.executable, "-c", ISA_SCRIPT, str(path)], env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return dict(np.load(path))


def test_baseline_isa_matches_default(tmp_path):
    default = _run_isa(tmp_path, None)
    baseline = _run_isa(tmp_path, "baseline")
    assert default.keys() == baseline.keys() and len(default) > 50
    for key, expected in default.items():
        got = baseline[key]
        assert got.dtype == expected.dtype and got.shape == expected.shape, key
        if key.split("-")[0] in ISA_EXACT or expected.dtype.kind in "biu":
            np.testing.assert_array_equal(got, expected, err_msg=key)
        else:
            low = expected.dtype == np.float16 or "bfloat16" in key
            # A fused a + alpha * b rounds once: up to half an ulp of the operands (|a|, |3b| < 300) apart.
            atol = 0.5 if low else 1e-4 if key.startswith(ISA_FUSED) else 1e-6
            np.testing.assert_allclose(
                got.astype(np.float64),
                expected.astype(np.float64),
                rtol=2e-3 if low else 1e-6,
                atol=atol,
                err_msg=key,
            )


# --------------------------------------------------------------------------- errors


def _shape_pattern(shape):
    inner = ", ".join(map(str, shape))
    return rf"(\({re.escape(inner)}\)|\[{re.escape(inner)}\])"


@pytest.mark.parametrize("op", op_cases(BINARY_OPS))
def test_shape_mismatch_names_both_shapes(op):
    dtype = some_dtype(op)
    a, b = ember.ones(2, 3, dtype=dtype), ember.ones(3, 2, dtype=dtype)
    for fn in (lambda: op.op(a, b), lambda: op.method(a, b)):
        with pytest.raises(RuntimeError) as info:
            fn()
        msg = str(info.value)
        assert re.search(_shape_pattern((2, 3)), msg) and re.search(_shape_pattern((3, 2)), msg), msg
    with pytest.raises(RuntimeError):
        op.op(ember.ones(4, dtype=dtype), ember.ones(5, dtype=dtype))
    with pytest.raises(RuntimeError):
        op.op(ember.ones(2, 3, dtype=dtype), ember.ones(2, dtype=dtype))


@pytest.mark.parametrize("op", op_cases([o for o in BINARY_OPS if o.kind == "binary" and o.supports_inplace]))
def test_inplace_result_must_be_castable_to_self(op):
    x = ember.tensor([1, 2, 3])
    others = [ember.tensor([0.5, 1.5, 2.5])] + ([0.5, 1j] if op.supports_scalars else [])
    for other in others:
        with pytest.raises(RuntimeError):
            op.inplace(x, other)
        assert x.dtype == ember.int64 and x.tolist() == [1, 2, 3]


def test_inplace_castability_examples():
    x = ember.tensor([1, 2, 3])
    with pytest.raises(RuntimeError):
        x.add_(0.5)
    with pytest.raises(RuntimeError):
        x.div_(2)  # true division is float
    with pytest.raises(RuntimeError):
        x.exp_()
    with pytest.raises(RuntimeError):
        x += 0.5
    assert x.tolist() == [1, 2, 3]
    b = ember.tensor([True, False])
    with pytest.raises(RuntimeError):
        b.add_(1)  # int64 result into bool
    f = ember.tensor([1.0, 2.0])
    with pytest.raises(RuntimeError):
        f.mul_(1j)
    with pytest.raises(RuntimeError):
        ember.add(f, f, out=ember.zeros(2, dtype=ember.int64))
    with pytest.raises(RuntimeError):
        ember.exp(ember.tensor([1, 2]), out=ember.zeros(2, dtype=ember.int64))
    assert f.tolist() == [1.0, 2.0]


@pytest.mark.parametrize("op", op_cases([o for o in BINARY_OPS if o.supports_inplace]))
def test_inplace_output_must_have_the_broadcast_shape(op):
    dtype = some_dtype(op)
    x = ember.zeros(3, 1, dtype=dtype)
    with pytest.raises(RuntimeError) as info:
        op.inplace(x, ember.ones(1, 4, dtype=dtype))
    assert re.search(_shape_pattern((3, 1)), str(info.value)) and re.search(_shape_pattern((3, 4)), str(info.value))
    with pytest.raises(RuntimeError):
        op.inplace(ember.zeros(3, dtype=dtype), ember.ones(2, 3, dtype=dtype))
    assert x.tolist() == [[0], [0], [0]]


@pytest.mark.parametrize("op", op_cases([o for o in OPS if o.supports_inplace]))
def test_writing_into_an_expanded_tensor_fails(op):
    dtype = some_dtype(op)
    fill = 0.5 if dtype in FLOATS else 1
    base = ember.full((3,), fill, dtype=dtype)
    expanded = base.as_strided((3, 4), (1, 0))
    other = [] if op.arity == 1 else [ember.ones(3, 4, dtype=dtype)]
    with pytest.raises(RuntimeError, match="memory location"):
        op.inplace(expanded, *other)
    with pytest.raises(RuntimeError, match="memory location"):
        op.op(ember.ones(3, 4, dtype=dtype), *other, out=expanded)
    assert base.tolist() == [fill] * 3
    # a stride of 0 along a dimension of size 1 is no overlap
    single = base.as_strided((3, 1), (1, 0))
    other = [ember.ones(3, 1, dtype=dtype)] if other else []
    expected = to_numpy(op.op(single.contiguous(), *other))
    op.inplace(single, *other)
    np.testing.assert_array_equal(to_numpy(base), expected.astype(NP_DTYPE[dtype]).reshape(3))


def test_empty_outputs_with_zero_strides_can_be_written():
    # An empty tensor has no element to overlap, whatever its strides: NumPy gives
    # empty arrays zero strides, and PyTorch writes into such tensors without complaint.
    from_numpy = ember.from_numpy(np.zeros((2, 0), dtype=np.float32))
    strided = ember.zeros(0, 3).as_strided((0, 3), (0, 0))
    for out in (from_numpy, strided):
        shape = tuple(out.shape)
        assert out.add_(1) is out
        assert out.exp_() is out
        assert ember.mul(ember.ones(*shape), 2, out=out) is out
        out += 1
        assert tuple(out.shape) == shape and out.numel() == 0


def test_partial_overlap_between_input_and_output_is_rejected():
    # PyTorch refuses to write into a tensor that an input overlaps other than
    # element for element (the result would depend on the loop order).
    def square():
        return ember.tensor(np.arange(9.0, dtype=np.float32).reshape(3, 3))

    x = square()
    with pytest.raises(RuntimeError, match="memory location"):
        x.add_(x.t())
    x = square()
    with pytest.raises(RuntimeError, match="memory location"):
        x.mul_(x[0])
    # (an output that is not dense, like x[:, 1:], is too hard to check and
    # allowed, as in PyTorch)
    y = ember.tensor(np.arange(6.0, dtype=np.float32))
    with pytest.raises(RuntimeError, match="memory location"):
        ember.exp(y[:3], out=y[1:4])
    # exact aliasing is fine
    x = square()
    x.add_(x)
    assert x.tolist() == [[0.0, 2.0, 4.0], [6.0, 8.0, 10.0], [12.0, 14.0, 16.0]]


def test_expanded_outputs_via_operators():
    expanded = ember.zeros(2).as_strided((2, 3), (1, 0))
    with pytest.raises(RuntimeError):
        expanded += 1
    with pytest.raises(RuntimeError):
        expanded.mul_(ember.ones(2, 3))


def test_bool_minus_bool_fails():
    b = ember.tensor([True, False])
    for fn in (
        lambda: ember.sub(b, b),
        lambda: b - b,
        lambda: b.sub(b),
        lambda: b.sub_(b),
        lambda: b - True,
        lambda: True - b,
        lambda: ember.sub(b, ember.tensor(True)),
    ):
        with pytest.raises(RuntimeError, match="bool"):
            fn()
    assert b.tolist() == [True, False]


def test_sub_with_a_bool_tensor_fails_like_pytorch():
    # PyTorch rejects subtraction whenever an operand is a bool tensor (or a Python bool).
    b = ember.tensor([True, False])
    f = ember.tensor([1.0, 2.0])
    for fn in (lambda: b - 1, lambda: 1 - b, lambda: f - b, lambda: b - f, lambda: f - True, lambda: ember.sub(b, 1.5)):
        with pytest.raises(RuntimeError):
            fn()


def test_negating_a_bool_tensor_fails():
    b = ember.tensor([True, False])
    for fn in (lambda: -b, lambda: ember.neg(b), lambda: b.neg(), lambda: b.neg_(), lambda: ember.neg(b, out=b)):
        with pytest.raises(RuntimeError, match="bool"):
            fn()
    assert b.tolist() == [True, False]


def test_alpha_errors():
    i = ember.tensor([1, 2])
    f = ember.tensor([1.0, 2.0])
    assert ember.add(f, f, alpha=2).tolist() == [3.0, 6.0]
    assert ember.add(i, i, alpha=-1).tolist() == [0, 0]
    with pytest.raises(RuntimeError, match="alpha"):
        ember.add(i, i, alpha=0.5)  # float alpha with an integral result
    with pytest.raises(RuntimeError, match="alpha"):
        ember.sub(i, 1, alpha=1.5)
    with pytest.raises(RuntimeError, match="alpha"):
        i.add_(i, alpha=0.5)
    with pytest.raises(RuntimeError, match="alpha"):
        ember.add(f, f, alpha=1j)  # complex alpha with a real result
    assert i.tolist() == [1, 2]


def test_bool_alpha_needs_a_bool_result():
    # PyTorch: "Boolean alpha only supported for Boolean results".
    i = ember.tensor([1, 2])
    f = ember.tensor([1.0, 2.0])
    with pytest.raises(RuntimeError, match="alpha"):
        ember.add(i, i, alpha=True)
    with pytest.raises(RuntimeError, match="alpha"):
        ember.sub(f, f, alpha=False)


def _unsupported_cases():
    cases = []
    for op in OPS:
        for dtype in ALL:
            if dtype in op.dtypes:
                continue
            if op.name == "abs" and dtype in COMPLEX:
                continue  # PyTorch's abs of complex is real: test_abs_of_complex_is_real (test_elementwise_extra.py)
            cases.append(pytest.param(op, dtype, id=f"{op.name}-{dtype_id(dtype)}"))
    return cases


@pytest.mark.parametrize("op, dtype", _unsupported_cases())
def test_unsupported_dtypes_raise(op, dtype):
    # Every dtype PyTorch 2.13 refuses for the op (NotImplementedError, a
    # RuntimeError, or RuntimeError) must fail in ember too, in every form.
    x = to_ember(make_values(dtype, (3,), "positive"), dtype)
    args = [x] * op.arity
    with pytest.raises(RuntimeError):
        op.op(*args)
    with pytest.raises(RuntimeError):
        op.method(*args)
    if op.supports_inplace:
        with pytest.raises(RuntimeError):
            op.inplace(x.clone(), *args[1:])


def test_unsupported_unary_dtypes_fail():
    # As in PyTorch: abs and relu are not defined on bool, relu not on complex.
    b = ember.tensor([True, False])
    for fn in (ember.abs, ember.relu, ember.Tensor.abs, ember.Tensor.relu_):
        with pytest.raises(RuntimeError):  # NotImplementedError is a RuntimeError
            fn(b)
    with pytest.raises(RuntimeError):
        ember.relu(ember.tensor([1 - 1j]))
    assert b.tolist() == [True, False]


def test_ordered_comparisons_of_complex_fail():
    c = ember.tensor([1 + 1j, 2 + 0j])
    for op in ("lt", "le", "gt", "ge", "maximum", "minimum"):
        with pytest.raises(RuntimeError):  # NotImplementedError is a RuntimeError
            getattr(ember, op)(c, c)
    assert (c == c).tolist() == [True, True]


def test_bad_operands():
    t = ember.ones(2)
    with pytest.raises(TypeError):
        ember.add(t, "1")
    with pytest.raises(TypeError):
        ember.mul(None, t)
    with pytest.raises(TypeError):
        t + "1"
    with pytest.raises(TypeError):
        t * [1, 2]
    with pytest.raises(TypeError):
        ember.exp(2.0)  # unary ops take tensors
    assert (t == "1") is False  # both sides give up: Python compares identities
