"""Type promotion: ember.promote_types, ember.result_type and ember.can_cast
against PyTorch's answers, and the dtypes elementwise ops actually produce.

Every table below was generated once with PyTorch 2.13 (CPU) and pasted here
as literal data (rows: first operand, columns: second operand, both in the
order of DTYPES). The tests never import torch.

PyTorch answers complex32 (ComplexHalf) for float16 with a complex operand of
lower priority (0-d tensor or Python complex); ember has no complex32, so
those cells read "c32" and are checked separately (see test_no_complex32).
"""

import pytest

import ember

ABBREV = {
    "b": ember.bool,
    "u8": ember.uint8,
    "i8": ember.int8,
    "i16": ember.int16,
    "i32": ember.int32,
    "i64": ember.int64,
    "f16": ember.float16,
    "bf16": ember.bfloat16,
    "f32": ember.float32,
    "f64": ember.float64,
    "c64": ember.complex64,
    "c128": ember.complex128,
}
DTYPES = list(ABBREV.values())
NAMES = list(ABBREV)
NUMBERS = (True, 2, 2.5, 1 + 2j)  # the columns of the *_NUMBER tables: bool, int, float, complex
NUMBER_KINDS = ("bool", "int", "float", "complex")


def table(text):
    """{row dtype: [cell, ...]} from the literal tables below ('y'/'n' -> True/False)."""
    out = {}
    for line in text.strip().splitlines():
        row, *cells = line.split()
        out[ABBREV[row]] = [{"y": True, "n": False}.get(c, c) for c in cells]
    return out


# fmt: off
# torch.promote_types(row, column)
#      b    u8   i8   i16  i32  i64  f16  bf16 f32  f64  c64  c128
PROMOTE_TYPES = table('''
b      b    u8   i8   i16  i32  i64  f16  bf16 f32  f64  c64  c128
u8     u8   u8   i16  i16  i32  i64  f16  bf16 f32  f64  c64  c128
i8     i8   i16  i8   i16  i32  i64  f16  bf16 f32  f64  c64  c128
i16    i16  i16  i16  i16  i32  i64  f16  bf16 f32  f64  c64  c128
i32    i32  i32  i32  i32  i32  i64  f16  bf16 f32  f64  c64  c128
i64    i64  i64  i64  i64  i64  i64  f16  bf16 f32  f64  c64  c128
f16    f16  f16  f16  f16  f16  f16  f16  f32  f32  f64  c64  c128
bf16   bf16 bf16 bf16 bf16 bf16 bf16 f32  bf16 f32  f64  c64  c128
f32    f32  f32  f32  f32  f32  f32  f32  f32  f32  f64  c64  c128
f64    f64  f64  f64  f64  f64  f64  f64  f64  f64  f64  c128 c128
c64    c64  c64  c64  c64  c64  c64  c64  c64  c64  c128 c64  c128
c128   c128 c128 c128 c128 c128 c128 c128 c128 c128 c128 c128 c128
''')

# torch.result_type(torch.ones(2, dtype=row), torch.ones((), dtype=column))
# (the same with the operands swapped)
#      b    u8   i8   i16  i32  i64  f16  bf16 f32  f64  c64  c128
TENSOR_ZERODIM = table('''
b      b    u8   i8   i16  i32  i64  f16  bf16 f32  f64  c64  c128
u8     u8   u8   u8   u8   u8   u8   f16  bf16 f32  f64  c64  c128
i8     i8   i8   i8   i8   i8   i8   f16  bf16 f32  f64  c64  c128
i16    i16  i16  i16  i16  i16  i16  f16  bf16 f32  f64  c64  c128
i32    i32  i32  i32  i32  i32  i32  f16  bf16 f32  f64  c64  c128
i64    i64  i64  i64  i64  i64  i64  f16  bf16 f32  f64  c64  c128
f16    f16  f16  f16  f16  f16  f16  f16  f16  f16  f16  c32  c32
bf16   bf16 bf16 bf16 bf16 bf16 bf16 bf16 bf16 bf16 bf16 c64  c64
f32    f32  f32  f32  f32  f32  f32  f32  f32  f32  f32  c64  c64
f64    f64  f64  f64  f64  f64  f64  f64  f64  f64  f64  c128 c128
c64    c64  c64  c64  c64  c64  c64  c64  c64  c64  c64  c64  c64
c128   c128 c128 c128 c128 c128 c128 c128 c128 c128 c128 c128 c128
''')

