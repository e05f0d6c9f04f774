"""Creation from other libraries, dtype promotion, threads and grad mode."""

# fmt: off
DOCS = {
    "from_numpy": """\
from_numpy(ndarray) -> Tensor

A tensor that shares the memory of a NumPy array (changes show in both).

Example:

>>> import numpy as np
>>> a = np.array([1.0, 2.0])
>>> t = ember.from_numpy(a)
>>> a[0] = 5.0
>>> t
tensor([5., 2.], dtype=ember.float64)
""",
    "from_dlpack": """\
from_dlpack(ext_tensor) -> Tensor

A tensor that shares the memory of any object with ``__dlpack__`` (or of a DLPack capsule).

Example:

>>> import numpy as np
>>> ember.from_dlpack(np.arange(3))
tensor([0, 1, 2])
""",
    "promote_types": """\
promote_types(type1, type2) -> dtype

The dtype that PyTorch's promotion rules give for two dtypes.

Example:

>>> ember.promote_types(ember.int32, ember.float16)
ember.float16
>>> ember.promote_types(ember.uint8, ember.int8)
ember.int16
""",
    "result_type": """\
result_type(tensor1, tensor2) -> dtype

The dtype an operation on the two operands (tensors or numbers) returns.

Example:

>>> ember.result_type(ember.tensor([1, 2]), 1.5)
ember.float32
>>> ember.result_type(ember.tensor([1.0], dtype=ember.float16), ember.tensor(2.0))
ember.float16
""",
    "can_cast": """\
can_cast(from_, to) -> bool

Whether casting ``from_`` to ``to`` is allowed under PyTorch's casting rules (no float to int, no complex to
real).

Example:

>>> ember.can_cast(ember.float64, ember.float32)
True
>>> ember.can_cast(ember.float32, ember.int32)
False
""",
    "get_num_threads": """\
get_num_threads() -> int

The number of threads the CPU ops use.

Example:

>>> ember.get_num_threads() >= 1
True
""",
    "set_num_threads": """\
set_num_threads(int) -> None

Sets the number of threads the CPU ops use (reductions give the same results for every count).

Example:

>>> n = ember.get_num_threads()
>>> ember.set_num_threads(1)
>>> ember.get_num_threads()
1
>>> ember.set_num_threads(n)
""",
    "is_grad_enabled": """\
is_grad_enabled() -> bool

Whether operations are recorded for autograd now (False inside :class:`ember.no_grad`).

Example:

>>> ember.is_grad_enabled()
True
>>> with ember.no_grad(): print(ember.is_grad_enabled())
False
""",
    "is_inference_mode_enabled": """\
is_inference_mode_enabled() -> bool

Whether :class:`ember.inference_mode` is on now.

Example:

>>> ember.is_inference_mode_enabled()
False
""",
}
