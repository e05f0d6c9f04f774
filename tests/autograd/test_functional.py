"""ember.autograd.functional against closed forms."""

import numpy as np

import ember
from ember.autograd import functional as F


def t(values):
    return ember.tensor(values, dtype=ember.float64)


def f(x):
    return (x * x * x).sum()


def g(x):
    return x * x * ember.tensor([1.0, 2.0, 3.0], dtype=ember.float64)


X = [1.0, -2.0, 0.5]


def test_jacobian_of_an_elementwise_map():
    jac = F.jacobian(g, t(X))
    np.testing.assert_allclose(jac.numpy(), np.diag(2 * np.array(X) * [1, 2, 3]))


def test_jacobian_of_several_inputs():
    ja, jb = F.jacobian(lambda a, b: a * b, (t([1.0, 2.0]), t([3.0, 4.0])))
    np.testing.assert_allclose(ja.numpy(), np.diag([3.0, 4.0]))
    np.testing.assert_allclose(jb.numpy(), np.diag([1.0, 2.0]))


def test_hessian():
    h = F.hessian(f, t(X))
    np.testing.assert_allclose(h.numpy(), np.diag(6 * np.array(X)))


def test_vjp_jvp_hvp():
    v = t([1.0, 1.0, 2.0])
    out, vj = F.vjp(g, t(X), v)
    np.testing.assert_allclose(vj.numpy(), 2 * np.array(X) * [1, 2, 3] * [1, 1, 2])
    np.testing.assert_allclose(out.numpy(), np.array(X) ** 2 * [1, 2, 3])
    _, jv = F.jvp(g, t(X), v)
    np.testing.assert_allclose(jv.numpy(), 2 * np.array(X) * [1, 2, 3] * [1, 1, 2])
    _, hv = F.hvp(f, t(X), v)
    np.testing.assert_allclose(hv.numpy(), 6 * np.array(X) * [1, 1, 2])
    _, vh = F.vhp(f, t(X), v)
    np.testing.assert_allclose(vh.numpy(), 6 * np.array(X) * [1, 1, 2])