# torch.result_type(torch.ones(2, dtype=row), number), number in NUMBERS
# (the same with the number first), default dtype float32
#      True 2    2.5  1+2j
TENSOR_NUMBER = table('''
b      b    i64  f32  c64
u8     u8   u8   f32  c64
i8     i8   i8   f32  c64
i16    i16  i16  f32  c64
i32    i32  i32  f32  c64
i64    i64  i64  f32  c64
f16    f16  f16  f16  c32
bf16   bf16 bf16 bf16 c64
f32    f32  f32  f32  c64
f64    f64  f64  f64  c128
c64    c64  c64  c64  c64
c128   c128 c128 c128 c128
''')

# torch.result_type(torch.ones((), dtype=row), number) (and number first)
#      True 2    2.5  1+2j
ZERODIM_NUMBER = table('''
b      b    i64  f32  c64
u8     u8   u8   f32  c64
i8     i8   i8   f32  c64
i16    i16  i16  f32  c64
i32    i32  i32  f32  c64
i64    i64  i64  f32  c64
f16    f16  f16  f16  c32
bf16   bf16 bf16 bf16 c64
f32    f32  f32  f32  c64
f64    f64  f64  f64  c128
c64    c64  c64  c64  c64
c128   c128 c128 c128 c128
''')

# TENSOR_NUMBER after torch.set_default_dtype(torch.float64)
#      True 2    2.5  1+2j
TENSOR_NUMBER_DEFAULT_F64 = table('''
b      b    i64  f64  c128
u8     u8   u8   f64  c128
i8     i8   i8   f64  c128
i16    i16  i16  f64  c128
i32    i32  i32  f64  c128
i64    i64  i64  f64  c128
f16    f16  f16  f16  c32
bf16   bf16 bf16 bf16 c64
f32    f32  f32  f32  c64
f64    f64  f64  f64  c128
c64    c64  c64  c64  c64
c128   c128 c128 c128 c128
''')

# torch.can_cast(row, column)
#      b    u8   i8   i16  i32  i64  f16  bf16 f32  f64  c64  c128
CAN_CAST = table('''
b      y    y    y    y    y    y    y    y    y    y    y    y
u8     n    y    y    y    y    y    y    y    y    y    y    y
i8     n    y    y    y    y    y    y    y    y    y    y    y
i16    n    y    y    y    y    y    y    y    y    y    y    y
i32    n    y    y    y    y    y    y    y    y    y    y    y
i64    n    y    y    y    y    y    y    y    y    y    y    y
f16    n    n    n    n    n    n    y    y    y    y    y    y
bf16   n    n    n    n    n    n    y    y    y    y    y    y
f32    n    n    n    n    n    n    y    y    y    y    y    y
f64    n    n    n    n    n    n    y    y    y    y    y    y
c64    n    n    n    n    n    n    n    n    n    n    y    y
c128   n    n    n    n    n    n    n    n    n    n    y    y
''')
# fmt: on


def _dim(dtype):
    return ember.ones(2, dtype=dtype)


def _zero_dim(dtype):
    return ember.ones((), dtype=dtype)


def _expected(cell):
    if isinstance(cell, bool):  # CAN_CAST
        return cell
    return None if cell == "c32" else ABBREV[cell]


def _check_row(got_fn, cells, columns, what):
    """Compares got_fn(column) with every cell of a row; reports all mismatches at once."""
    wrong = []
    checked = 0
    for column, cell in zip(columns, cells, strict=True):
        expected = _expected(cell)
        if expected is None:
            continue
        got = got_fn(column)
        checked += 1
        if got != expected:
            wrong.append(f"{what(column)}: got {got}, PyTorch gives {expected}")
    assert checked > 0
    assert not wrong, "\n".join(wrong)


