"""Moving a tensor between devices under autograd: the gradient moves back.
Tensor.to/cuda/cpu call this when the tensor requires grad."""

from ember.autograd.function import Function


class ToDevice(Function):
    @staticmethod
    def forward(ctx, x, device, non_blocking):
        ctx.source = x.device
        return x._to_device(device, non_blocking, True)

    @staticmethod
    def backward(ctx, grad):
        return grad._to_device(ctx.source), None, None
