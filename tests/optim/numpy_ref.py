"""NumPy re-implementations of the optimizers' update rules (float64), written
from the algorithms' definitions: step(params, grads) updates the arrays in place."""

import math

import numpy as np


class Reference:
    def __init__(self, params, **options):
        self.params = params
        self.o = dict(self.defaults, **options)
        self.t = 0
        self.state = [self.init(p) for p in params]

    def init(self, p):
        return {}

    def grad(self, p, g, l2=True):
        g = -g if self.o.get("maximize") else g
        return g + self.o["weight_decay"] * p if l2 and self.o.get("weight_decay") else g

    def step(self, grads):
        self.t += 1
        for i, (p, g) in enumerate(zip(self.params, grads, strict=True)):
            p[...] = self.update(p, g, self.state[i])


class SGD(Reference):
    defaults = dict(lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False)

    def update(self, p, g, s):
        o, g = self.o, self.grad(p, g)
        if o["momentum"]:
            s["buf"] = g.copy() if self.t == 1 else o["momentum"] * s["buf"] + (1 - o["dampening"]) * g
            g = g + o["momentum"] * s["buf"] if o["nesterov"] else s["buf"]
        return p - o["lr"] * g


class Adam(Reference):
    defaults = dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, decoupled_weight_decay=False)

    def init(self, p):
        return dict(m=np.zeros_like(p), v=np.zeros_like(p), vmax=np.zeros_like(p))

    def update(self, p, g, s):
        o, t = self.o, self.t
        (b1, b2), lr = o["betas"], o["lr"]
        if o["decoupled_weight_decay"]:
            p = p * (1 - lr * o["weight_decay"])
        g = self.grad(p, g, l2=not o["decoupled_weight_decay"])
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["v"] = b2 * s["v"] + (1 - b2) * g * g
        s["vmax"] = np.maximum(s["vmax"], s["v"])
        v = s["vmax"] if o["amsgrad"] else s["v"]
        m_hat, v_hat = s["m"] / (1 - b1**t), v / (1 - b2**t)
        return p - lr * m_hat / (np.sqrt(v_hat) + o["eps"])


class AdamW(Adam):
    defaults = dict(Adam.defaults, weight_decay=1e-2, decoupled_weight_decay=True)


class Adamax(Reference):
    defaults = dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)

    def init(self, p):
        return dict(m=np.zeros_like(p), u=np.zeros_like(p))

    def update(self, p, g, s):
        (b1, b2), g = self.o["betas"], self.grad(p, g)
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["u"] = np.maximum(b2 * s["u"], np.abs(g) + self.o["eps"])
        return p - self.o["lr"] / (1 - b1**self.t) * s["m"] / s["u"]


class NAdam(Reference):
    defaults = dict(
        lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3, decoupled_weight_decay=False
    )

    def init(self, p):
        return dict(m=np.zeros_like(p), v=np.zeros_like(p), mu_product=1.0)

    def update(self, p, g, s):
        o, t = self.o, self.t
        (b1, b2), lr = o["betas"], o["lr"]
        if o["decoupled_weight_decay"]:
            p = p * (1 - lr * o["weight_decay"])
        g = self.grad(p, g, l2=not o["decoupled_weight_decay"])
        mu = b1 * (1 - 0.5 * 0.96 ** (t * o["momentum_decay"]))
        mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * o["momentum_decay"]))
        s["mu_product"] *= mu
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["v"] = b2 * s["v"] + (1 - b2) * g * g
        denom = np.sqrt(s["v"] / (1 - b2**t)) + o["eps"]
        p = p - lr * (1 - mu) / (1 - s["mu_product"]) * g / denom
        return p - lr * mu_next / (1 - s["mu_product"] * mu_next) * s["m"] / denom