def test_tables_cover_every_dtype():
    for t in (PROMOTE_TYPES, TENSOR_ZERODIM, CAN_CAST):
        assert list(t) == DTYPES and all(len(row) == len(DTYPES) for row in t.values())
    for t in (TENSOR_NUMBER, ZERODIM_NUMBER, TENSOR_NUMBER_DEFAULT_F64):
        assert list(t) == DTYPES and all(len(row) == len(NUMBERS) for row in t.values())


# promote_types


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_promote_types_table(a):
    _check_row(lambda b: ember.promote_types(a, b), PROMOTE_TYPES[a], DTYPES, lambda b: f"promote_types({a}, {b})")


def test_promote_types_is_symmetric_and_idempotent():
    for a in DTYPES:
        assert ember.promote_types(a, a) == a
        for b in DTYPES:
            assert ember.promote_types(a, b) == ember.promote_types(b, a), (a, b)


def test_promote_types_returns_dtype_objects():
    r = ember.promote_types(ember.uint8, ember.int8)
    assert isinstance(r, ember.dtype)
    assert r == ember.int16


# result_type: tensors of every rank pair and Python numbers


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_result_type_tensor_tensor(a):
    _check_row(lambda b: ember.result_type(_dim(a), _dim(b)), PROMOTE_TYPES[a], DTYPES, lambda b: f"({a}[2], {b}[2])")


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_result_type_zerodim_zerodim(a):
    # Two 0-d tensors are peers: plain promotion.
    _check_row(
        lambda b: ember.result_type(_zero_dim(a), _zero_dim(b)), PROMOTE_TYPES[a], DTYPES, lambda b: f"({a}[], {b}[])"
    )


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_result_type_tensor_zerodim(a):
    _check_row(
        lambda b: ember.result_type(_dim(a), _zero_dim(b)), TENSOR_ZERODIM[a], DTYPES, lambda b: f"({a}[2], {b}[])"
    )


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_result_type_zerodim_tensor(a):
    _check_row(
        lambda b: ember.result_type(_zero_dim(b), _dim(a)), TENSOR_ZERODIM[a], DTYPES, lambda b: f"({b}[], {a}[2])"
    )


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_result_type_tensor_number(a):
    _check_row(lambda n: ember.result_type(_dim(a), n), TENSOR_NUMBER[a], NUMBERS, lambda n: f"({a}[2], {n!r})")
    _check_row(lambda n: ember.result_type(n, _dim(a)), TENSOR_NUMBER[a], NUMBERS, lambda n: f"({n!r}, {a}[2])")


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_result_type_zerodim_number(a):
    _check_row(lambda n: ember.result_type(_zero_dim(a), n), ZERODIM_NUMBER[a], NUMBERS, lambda n: f"({a}[], {n!r})")
    _check_row(lambda n: ember.result_type(n, _zero_dim(a)), ZERODIM_NUMBER[a], NUMBERS, lambda n: f"({n!r}, {a}[])")


@pytest.fixture
def default_float64():
    ember.set_default_dtype(ember.float64)
    try:
        yield
    finally:
        ember.set_default_dtype(ember.float32)


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_result_type_tensor_number_default_float64(a, default_float64):
    # Python floats and complexes follow the default dtype; tensors don't.
    _check_row(
        lambda n: ember.result_type(_dim(a), n), TENSOR_NUMBER_DEFAULT_F64[a], NUMBERS, lambda n: f"({a}[2], {n!r})"
    )


def test_result_type_number_value_does_not_matter():
    # Only the kind of a Python number counts, never its magnitude.
    assert ember.result_type(_dim(ember.uint8), 1000) == ember.uint8
    assert ember.result_type(_dim(ember.int8), -(2**40)) == ember.int8
    assert ember.result_type(_dim(ember.float16), 1e300) == ember.float16
    assert ember.result_type(_dim(ember.bool), False) == ember.bool
    assert ember.result_type(_dim(ember.bool), 0) == ember.int64


