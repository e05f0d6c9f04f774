"""Type promotion against PyTorch: result_type, promote_types, can_cast and the
result dtypes (or error classes) of ops, over every combination of the 12
dtypes as dimensioned and 0-d tensors and the four Python number types, on
either side.

Each test runs one left operand against every right operand and reports every
disagreement at once.
"""

import operator

import pytest
from oracle import DTYPES, EMBER_DTYPE, TORCH_DTYPE, TORCH_VERSION, dtype_id, torch

import ember

NUMBERS = (True, 2, 1.5, 1 + 1j)
pytestmark = pytest.mark.filterwarnings(
    "ignore:ComplexHalf support is experimental", "ignore:Casting complex values to real discards"
)


class Operand:
    """A value both libraries see: a tensor of ones of some shape and dtype, or a Python number."""

    def __init__(self, dtype=None, shape=None, number=None):
        self.dtype, self.shape, self.number = dtype, shape, number

    def make(self, lib):
        """A fresh ember or torch value (fresh, so in-place ops don't leak between cases)."""
        if self.number is not None:
            return self.number
        if lib is ember:
            return ember.ones(self.shape, dtype=self.dtype)
        return torch.ones(self.shape, dtype=TORCH_DTYPE[self.dtype])

    @property
    def is_number(self):
        return self.number is not None

    def __repr__(self):
        if self.is_number:
            return repr(self.number)
        return f"{'tensor' if self.shape else '0-d'}({dtype_id(self.dtype)})"


OPERANDS = [Operand(d, (2,)) for d in DTYPES] + [Operand(d, ()) for d in DTYPES] + [Operand(number=n) for n in NUMBERS]
TENSORS = [o for o in OPERANDS if not o.is_number]


def outcome(fn, *args):
    """The result dtype (an ember dtype) of fn(*args), or the name of the builtin exception class it raised."""
    try:
        r = fn(*args)
    except Exception as e:  # noqa: BLE001 - the class is the result
        return next(c for c in type(e).__mro__ if c.__module__ == "builtins").__name__
    if isinstance(r, (ember.Tensor, torch.Tensor)):
        r = r.dtype
    return EMBER_DTYPE.get(r, r)


def raised(result):
    return isinstance(result, str)


def compare(name, ember_fn, torch_fn, lefts, rights):
    """Every (left, right) where ember's outcome differs from torch's, described.

    torch has complex32 and ember doesn't: where torch promotes to complex32,
    ember computes in complex64 (test_no_complex32 in tests/core), also where
    torch has no complex32 kernel and raises."""
    found = []
    for a in lefts:
        for b in rights:
            ta, tb = a.make(torch), b.make(torch)
            e = outcome(ember_fn, a.make(ember), b.make(ember))
            t = outcome(torch_fn, ta, tb)
            if outcome(torch.result_type, ta, tb) == torch.complex32:
                if t == torch.complex32:
                    t = ember.complex64
                elif raised(t) and e in (ember.complex64, ember.bool):
                    t = e
            if e != t:
                found.append(f"{name}({a}, {b}): ember {e}, torch {t}")
    return found


def check(found):
    """No disagreement with torch."""
    assert not found, f"{len(found)} disagreements with torch:\n" + "\n".join(found)


@pytest.fixture(params=["float32", "float64"])
def default_dtype(request):
    """Runs a test with each default float dtype in both libraries."""
    ember.set_default_dtype(getattr(ember, request.param))
    torch.set_default_dtype(getattr(torch, request.param))
    yield
    ember.set_default_dtype(ember.float32)
    torch.set_default_dtype(torch.float32)


