"""One LSTM layer and direction as a single autograd node (no projection, no packed lengths).

Recording each step's ~10 ops (and slicing the precomputed input projection per step) made the graph
of a 50-step layer hundreds of nodes whose backward re-expands every slice to the full sequence. Here
the forward runs unrecorded, keeps the gate activations, and the backward walks the steps once with
the gradients of all gates written into one (T, B, 4H) buffer, so the weight gradients are two GEMMs.
Double backward through it raises (once_differentiable).
"""

import ember
from ember.autograd import Function, once_differentiable


def _steps(T, reverse):
    return range(T - 1, -1, -1) if reverse else range(T)


class LSTMLayer(Function):
    """One LSTM layer in one direction as a single autograd node: the step loop inside :class:`LSTM`.

    ``LSTMLayer.apply(x, h0, c0, w_ih, w_hh, b_ih, b_hh, reverse)`` takes ``x`` of shape ``(T, B, input_size)``
    and returns ``(output, h_n, c_n)``; ``nn.LSTM`` calls it, user code rarely needs to.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> lstm = nn.LSTM(3, 4)
    >>> x, h0, c0 = ember.randn(5, 2, 3), ember.zeros(2, 4), ember.zeros(2, 4)
    >>> weights = lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0
    >>> out, h, c = nn.LSTMLayer.apply(x, h0, c0, *weights, False)
    >>> out.shape, h.shape
    (ember.Size([5, 2, 4]), ember.Size([2, 4]))
    >>> ember.allclose(out, lstm(x)[0])
    True
    """

    @staticmethod
    def forward(ctx, x, h0, c0, w_ih, w_hh, b_ih, b_hh, reverse):
        T, B, _ = x.shape
        H = w_hh.shape[1]
        gi = x.reshape(T * B, -1).matmul(w_ih.t())
        if b_ih is not None:
            gi = gi + (b_ih + b_hh)
        gi = gi.reshape(T, B, 4 * H)
        w_hh_t = w_hh.t()
        acts = ember.empty(T, B, 4 * H, dtype=x.dtype)  # i, f, g, o after their nonlinearities
        cs = ember.empty(T, B, H, dtype=x.dtype)
        out = ember.empty(T, B, H, dtype=x.dtype)
        h, c = h0, c0
        for t in _steps(T, reverse):
            # select/narrow rather than [] indexing: the Python index parser costs more than these small ops
            gates = ember.addmm(gi.select(0, t), h, w_hh_t)
            a = acts.select(0, t)
            ember.sigmoid(gates, out=a)
            i, f, g, o = (a.narrow(1, k * H, H) for k in range(4))
            ember.tanh(gates.narrow(1, 2 * H, H), out=g)
            c = f * c
            c.addcmul_(i, g)
            cs.select(0, t).copy_(c)
            h = ember.mul(o, c.tanh(), out=out.select(0, t))
        ctx.save_for_backward(x, h0, c0, w_ih, w_hh, acts, cs, out)
        ctx.reverse = reverse
        ctx.has_bias = b_ih is not None
        return out, h.clone(), c.clone()

    @staticmethod
    @once_differentiable
    def backward(ctx, d_out, d_hn, d_cn):
        x, h0, c0, w_ih, w_hh, acts, cs, out = ctx.saved_tensors
        T, B, _ = x.shape
        H = w_hh.shape[1]
        d_gates = ember.empty(T, B, 4 * H, dtype=x.dtype)
        dh, dc = d_hn, d_cn
        order = list(_steps(T, ctx.reverse))
        for n in range(T - 1, -1, -1):
            t = order[n]
            c_prev = c0 if n == 0 else cs.select(0, order[n - 1])
            a = acts.select(0, t)
            i, f, g, o = (a.narrow(1, k * H, H) for k in range(4))
            dh = dh + d_out.select(0, t)
            tc = cs.select(0, t).tanh()
            dc = dc + dh * o * (1 - tc * tc)
            d = d_gates.select(0, t)
            ember.mul(dc * g, i * (1 - i), out=d.narrow(1, 0, H))
            ember.mul(dc * c_prev, f * (1 - f), out=d.narrow(1, H, H))
            ember.mul(dc * i, 1 - g * g, out=d.narrow(1, 2 * H, H))
            ember.mul(dh * tc, o * (1 - o), out=d.narrow(1, 3 * H, H))
            dc = dc * f
            dh = d.matmul(w_hh)
        # h_{t-1} of every step: h0 then the outputs, in the direction's order
        if not ctx.needs_input_grad[4]:
            h_prev = None
        elif ctx.reverse:
            h_prev = ember.cat([out.narrow(0, 1, T - 1), h0.unsqueeze(0)])
        else:
            h_prev = ember.cat([h0.unsqueeze(0), out.narrow(0, 0, T - 1)])
        needs = ctx.needs_input_grad
        flat = d_gates.reshape(T * B, 4 * H)
        ft = flat.t()
        d_x = flat.matmul(w_ih).reshape(x.shape) if needs[0] else None
        d_w_ih = ft.matmul(x.reshape(T * B, -1)) if needs[3] else None
        d_w_hh = ft.matmul(h_prev.reshape(T * B, H)) if needs[4] else None
        d_b = flat.sum(0) if ctx.has_bias and (needs[5] or needs[6]) else None
        return d_x, dh, dc, d_w_ih, d_w_hh, d_b, d_b, None
