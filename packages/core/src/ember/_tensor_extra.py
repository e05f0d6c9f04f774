"""Tensor methods PyTorch has that are spelled with other ops: dtype shorthands,
conjugates, H/mH, size facts, `+t`, `x in t` and copy.deepcopy.

Each one composes recorded ops (`to`, `mT`, `conj_physical`), so gradients flow
through them without formulas of their own.
"""

import builtins
import numbers
import warnings

from ember import _C
from ember._autograd_slots import AutogradMeta
from ember._grad_mode import no_grad
from ember._layout import contiguous_format, preserve_format, strided
from ember._tensor import Tensor, _method


def _property(fn):
    setattr(Tensor, fn.__name__, property(fn, doc=fn.__doc__))
    return fn


# ------------------------------------------------------------ dtype shorthands

_SHORTHANDS = {
    "double": "float64",
    "float": "float32",
    "half": "float16",
    "bfloat16": "bfloat16",
    "int": "int32",
    "long": "int64",
    "short": "int16",
    "bool": "bool",
    "byte": "uint8",
    "char": "int8",
    "cfloat": "complex64",
    "cdouble": "complex128",
}


def _shorthand(name, dtype_name):
    dtype = getattr(_C, dtype_name)

    def convert(self, memory_format=preserve_format):
        if memory_format is not preserve_format and memory_format is not contiguous_format:
            raise ValueError(
                f"{name}(): memory_format must be ember.preserve_format or ember.contiguous_format, "
                f"got {memory_format!r}"
            )
        out = self.to(dtype)
        return out.contiguous() if memory_format is contiguous_format else out

    convert.__name__ = convert.__qualname__ = name
    convert.__doc__ = (
        f"{name}(memory_format=ember.preserve_format) -> Tensor\n\n"
        f"self.to(ember.{dtype_name}): self when it already has that dtype.\n\n"
        f">>> ember.tensor([1.7, -2.5]).{name}().dtype\nember.{dtype_name}\n"
    )
    return convert


for _name, _dtype_name in _SHORTHANDS.items():
    setattr(Tensor, _name, _shorthand(_name, _dtype_name))


@_method
def type_as(self, other):
    """self converted to other's dtype and device: self when they already match.

    >>> ember.tensor([1.5]).type_as(ember.tensor([1]))
    tensor([1])
    """
    if not isinstance(other, Tensor):
        raise TypeError(f"type_as(): argument 'other' must be Tensor, not {type(other).__name__}")
    return self.to(other)


# ------------------------------------------------------------ conjugates, H, mH

# ember has no lazy conjugate bit: conj() of a complex tensor is a new tensor
# (conj_physical), of a real one self; so there is never a conjugate to resolve.


@_method
def conj(self):
    """The complex conjugate; self for a real tensor. (A copy, not PyTorch's lazy view.)

    >>> ember.view_as_complex(ember.tensor([[1.0, 2.0]])).conj()
    tensor([1.-2.j])
    """
    return self.conj_physical() if self.dtype.is_complex else self


@_method
def resolve_conj(self):
    """self: ember's conjugates are never lazy, so there is nothing to resolve.

    >>> x = ember.ones(2)
    >>> x.resolve_conj() is x
    True
    """
    return self


@_method
def is_conj(self):
    """False: ember's conj() writes the conjugate out.

    >>> ember.ones(2).conj().is_conj()
    False
    """
    return False


@_method
def resolve_neg(self):
    """self: ember has no lazy negation.

    >>> x = ember.ones(2)
    >>> x.resolve_neg() is x
    True
    """
    return self


@_method
def is_neg(self):
    """False: ember has no lazy negation.

    >>> ember.ones(2).is_neg()
    False
    """
    return False


def _conj_transpose_0d(name):
    warnings.warn(f"Tensor.{name} is deprecated on 0-D tensors. Consider using x.conj().", UserWarning, stacklevel=3)


@_property
def H(self):
    """The conjugate transpose of a matrix (2-D tensor).

    >>> ember.tensor([[1, 2], [3, 4]]).H
    tensor([[1, 3],
            [2, 4]])
    """
    if self.ndim == 0:
        _conj_transpose_0d("H")
        return self.conj()
    if self.ndim != 2:
        hint = " For batches of matrices, consider using tensor.mH" if self.ndim > 2 else ""
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {self.ndim}-D tensor.{hint}")
    return self.mT.conj()


@_property
def mH(self):
    """The conjugate transpose of the last two dims (a batch of matrices).

    >>> ember.ones(4, 2, 3).mH.shape
    ember.Size([4, 3, 2])
    """
    if self.ndim == 0:
        _conj_transpose_0d("mH")
        return self.conj()
    if self.ndim == 1:
        raise RuntimeError("tensor.mH is only supported on matrices or batches of matrices. Got 1-D tensor.")
    return self.mT.conj()


# ------------------------------------------------------------ math spelled with other ops


def cross(input, other, dim=None):
    """The 3-D cross product along dim; without dim, input's first dim of size 3 (deprecated, warns).

    >>> ember.cross(ember.tensor([1.0, 0.0, 0.0]), ember.tensor([0.0, 1.0, 0.0]), dim=0)
    tensor([0., 0., 1.])
    """
    from ember import linalg

    if dim is None:
        warnings.warn(
            "Using ember.cross without specifying the dim arg is deprecated. Pass dim, or use ember.linalg.cross "
            "(dim=-1); the default may change to agree with it.",
            UserWarning,
            stacklevel=2,
        )
        dim = next((i for i, size in enumerate(input.shape) if size == 3), None)
        if dim is None:
            raise RuntimeError(f"cross: no dimension of size 3 in input (shape {tuple(input.shape)})")
    return linalg.cross(input, other, dim=dim)