# Ops whose promotion has rules of its own: true division of integers, bool
# results, integer-only bitwise ops, tensor-only signatures, float-valued
# binaries. (name, ember function, torch function)
FUNCTIONS = [
    (name, getattr(ember, name), getattr(torch, name))
    for name in (
        "add",
        "sub",
        "mul",
        "div",
        "true_divide",
        "floor_divide",
        "remainder",
        "fmod",
        "pow",
        "eq",
        "lt",
        "logical_and",
        "bitwise_and",
        "bitwise_xor",
        "bitwise_left_shift",
        "maximum",
        "fmin",
        "atan2",
        "hypot",
        "copysign",
    )
] + [
    (
        "div_floor",
        lambda a, b: ember.div(a, b, rounding_mode="floor"),
        lambda a, b: torch.div(a, b, rounding_mode="floor"),
    ),
    (
        "div_trunc",
        lambda a, b: ember.div(a, b, rounding_mode="trunc"),
        lambda a, b: torch.div(a, b, rounding_mode="trunc"),
    ),
    ("add(alpha=2)", lambda a, b: ember.add(a, b, alpha=2), lambda a, b: torch.add(a, b, alpha=2)),
    (
        "where",
        lambda a, b: ember.where(ember.tensor([True, False]), a, b),
        lambda a, b: torch.where(torch.tensor([True, False]), a, b),
    ),
]
OPERATORS = [
    (op.__name__, op, op)
    for op in (
        operator.add,
        operator.sub,
        operator.mul,
        operator.truediv,
        operator.floordiv,
        operator.mod,
        operator.pow,
        operator.eq,
        operator.lt,
        operator.ge,
        operator.and_,
        operator.or_,
        operator.lshift,
        operator.rshift,
    )
]
INPLACE = [
    (name, lambda a, b, name=name: getattr(a, name)(b), lambda a, b, name=name: getattr(a, name)(b))
    for name in ("add_", "mul_", "div_", "eq_", "bitwise_and_", "pow_")
]


def inplace_rights(left):
    """What `left` can be updated in place with: a 0-d self can't take a dimensioned other's shape."""
    return [b for b in OPERANDS if left.shape or b.is_number or not b.shape]


def operand_id(o):
    return repr(o)


@pytest.mark.parametrize("left", OPERANDS, ids=operand_id)
def test_result_type(left, default_dtype):
    check(compare("result_type", ember.result_type, torch.result_type, [left], OPERANDS))


@pytest.mark.parametrize("name, ember_fn, torch_fn", FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
@pytest.mark.parametrize("left", OPERANDS, ids=operand_id)
def test_function_result_dtypes(name, ember_fn, torch_fn, left):
    check(compare(name, ember_fn, torch_fn, [left], OPERANDS))


@pytest.mark.parametrize("left", OPERANDS, ids=operand_id)
def test_add_result_dtypes_with_either_default_dtype(left, default_dtype):
    check(compare("add", ember.add, torch.add, [left], OPERANDS))


@pytest.mark.parametrize("name, ember_fn, torch_fn", OPERATORS, ids=[f[0] for f in OPERATORS])
@pytest.mark.parametrize("left", OPERANDS, ids=operand_id)
def test_operator_result_dtypes(name, ember_fn, torch_fn, left):
    rights = TENSORS if left.is_number else OPERANDS  # 2 + 3 is Python's business
    check(compare(name, ember_fn, torch_fn, [left], rights))


@pytest.mark.parametrize("name, ember_fn, torch_fn", INPLACE, ids=[f[0] for f in INPLACE])
@pytest.mark.parametrize("left", TENSORS, ids=operand_id)
def test_inplace_castability(name, ember_fn, torch_fn, left):
    """In-place ops keep self's dtype and refuse results it can't hold, as torch does."""
    check(compare(name, ember_fn, torch_fn, [left], inplace_rights(left)))


def test_promote_types_table():
    found = []
    for a in DTYPES:
        for b in DTYPES:
            e = outcome(ember.promote_types, a, b)
            t = outcome(torch.promote_types, TORCH_DTYPE[a], TORCH_DTYPE[b])
            if e != t:
                found.append(f"promote_types({dtype_id(a)}, {dtype_id(b)}): ember {e}, torch {t}")
    check(found)


def test_can_cast_table():
    found = []
    for a in DTYPES:
        for b in DTYPES:
            e = ember.can_cast(a, b)
            t = torch.can_cast(TORCH_DTYPE[a], TORCH_DTYPE[b])
            if e != t:
                found.append(f"can_cast({dtype_id(a)}, {dtype_id(b)}): ember {e}, torch {t}")
    check(found)


def test_the_oracle_is_the_pinned_torch():
    assert torch.__version__.split("+")[0] == TORCH_VERSION
    assert len(DTYPES) == 12