def test_result_type_zerodim_tensor_with_higher_category_wins():
    # A 0-d tensor of a higher category decides, at its own precision.
    assert ember.result_type(_dim(ember.int32), _zero_dim(ember.float64)) == ember.float64
    assert ember.result_type(_dim(ember.bool), _zero_dim(ember.int8)) == ember.int8
    # ... but inside one category the dimensioned tensor keeps its dtype.
    assert ember.result_type(_dim(ember.int8), _zero_dim(ember.int64)) == ember.int8
    assert ember.result_type(_dim(ember.float16), _zero_dim(ember.float64)) == ember.float16
    # complex 0-d with a float tensor: the tensor's precision, made complex
    assert ember.result_type(_dim(ember.float32), _zero_dim(ember.complex128)) == ember.complex64
    assert ember.result_type(_dim(ember.float64), _zero_dim(ember.complex64)) == ember.complex128


def test_no_complex32():
    # Where PyTorch answers complex32, ember (which has no complex32) must give
    # the narrowest complex dtype it has.
    cases = [
        (_dim(ember.float16), _zero_dim(ember.complex64)),
        (_dim(ember.float16), _zero_dim(ember.complex128)),
        (_dim(ember.float16), 1j),
        (1j, _dim(ember.float16)),
        (_zero_dim(ember.float16), 1j),
    ]
    n_c32 = sum(row.count("c32") for t in (TENSOR_ZERODIM, TENSOR_NUMBER, ZERODIM_NUMBER) for row in t.values())
    assert n_c32 == 4  # the cells that need this rule
    for a, b in cases:
        assert ember.result_type(a, b) == ember.complex64, (a, b)


def test_result_type_rejects_non_numbers():
    with pytest.raises(TypeError):
        ember.result_type(_dim(ember.float32), "1")
    with pytest.raises(TypeError):
        ember.result_type(None, _dim(ember.float32))