Tensor.cross = cross


# ------------------------------------------------------------ size and layout facts


@_method
def nelement(self):
    """The number of elements (numel()).

    >>> ember.ones(2, 3).nelement()
    6
    """
    return self.numel()


@_method
def ravel(self):
    """The elements as a 1-D tensor: a view when the layout allows, else a copy.

    >>> ember.tensor([[1, 2], [3, 4]]).t().ravel()
    tensor([1, 3, 2, 4])
    """
    return self.reshape(-1)


@_property
def nbytes(self):
    """Bytes taken by the elements this tensor shows (numel() * element_size()).

    >>> ember.ones(2, 3).nbytes
    24
    """
    return self.numel() * self.element_size()


@_property
def itemsize(self):
    """Bytes per element (element_size()).

    >>> ember.ones(2, dtype=ember.float16).itemsize
    2
    """
    return self.element_size()


@_property
def layout(self):
    """ember.strided: ember's tensors are dense with strides.

    >>> ember.ones(2).layout
    ember.strided
    """
    return strided


@_property
def is_sparse(self):
    """False: ember has no sparse tensors.

    >>> ember.ones(2).is_sparse
    False
    """
    return False


@_property
def is_meta(self):
    """False: ember has no meta (data-less) tensors.

    >>> ember.ones(2).is_meta
    False
    """
    return False


def _outer_first(self, a, b):
    """1 if dim a should sit outside dim b in memory, -1 if inside, 0 if the strides don't say
    (a stride of 0 or a dim of size 1 fits anywhere)."""
    size, stride = self.shape, self.stride()
    if stride[a] == 0 or stride[b] == 0 or size[a] == 1 or size[b] == 1:
        return 0
    if stride[a] != stride[b]:
        return 1 if stride[a] > stride[b] else -1
    return (size[a] > size[b]) - (size[a] < size[b])


@_method
def dim_order(self, *, ambiguity_check=False):
    """The dims from outermost to innermost in memory (contiguous: 0, 1, ..., ndim - 1).

    Dims whose place the strides leave open (size 1, stride 0) keep their
    logical order; ambiguity_check=True raises for such a tensor instead.

    >>> ember.ones(2, 3, 4).permute(2, 0, 1).dim_order()
    (1, 2, 0)
    """
    stride = self.stride()
    if ambiguity_check and (builtins.any(s == 1 for s in self.shape) or 0 in stride or len(set(stride)) != len(stride)):
        raise RuntimeError(
            f"dim_order: the tensor (shape {tuple(self.shape)}, strides {stride}) does not have a unique dim "
            "order: a dim of size 1, a stride of 0 or two equal strides"
        )
    # Insertion sort, innermost first, moving a dim outward only past dims the
    # strides say are inside it: dims the strides don't place stay where they are.
    order = list(range(self.ndim - 1, -1, -1))
    for i in range(1, len(order)):
        at = i
        for j in range(i - 1, -1, -1):
            c = _outer_first(self, order[j], order[at])
            if c > 0:
                order[j], order[at] = order[at], order[j]
                at = j
            elif c < 0:
                break
    return tuple(reversed(order))


# ------------------------------------------------------------ protocols


@_method
def __pos__(self):
    """+t: t itself (bool tensors raise, as in PyTorch)."""
    if self.dtype == _C.bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return self


@_method
def __contains__(self, element):
    """`element in t`: whether some entry of t equals element (a number, or a tensor broadcast against t)."""
    if not isinstance(element, (Tensor, numbers.Number)):
        raise RuntimeError(
            f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a {type(element).__name__}."
        )
    return builtins.bool((self == element).any().item())


def _copy_storage(t, memo):
    """A copy of all of t's storage (as a 1-D tensor of t's dtype), one per storage within one deepcopy."""
    storage = t.untyped_storage()
    key = ("ember storage", str(t.device), storage.data_ptr(), t.dtype)
    base = memo.get(key)
    if base is None:
        n = storage.nbytes() // t.element_size()
        base = t.as_strided((n,), (1,), 0).clone()
        memo[key] = base
        memo.setdefault(id(memo), []).append(t)  # keeps t's storage, hence data_ptr, alive while memo is
    return base


@_method
def __deepcopy__(self, memo):
    """copy.deepcopy: new memory with the same values, strides and requires_grad (leaves only, as
    PyTorch). Tensors sharing storage within one deepcopy share the copy's storage; .grad is copied."""
    if not self.is_leaf:
        raise RuntimeError(
            "Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the "
            "moment. Detach the tensor (t.detach()) and deepcopy that."
        )
    if id(self) in memo:
        return memo[id(self)]
    with no_grad():
        if self.numel() == 0:
            new = self.clone()
        else:
            new = _copy_storage(self, memo).as_strided(self.shape, self.stride(), self.storage_offset())
    meta = self._autograd_meta()
    marker = meta is not None and type(meta).__slots__ == ()  # a subclass that only marks (nn.Parameter)
    if marker or (meta is not None and meta.grad is not None):
        copied = type(meta)() if marker else AutogradMeta()
        if meta.grad is not None:
            copied.grad = meta.grad.__deepcopy__(memo)
        new._set_autograd_meta(copied)
    new.requires_grad_(self.requires_grad)
    memo[id(self)] = new
    return new
