"""The layouts the device-vs-CPU tests feed an op (shared by test_cuda_sort and test_cuda_scan)."""

import ember


def layouts(x):
    """x as it is, transposed (when 2-D or more) and with a step."""
    yield x
    if x.dim() >= 2:
        yield x.transpose(0, -1).contiguous().transpose(0, -1)
    if x.dim() >= 1 and x.shape[-1] > 1:
        yield ember.cat([x, x], dim=-1)[..., ::2]