# The dtype ops really produce


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_add_result_dtype_matches_result_type(a):
    wrong = []
    for b in DTYPES:
        for x, y in [
            (_dim(a), _dim(b)),
            (_dim(a), _zero_dim(b)),
            (_zero_dim(b), _dim(a)),
            (_zero_dim(a), _zero_dim(b)),
        ]:
            got, expected = ember.add(x, y).dtype, ember.result_type(x, y)
            if got != expected:
                wrong.append(
                    f"add({x.dtype}{list(x.shape)}, {y.dtype}{list(y.shape)}) -> {got}, result_type {expected}"
                )
    for n in NUMBERS:
        for x, y in [(_dim(a), n), (n, _dim(a)), (_zero_dim(a), n)]:
            got, expected = ember.add(x, y).dtype, ember.result_type(x, y)
            if got != expected:
                wrong.append(f"add({x!r}, {y!r}) -> {got}, result_type {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_operator_result_dtypes_follow_tables(a):
    # The table dtypes, reached through the operators, mul and comparisons.
    wrong = []
    for b, cell in zip(DTYPES, PROMOTE_TYPES[a], strict=True):
        if (_dim(a) * _dim(b)).dtype != ABBREV[cell]:
            wrong.append(f"{a}[2] * {b}[2]")
    for b, cell in zip(DTYPES, TENSOR_ZERODIM[a], strict=True):
        if cell != "c32" and (_dim(a) + _zero_dim(b)).dtype != ABBREV[cell]:
            wrong.append(f"{a}[2] + {b}[]")
    for n, cell in zip(NUMBERS, TENSOR_NUMBER[a], strict=True):
        if cell == "c32":
            continue
        if (_dim(a) * n).dtype != ABBREV[cell] or (n * _dim(a)).dtype != ABBREV[cell]:
            wrong.append(f"{a}[2] * {n!r}")
        if (_dim(a) + n).dtype != ABBREV[cell] or (n + _dim(a)).dtype != ABBREV[cell]:
            wrong.append(f"{a}[2] + {n!r}")
    for b in DTYPES:
        assert (_dim(a) == _dim(b)).dtype == ember.bool
    assert not wrong, "\n".join(wrong)


def test_promoted_values_are_computed_in_the_promoted_dtype():
    # uint8 + int8 computes in int16: no wrap-around at 256.
    u = ember.tensor([200, 255], dtype=ember.uint8)
    i = ember.tensor([100, -1], dtype=ember.int8)
    r = u + i
    assert r.dtype == ember.int16 and r.tolist() == [300, 254]
    # int32 with a Python float: float32
    r = ember.tensor([1, 2], dtype=ember.int32) * 2.5
    assert r.dtype == ember.float32 and r.tolist() == [2.5, 5.0]
    # bool with a Python int: int64
    r = ember.tensor([True, False]) + 2
    assert r.dtype == ember.int64 and r.tolist() == [3, 2]
    # float16 with bfloat16: float32, exact
    r = ember.tensor([1.5], dtype=ember.float16) + ember.tensor([2.0**-8], dtype=ember.bfloat16)
    assert r.dtype == ember.float32 and r.tolist() == [1.5 + 2.0**-8]
    # A lower-priority operand is converted (wrapping) to the result dtype, as in PyTorch:
    # int8 + 0-d int64 1000 -> 1 + int8(1000) = 1 + (-24)
    r = ember.tensor([1, 2], dtype=ember.int8) + ember.tensor(1000)
    assert r.dtype == ember.int8 and r.tolist() == [-23, -22]
    # uint8 + 300 -> uint8 wraps: (1 + 300) % 256
    r = ember.tensor([1, 2, 255], dtype=ember.uint8) + 300
    assert r.dtype == ember.uint8 and r.tolist() == [45, 46, 43]
    # Comparisons also compare in the promoted dtype: uint8 == -1 compares with 255.
    assert (ember.tensor([1, 255], dtype=ember.uint8) == -1).tolist() == [False, True]
    # float64 0-d with a float32 tensor: float32
    r = ember.tensor([1.0], dtype=ember.float32) + ember.tensor(2.0**-30, dtype=ember.float64)
    assert r.dtype == ember.float32 and r.tolist() == [1.0]


# can_cast


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_can_cast_table(a):
    _check_row(lambda b: ember.can_cast(a, b), CAN_CAST[a], DTYPES, lambda b: f"can_cast({a}, {b})")


def test_can_cast_cases():
    assert ember.can_cast(ember.int64, ember.uint8)  # same category, narrower: allowed
    assert ember.can_cast(ember.float64, ember.float16)
    assert ember.can_cast(ember.bool, ember.complex64)
    assert not ember.can_cast(ember.float32, ember.int64)
    assert not ember.can_cast(ember.complex64, ember.float64)
    assert not ember.can_cast(ember.int8, ember.bool)
    assert ember.can_cast(from_=ember.int32, to=ember.float32)  # keyword names as in PyTorch


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_inplace_add_castability(a):
    # self.add_(other) is allowed exactly when promote(self, other) can be cast to self,
    # and the result keeps self's dtype.
    wrong = []
    for b in DTYPES:
        allowed = CAN_CAST[ABBREV[PROMOTE_TYPES[a][DTYPES.index(b)]]][DTYPES.index(a)]
        x = ember.zeros(3, dtype=a)
        try:
            r = x.add_(ember.ones(3, dtype=b))
        except RuntimeError:
            if allowed:
                wrong.append(f"{a}.add_({b}) raised")
        else:
            if not allowed:
                wrong.append(f"{a}.add_({b}) did not raise")
            elif r.dtype != a or x.dtype != a or x.tolist() != [1, 1, 1]:
                wrong.append(f"{a}.add_({b}) gave {r.dtype} {x.tolist()}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("a", DTYPES, ids=NAMES)
def test_out_castability(a):
    # out= accepts any dtype the result can be cast to.
    x = ember.ones(3, dtype=ember.int32)
    out = ember.zeros(3, dtype=a)
    if CAN_CAST[ember.int32][DTYPES.index(a)]:
        r = ember.add(x, x, out=out)
        assert r.dtype == a and out.dtype == a
        assert out.tolist() == [2, 2, 2]
    else:
        with pytest.raises(RuntimeError, match="can't be cast"):
            ember.add(x, x, out=out)
        assert out.tolist() == [0, 0, 0]  # untouched
