"""Tensor methods and properties without a function of the same name: "Tensor.<name>" -> docstring."""

# fmt: off
DOCS = {
    "Tensor.T": """\
T

The tensor with its dimensions reversed (a view); for a matrix, its transpose.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.T
tensor([[1., 4.],
        [2., 5.],
        [3., 6.]])
""",
    "Tensor.mT": """\
mT

The tensor with its last two dimensions swapped (a view): a batch of transposed matrices.

Example:

>>> ember.zeros(4, 2, 3).mT.shape
ember.Size([4, 3, 2])
""",
    "Tensor.shape": """\
shape

The size of each dimension, as an :class:`ember.Size` (a tuple).

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.shape
ember.Size([2, 3])
""",
    "Tensor.dtype": """\
dtype

The element type.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.dtype
ember.float32
""",
    "Tensor.device": """\
device

Where the tensor's memory is: ``cpu`` or ``cuda:<index>``.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.device
device(type='cpu')
""",
    "Tensor.ndim": """\
ndim

The number of dimensions (as :meth:`Tensor.dim`).

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.ndim
2
""",
    "Tensor.is_cuda": """\
is_cuda

True when the tensor is on a CUDA device.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.is_cuda
False
""",
    "Tensor.dim": """\
dim() -> int

The number of dimensions.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.dim()
2
""",
    "Tensor.numel": """\
numel() -> int

The number of elements.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.numel()
6
""",
    "Tensor.size": """\
size(dim=None) -> Size | int

The shape as an :class:`ember.Size`, or with ``dim``, the size of that dimension.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.size()
ember.Size([2, 3])
>>> x.size(1)
3
""",
    "Tensor.stride": """\
stride(dim=None) -> tuple[int, ...] | int

The step in elements between neighbours along each dimension, or along ``dim``.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.stride()
(3, 1)
>>> x.T.stride()
(1, 3)
""",
    "Tensor.storage_offset": """\
storage_offset() -> int

Where the tensor starts in its storage, in elements.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x[1].storage_offset()
3
""",
    "Tensor.element_size": """\
element_size() -> int

The size of one element in bytes.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.element_size()
4
>>> x.to(ember.float16).element_size()
2
""",
    "Tensor.is_contiguous": """\
is_contiguous() -> bool

Whether the elements are laid out densely in row-major order.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.is_contiguous()
True
>>> x.T.is_contiguous()
False
""",
    "Tensor.contiguous": """\
contiguous() -> Tensor

The tensor itself when contiguous, else a row-major copy.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> y = x.T.contiguous()
>>> y.is_contiguous(), y.stride()
(True, (2, 1))
""",
    "Tensor.clone": """\
clone() -> Tensor

A copy with its own memory (recorded by autograd).

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> y = x.clone()
>>> y[0, 0] = 100.0
>>> x[0, 0]
tensor(1.)
""",
    "Tensor.copy_": """\
copy_(src, non_blocking=False) -> Tensor

Copies the values of ``src`` (of the same shape, converted to this dtype and device) into this tensor.

Example:

>>> x = ember.zeros(3)
>>> x.copy_(ember.tensor([1, 2, 3]))
tensor([1., 2., 3.])
""",
    "Tensor.fill_": """\
fill_(value) -> Tensor

Fills the tensor with ``value`` (a number or a 0-d tensor), in place.

Example:

>>> ember.empty(3).fill_(7)
tensor([7., 7., 7.])
""",
    "Tensor.zero_": """\
zero_() -> Tensor

Fills the tensor with zeros, in place.

Example:

>>> ember.ones(3).zero_()
tensor([0., 0., 0.])
""",
    "Tensor.item": """\
item() -> number

The value of a one-element tensor as a Python number.

Example:

>>> ember.tensor([[2.5]]).item()
2.5
""",
    "Tensor.tolist": """\
tolist() -> list | number

The tensor as nested Python lists (a number for a 0-d tensor).

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.tolist()
[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
""",
    "Tensor.numpy": """\
numpy() -> numpy.ndarray

A NumPy array that shares this CPU tensor's memory.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.numpy()
array([[1., 2., 3.],
       [4., 5., 6.]], dtype=float32)
""",
    "Tensor.data_ptr": """\
data_ptr() -> int

The address of the first element.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x[1].data_ptr() - x.data_ptr()
12
""",
    "Tensor.untyped_storage": """\
untyped_storage() -> UntypedStorage

The storage (the block of memory) this tensor views.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.untyped_storage().nbytes()
24
""",
    "Tensor.is_pinned": """\
is_pinned() -> bool

Whether this CPU tensor is in page-locked (pinned) memory.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.is_pinned()
False
""",
    "Tensor.is_inference": """\
is_inference() -> bool

Whether the tensor was made inside :class:`ember.inference_mode`.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.is_inference()
False
>>> with ember.inference_mode(): print(ember.ones(1).is_inference())
True
""",
    "Tensor.view": """\
view(*shape) -> Tensor

A view with a new shape (one size may be -1), or with ``dtype``, the same bytes as another element type.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.view(3, 2)
tensor([[1., 2.],
        [3., 4.],
        [5., 6.]])
>>> x.view(-1).shape
ember.Size([6])
>>> ember.tensor([1.0]).view(ember.int32)
tensor([1065353216], dtype=ember.int32)
""",
    "Tensor.view_as": """\
view_as(other) -> Tensor

A view with the shape of ``other``.

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.view_as(ember.zeros(3, 2)).shape
ember.Size([3, 2])
""",
    "Tensor.reshape_as": """\
reshape_as(other) -> Tensor

The elements in the shape of ``other`` (a view when possible).

Example:

>>> x = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> x.reshape_as(ember.zeros(6)).shape
ember.Size([6])
""",
    "Tensor.expand": """\
expand(*sizes) -> Tensor

A view in which dimensions of size 1 are repeated to the given sizes without copying; -1 keeps a size.

Example:

>>> ember.tensor([[1], [2]]).expand(2, 3)
tensor([[1, 1, 1],
        [2, 2, 2]])
""",
    "Tensor.expand_as": """\
expand_as(other) -> Tensor

A view expanded to the shape of ``other``.

Example:

>>> ember.tensor([[1], [2]]).expand_as(ember.zeros(2, 2))
tensor([[1, 1],
        [2, 2]])
""",
    "Tensor.repeat": """\
repeat(*repeats) -> Tensor

A copy tiled ``repeats[i]`` times along dimension ``i`` (new leading dims when more repeats than dims).

Example:

>>> ember.tensor([1, 2]).repeat(2, 2)
tensor([[1, 2, 1, 2],
        [1, 2, 1, 2]])
""",
    "Tensor.unfold": """\
unfold(dimension, size, step) -> Tensor

A view of all slices of length ``size`` along ``dimension``, taken every ``step`` elements, in a new last
dimension.

Example:

>>> ember.arange(6).unfold(0, 3, 2)
tensor([[0, 1, 2],
        [2, 3, 4]])
""",
    "Tensor.conj_physical": """\
conj_physical() -> Tensor

The complex conjugate, as a copy (the values themselves for real tensors).

Example:

>>> ember.view_as_complex(ember.tensor([[1.0, 2.0]])).conj_physical()
tensor([1.-2.j])
""",
    "Tensor.relu6": """\
relu6() -> Tensor

``min(max(0, x), 6)`` of each element.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.relu6()
tensor([0., 0., 0., 1., 4.])
""",
    "Tensor.relu6_": """\
relu6_() -> Tensor

In-place version of :meth:`Tensor.relu6`: ``min(max(0, x), 6)``.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.relu6_()
tensor([0., 0., 0., 1., 4.])
>>> x
tensor([0., 0., 0., 1., 4.])
""",
    "Tensor.elu": """\
elu() -> Tensor

The ELU activation: ``x`` for positive elements, ``exp(x) - 1`` below zero.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.elu()
tensor([-0.8647, -0.3935,  0.0000,  1.0000,  4.0000])
""",
    "Tensor.elu_": """\
elu_() -> Tensor

In-place version of :meth:`Tensor.elu`: the ELU activation.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.elu_()
tensor([-0.8647, -0.3935,  0.0000,  1.0000,  4.0000])
>>> x
tensor([-0.8647, -0.3935,  0.0000,  1.0000,  4.0000])
""",
    "Tensor.gelu": """\
gelu() -> Tensor

The GELU activation ``x * Phi(x)``, with the normal distribution's exact CDF.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.gelu()
tensor([-0.0455, -0.1543,  0.0000,  0.8413,  3.9999])
""",
    "Tensor.gelu_": """\
gelu_() -> Tensor

In-place version of :meth:`Tensor.gelu`: the exact GELU.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.gelu_()
tensor([-0.0455, -0.1543,  0.0000,  0.8413,  3.9999])
>>> x
tensor([-0.0455, -0.1543,  0.0000,  0.8413,  3.9999])
""",
    "Tensor.gelu_tanh": """\
gelu_tanh() -> Tensor

The GELU activation with the tanh approximation of the CDF.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.gelu_tanh()
tensor([-0.0454, -0.1543,  0.0000,  0.8412,  3.9999])
""",
    "Tensor.gelu_tanh_": """\
gelu_tanh_() -> Tensor

In-place version of :meth:`Tensor.gelu_tanh`: the tanh approximation of GELU.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.gelu_tanh_()
tensor([-0.0454, -0.1543,  0.0000,  0.8412,  3.9999])
>>> x
tensor([-0.0454, -0.1543,  0.0000,  0.8412,  3.9999])
""",
    "Tensor.hardsigmoid": """\
hardsigmoid() -> Tensor

The piecewise-linear sigmoid ``clamp(x / 6 + 1 / 2, 0, 1)``.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.hardsigmoid()
tensor([0.1667, 0.4167, 0.5000, 0.6667, 1.0000])
""",
    "Tensor.hardsigmoid_": """\
hardsigmoid_() -> Tensor

In-place version of :meth:`Tensor.hardsigmoid`: the hard sigmoid.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.hardsigmoid_()
tensor([0.1667, 0.4167, 0.5000, 0.6667, 1.0000])
>>> x
tensor([0.1667, 0.4167, 0.5000, 0.6667, 1.0000])
""",
    "Tensor.hardswish": """\
hardswish() -> Tensor

``x * hardsigmoid(x)``, a piecewise approximation of SiLU.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.hardswish()
tensor([-0.3333, -0.2083,  0.0000,  0.6667,  4.0000])
""",
    "Tensor.hardswish_": """\
hardswish_() -> Tensor

In-place version of :meth:`Tensor.hardswish`: hard swish.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.hardswish_()
tensor([-0.3333, -0.2083,  0.0000,  0.6667,  4.0000])
>>> x
tensor([-0.3333, -0.2083,  0.0000,  0.6667,  4.0000])
""",
    "Tensor.hardtanh": """\
hardtanh() -> Tensor

Clamps each element to ``[-1, 1]``.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.hardtanh()
tensor([-1.0000, -0.5000,  0.0000,  1.0000,  1.0000])
""",
    "Tensor.hardtanh_": """\
hardtanh_() -> Tensor

In-place version of :meth:`Tensor.hardtanh`: clamping to ``[-1, 1]``.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.hardtanh_()
tensor([-1.0000, -0.5000,  0.0000,  1.0000,  1.0000])
>>> x
tensor([-1.0000, -0.5000,  0.0000,  1.0000,  1.0000])
""",
    "Tensor.leaky_relu": """\
leaky_relu() -> Tensor

``x`` for positive elements, ``0.01 * x`` otherwise.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.leaky_relu()
tensor([-0.0200, -0.0050,  0.0000,  1.0000,  4.0000])
""",
    "Tensor.leaky_relu_": """\
leaky_relu_() -> Tensor

In-place version of :meth:`Tensor.leaky_relu`: leaky ReLU.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.leaky_relu_()
tensor([-0.0200, -0.0050,  0.0000,  1.0000,  4.0000])
>>> x
tensor([-0.0200, -0.0050,  0.0000,  1.0000,  4.0000])
""",
    "Tensor.mish": """\
mish() -> Tensor

The Mish activation ``x * tanh(softplus(x))``.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.mish()
tensor([-0.2525, -0.2207,  0.0000,  0.8651,  3.9974])
""",
    "Tensor.mish_": """\
mish_() -> Tensor

In-place version of :meth:`Tensor.mish`: Mish.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.mish_()
tensor([-0.2525, -0.2207,  0.0000,  0.8651,  3.9974])
>>> x
tensor([-0.2525, -0.2207,  0.0000,  0.8651,  3.9974])
""",
    "Tensor.silu": """\
silu() -> Tensor

The SiLU (swish) activation ``x * sigmoid(x)``.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.silu()
tensor([-0.2384, -0.1888,  0.0000,  0.7311,  3.9281])
""",
    "Tensor.silu_": """\
silu_() -> Tensor

In-place version of :meth:`Tensor.silu`: SiLU.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.silu_()
tensor([-0.2384, -0.1888,  0.0000,  0.7311,  3.9281])
>>> x
tensor([-0.2384, -0.1888,  0.0000,  0.7311,  3.9281])
""",
    "Tensor.softplus": """\
softplus() -> Tensor

``log(1 + exp(x))`` of each element, computed without overflow.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.softplus()
tensor([0.1269, 0.4741, 0.6931, 1.3133, 4.0181])
""",
    "Tensor.softplus_": """\
softplus_() -> Tensor

In-place version of :meth:`Tensor.softplus`: softplus.

Example:

>>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
>>> x.softplus_()
tensor([0.1269, 0.4741, 0.6931, 1.3133, 4.0181])
>>> x
tensor([0.1269, 0.4741, 0.6931, 1.3133, 4.0181])
""",
    "Tensor.grad": """\
grad

The gradient that ``backward()`` accumulated into this leaf tensor (None until then).

Example:

>>> x = ember.tensor([1.0, 2.0], requires_grad=True)
>>> x.grad is None
True
>>> (x * x).sum().backward()
>>> x.grad
tensor([2., 4.])
""",
    "Tensor.requires_grad": """\
requires_grad

Whether autograd records the ops on this tensor; settable on a leaf.

Example:

>>> x = ember.ones(2)
>>> x.requires_grad
False
>>> x.requires_grad = True
>>> (x * 2).requires_grad
True
""",
    "Tensor.pin_memory": """\
pin_memory() -> Tensor

A copy of this CPU tensor in page-locked (pinned) memory, for faster and asynchronous copies to a GPU (needs CUDA).

Example:

>>> x = ember.ones(2)
>>> if ember.cuda.is_available():
...     x = x.pin_memory()
>>> x.is_pinned() == ember.cuda.is_available()
True
""",
}
