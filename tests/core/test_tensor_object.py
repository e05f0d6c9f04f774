"""One Python object per tensor: results that are an op's own input come back as
that very object, new results are new objects, and a dead object frees its
tensor (the binding keeps a tensor's live object on the tensor, not in
pybind11's instance registry)."""

import gc
import weakref

import numpy as np

import ember


def test_ops_returning_their_input_return_the_same_object():
    x = ember.arange(6.0)
    out = ember.empty(6)
    assert x.add_(1) is x
    assert x.mul_(ember.tensor(2.0)) is x
    assert ember.add(x, 1, out=out) is out
    assert x.contiguous() is x
    assert x.to(ember.float32) is x
    assert x.cpu() is x
    assert x.requires_grad_(False) is x


def test_new_results_are_new_objects_over_the_same_values():
    x = ember.arange(4.0)
    y, z = x + 0, x.view(2, 2)
    assert y is not x and z is not x
    assert type(y) is type(x) is ember.Tensor
    np.testing.assert_array_equal(y.numpy(), x.numpy())
    z[0, 0] = 7.0
    assert x[0].item() == 7.0  # the view's object wraps a tensor over x's storage


def test_a_dead_object_frees_its_tensor():
    x = ember.ones(3)
    ref = weakref.ref(x)
    del x
    gc.collect()
    assert ref() is None
    # 64 MB: the CPU allocator keeps freed large blocks, so the free is visible.
    ember._C._cpu_empty_cache()
    big = ember.empty(16 * 1024 * 1024)
    assert ember._C._cpu_cached_bytes() == 0
    del big
    assert ember._C._cpu_cached_bytes() >= 64 * 1024 * 1024