class RAdam(Reference):
    defaults = dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, decoupled_weight_decay=False)

    def init(self, p):
        return dict(m=np.zeros_like(p), v=np.zeros_like(p))

    def update(self, p, g, s):
        o, t = self.o, self.t
        (b1, b2), lr = o["betas"], o["lr"]
        if o["decoupled_weight_decay"]:
            p = p * (1 - lr * o["weight_decay"])
        g = self.grad(p, g, l2=not o["decoupled_weight_decay"])
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["v"] = b2 * s["v"] + (1 - b2) * g * g
        m_hat = s["m"] / (1 - b1**t)
        rho_inf = 2 / (1 - b2) - 1
        rho = rho_inf - 2 * t * b2**t / (1 - b2**t)
        if rho <= 5:
            return p - lr * m_hat
        r = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
        return p - lr * m_hat * r * math.sqrt(1 - b2**t) / (np.sqrt(s["v"]) + o["eps"])


class Adagrad(Reference):
    defaults = dict(lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10)

    def init(self, p):
        return dict(sum=np.full_like(p, self.o["initial_accumulator_value"]))

    def update(self, p, g, s):
        o, g = self.o, self.grad(p, g)
        s["sum"] = s["sum"] + g * g
        return p - o["lr"] / (1 + (self.t - 1) * o["lr_decay"]) * g / (np.sqrt(s["sum"]) + o["eps"])


class Adadelta(Reference):
    defaults = dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0)

    def init(self, p):
        return dict(sq=np.zeros_like(p), acc=np.zeros_like(p))

    def update(self, p, g, s):
        o, g = self.o, self.grad(p, g)
        rho, eps = o["rho"], o["eps"]
        s["sq"] = rho * s["sq"] + (1 - rho) * g * g
        delta = np.sqrt(s["acc"] + eps) / np.sqrt(s["sq"] + eps) * g
        s["acc"] = rho * s["acc"] + (1 - rho) * delta * delta
        return p - o["lr"] * delta


class RMSprop(Reference):
    defaults = dict(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False)

    def init(self, p):
        return dict(sq=np.zeros_like(p), avg=np.zeros_like(p), buf=np.zeros_like(p))

    def update(self, p, g, s):
        o, g = self.o, self.grad(p, g)
        a = o["alpha"]
        s["sq"] = a * s["sq"] + (1 - a) * g * g
        s["avg"] = a * s["avg"] + (1 - a) * g
        var = s["sq"] - s["avg"] ** 2 if o["centered"] else s["sq"]
        scaled = g / (np.sqrt(var) + o["eps"])
        if o["momentum"] > 0:
            s["buf"] = o["momentum"] * s["buf"] + scaled
            scaled = s["buf"]
        return p - o["lr"] * scaled


class Rprop(Reference):
    defaults = dict(lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50))

    def init(self, p):
        return dict(prev=np.zeros_like(p), size=np.full_like(p, self.o["lr"]))

    def update(self, p, g, s):
        (down, up), (lo, hi) = self.o["etas"], self.o["step_sizes"]
        g = self.grad(p, g)
        trend = np.sign(g * s["prev"])
        s["size"] = np.clip(s["size"] * np.where(trend > 0, up, np.where(trend < 0, down, 1.0)), lo, hi)
        g = np.where(trend < 0, 0.0, g)
        s["prev"] = g
        return p - np.sign(g) * s["size"]


class ASGD(Reference):
    defaults = dict(lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0)

    def init(self, p):
        return dict(eta=self.o["lr"], mu=1.0, ax=np.zeros_like(p))

    def update(self, p, g, s):
        o, t, g = self.o, self.t, self.grad(p, g)
        p = p * (1 - o["lambd"] * s["eta"]) - s["eta"] * g
        s["ax"] = s["ax"] + (p - s["ax"]) * s["mu"]
        s["eta"] = o["lr"] / (1 + o["lambd"] * o["lr"] * t) ** o["alpha"]
        s["mu"] = 1 / max(1, t - o["t0"])
        return p
