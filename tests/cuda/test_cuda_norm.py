"""Batch, instance, layer, group and RMS norm on the device give the CPU's
outputs, gradients and running statistics. They are composed of the core's
reductions and elementwise ops, so these tests check the composition (and
the devices of the tensors it makes) on the GPU."""

import numpy as np
import pytest
from cuda_layouts import layouts

import ember
import ember.nn.functional as F

pytestmark = pytest.mark.cuda

DTYPES = [ember.float32, ember.float64, ember.float16, ember.bfloat16]


def tol(dtype):
    return {ember.float16: 2e-3, ember.bfloat16: 2e-2}.get(dtype, 1e-5)


def close(got, want, dtype):
    assert got.is_cuda and got.dtype == want.dtype and got.shape == want.shape
    t = tol(dtype)
    np.testing.assert_allclose(
        got.detach().cpu().to(ember.float64).numpy(),
        want.detach().to(ember.float64).numpy(),
        rtol=t,
        atol=t,
        equal_nan=True,
    )


def run_both(fn, x, params):
    """fn's output and the gradients of x and params, on the CPU and on the device."""
    results = []
    for device in ("cpu", "cuda"):
        xd = x.to(device).detach().requires_grad_()
        pd = [p.to(device).detach().requires_grad_() for p in params]
        out = fn(xd, *pd)
        g = ember.Generator().manual_seed(7)
        out.backward(ember.randn(out.shape, generator=g).to(out.dtype).to(device))
        results.append((out, xd.grad, [p.grad for p in pd]))
    return results


NORMS = {
    "batch_norm": lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
    "instance_norm": lambda x, w, b: F.instance_norm(x, weight=w, bias=b),
    "layer_norm": lambda x, w, b: F.layer_norm(x, x.shape[-2:], w.expand(x.shape[-2], -1), b.expand(x.shape[-2], -1)),
    "group_norm": lambda x, w, b: F.group_norm(x, 2, w, b),
    "rms_norm": lambda x, w, b: F.rms_norm(x, x.shape[-1:], w[: x.shape[-1]]),
}


@pytest.mark.parametrize("name", NORMS)
@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_norm_and_its_gradients_match_cpu(name, dtype):
    g = ember.Generator().manual_seed(1)
    base = (ember.randn(3, 4, 5, generator=g) * 3 + 1).to(dtype)
    w = (ember.rand(4, generator=g) + 0.5).to(dtype)
    b = ember.randn(4, generator=g).to(dtype)
    if name in ("layer_norm", "rms_norm"):  # per-feature parameters over the last dims (4, 5)
        base = (ember.randn(3, 5, 4, generator=g) * 3 + 1).to(dtype)
    for x in layouts(base):
        (out_c, gx_c, gp_c), (out_d, gx_d, gp_d) = run_both(NORMS[name], x, [w, b])
        close(out_d, out_c, dtype)
        close(gx_d, gx_c, dtype)
        for got, want in zip(gp_d, gp_c, strict=True):
            if want is None:
                assert got is None
            else:
                close(got, want, dtype)


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64], ids=str)
def test_batch_norm_running_stats_and_eval_match_cpu(dtype):
    g = ember.Generator().manual_seed(2)
    x = ember.randn(8, 3, 4, 4, generator=g).to(dtype)
    stats = {}
    for device in ("cpu", "cuda"):
        bn = ember.nn.BatchNorm2d(3, dtype=dtype).to(device)
        y_train = bn(x.to(device))
        bn.eval()
        y_eval = bn(x.to(device) * 2)
        stats[device] = (y_train, y_eval, bn.running_mean, bn.running_var)
    for got, want in zip(stats["cuda"], stats["cpu"], strict=True):
        close(got, want, dtype)


def test_native_ops_return_statistics_on_the_device():
    x = ember.randn(4, 6, 3).cuda()
    for out in ember.native_layer_norm(x, (3,), None, None, 1e-5):
        assert out.is_cuda
    for out in ember.native_group_norm(x, None, None, 4, 6, 3, 2, 1e-5):
        assert out.is_cuda
    rm, rv = ember.zeros(6).cuda(), ember.ones(6).cuda()
    for out in ember.native_batch_norm(x, None, None, rm, rv, False, 0.1, 1e-5):
        assert out.is_cuda
    empty = ember.empty(0, 6, 3).cuda()
    for out in ember.native_layer_norm(empty, (3,), None, None, 1e-5):
        assert out.is_cuda


def test_parameters_on_another_device_raise():
    x = ember.randn(4, 6, 3).cuda()
    with pytest.raises(RuntimeError, match="native_layer_norm: expected all tensors to be on the same device"):
        F.layer_norm(x, (3,), ember.ones(3))
    with pytest.raises(RuntimeError, match="native_batch_norm: expected all tensors to be on the same device"):
        F.batch_norm(x, ember.zeros(6), ember.ones(6))
    with pytest.raises(RuntimeError, match="native_group_norm: expected all tensors to be on the same device"):
        F.group_norm(x, 2, ember.ones(6).cuda(), ember.zeros(6))
