"""Full backward hooks: identity Functions around a module's tensor inputs and outputs.

The output identity's backward sees grad_output (and runs the pre-hooks, which
may replace it); the input identity's backward sees grad_input and runs the
hooks. When no input requires grad the hooks run from the output side with
grad_input all None, as in PyTorch.
"""

import ember
from ember.autograd import Function


class _Identity(Function):
    @staticmethod
    def forward(ctx, hook_state, on_backward, *tensors):
        ctx.on_backward = on_backward
        return tuple(t.view_as(t) for t in tensors)

    @staticmethod
    def backward(ctx, *grads):
        new = ctx.on_backward(grads)
        return (None, None, *(grads if new is None else new))


def _tensors(value):
    return [i for i, v in enumerate(value) if isinstance(v, ember.Tensor) and v.requires_grad]


class BackwardHook:
    def __init__(self, module):
        self.module = module
        self.grad_output = None
        self.n_inputs = 0
        self.inputs_wrapped = False

    def _wrap(self, values, on_backward):
        idx = _tensors(values)
        if not idx or not ember.is_grad_enabled():
            return values, False
        outs = _Identity.apply(None, on_backward, *[values[i] for i in idx])
        if not isinstance(outs, tuple):
            outs = (outs,)
        values = list(values)
        for i, o in zip(idx, outs, strict=True):
            values[i] = o
        return tuple(values), True

    def setup_input(self, args):
        self.n_inputs = len(args)
        self.input_positions = _tensors(args)
        args, self.inputs_wrapped = self._wrap(args, self._on_grad_input)
        return args

    def _run_hooks(self, grad_input):
        for hook in self.module._backward_hooks.values():
            out = hook(self.module, grad_input, self.grad_output)
            if out is not None:
                grad_input = tuple(out)
        return grad_input

    def _on_grad_input(self, grads):
        full = [None] * self.n_inputs
        for i, g in zip(self.input_positions, grads, strict=True):
            full[i] = g
        full = self._run_hooks(tuple(full))
        return tuple(full[i] for i in self.input_positions)

    def _on_grad_output(self, grads):
        grads = tuple(grads)
        for hook in self.module._backward_pre_hooks.values():
            out = hook(self.module, grads)
            if out is not None:
                grads = tuple(out)
        self.grad_output = grads
        if not self.inputs_wrapped:
            self._run_hooks((None,) * self.n_inputs)
        return grads

    def setup_output(self, result):
        single = isinstance(result, ember.Tensor)
        values = (result,) if single else result
        if not isinstance(values, tuple):
            return result
        values, _ = self._wrap(values, self._on_grad_output)
        return values[0] if single else values
