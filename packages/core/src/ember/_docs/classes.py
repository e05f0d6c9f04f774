"""Docstrings of the classes that ember._C defines (Tensor, Generator, ...), set at `import ember`.

A pybind class gets only the one-line doc the C++ gives it; these add an example each."""

# fmt: off
DOCS = {
    "Tensor": """\
A multi-dimensional array of one dtype, on one device; autograd records the ops on it when it requires grad.

Example:

>>> x = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> x.shape, x.dtype, x.device
(ember.Size([2, 2]), ember.float32, device(type='cpu'))
>>> (x @ x).sum()
tensor(54.)
>>> isinstance(x, ember.Tensor)
True
""",
    "Generator": """\
A random number generator: Philox4x32-10 at (seed, offset); pass it as ``generator=`` to a random op.

Example:

>>> g = ember.Generator().manual_seed(0)
>>> a = ember.rand(2, generator=g)
>>> _ = g.manual_seed(0)
>>> ember.equal(a, ember.rand(2, generator=g))
True
>>> g.initial_seed(), g.device
(0, device(type='cpu'))
""",
    "UntypedStorage": """\
The memory a tensor and its views share, as bytes on one device.

Example:

>>> x = ember.arange(4.0)
>>> storage = x.untyped_storage()
>>> storage.nbytes(), storage.device
(16, device(type='cpu'))
>>> x[1:].untyped_storage().data_ptr() == storage.data_ptr()
True
""",
    "device": """\
Where a tensor's memory lives: ember.device('cpu'), ember.device('cuda', 0).

Example:

>>> d = ember.device("cuda", 0)
>>> d, d.type, d.index
(device(type='cuda', index=0), 'cuda', 0)
>>> ember.device("cpu") == ember.ones(1).device
True
""",
    "dtype": """\
The element type of a tensor, like ember.float32.

Example:

>>> ember.float32.is_floating_point, ember.float32.itemsize
(True, 4)
>>> ember.tensor([1, 2]).dtype, ember.tensor([1, 2]).to(ember.float64).dtype
(ember.int64, ember.float64)
""",
    "OutOfMemoryError": """\
Raised when a device (or the host) has no memory left for an allocation; names the sizes.

Example:

>>> ember.empty(2**50)  # 4 PiB: more than any machine has
Traceback (most recent call last):
    ...
ember.OutOfMemoryError: CPU allocator: out of memory allocating 4503599627370496 bytes
>>> ember.cuda.OutOfMemoryError is ember.OutOfMemoryError
True
""",
}
# fmt: on
