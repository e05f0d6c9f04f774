"""Batched products for attention and RNNs.

Cores built before batched GEMM (issue 5) multiply only 2-D operands; there a
batch is a stack of 2-D products (each differentiable), otherwise ember.matmul.
"""

import ember


def _native_batched():
    try:
        ember.matmul(ember.zeros(1, 1, 1), ember.zeros(1, 1, 1))
        return True
    except NotImplementedError:
        return False


_NATIVE = _native_batched()


def bmm(a, b):
    """a (..., n, k) @ b (..., k, m) with equal leading dims."""
    if _NATIVE or (a.ndim == 2 and b.ndim == 2):
        return a.matmul(b)
    lead = a.shape[:-2]
    a3 = a.reshape(-1, a.shape[-2], a.shape[-1])
    b3 = b.reshape(-1, b.shape[-2], b.shape[-1])
    out = ember.stack([a3[i].matmul(b3[i]) for i in range(a3.shape[0])])
    return out.reshape(*lead, a.shape[-2], b.shape[-1])
