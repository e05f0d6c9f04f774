"""Derivatives of matrix products."""

from ember.autograd.derivatives._util import conj
from ember.autograd.formula import derivative


@derivative("matmul", inputs=("input", "other"))
def matmul_backward(grad, input, other, *, needs):
    a, b, g = input, other, grad
    if a.dim() == 1 and b.dim() == 1:  # dot product
        return g * conj(b), g * conj(a)
    a2 = a.unsqueeze(0) if a.dim() == 1 else a
    b2 = b.unsqueeze(-1) if b.dim() == 1 else b
    g2 = g
    if a.dim() == 1:
        g2 = g2.unsqueeze(-2)
    if b.dim() == 1:
        g2 = g2.unsqueeze(-1)
    ga = gb = None
    if needs[0]:
        ga = g2.matmul(conj(b2.transpose(-2, -1)))
        if a.dim() == 1:
            ga = ga.squeeze(-2)
            if ga.dim() > 1:
                ga = ga.reshape(-1, a.shape[0]).sum(0)
    if needs[1]:
        gb = conj(a2.transpose(-2, -1)).matmul(g2)
        if b.dim() == 1:
            gb = gb.squeeze(-1)
            if gb.dim() > 1:
                gb = gb.reshape(-1, b.shape[0]).sum(0)
    return ga, gb
