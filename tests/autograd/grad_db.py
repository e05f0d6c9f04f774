"""Sample calls of every differentiable op, for gradcheck (test_gradcheck.py).

SAMPLES maps a registry op name to a list of samples; a sample is a function of
`make` that returns (fn, inputs): gradcheck differentiates fn(*inputs) with
respect to the inputs that require grad. `make(*shape, domain=, layout=)`
gives a float64 tensor that requires grad; layout "contiguous", "transposed"
(a transposed view of contiguous memory) or "sliced" (every other element)
exercises non-contiguous inputs.
"""

import ember

C = ember._C


def unary(name, domain="any", **kwargs):
    """Samples of a one-input op: contiguous, transposed, 0-d."""
    fn = getattr(ember, name, None) or getattr(C, name)
    return [
        lambda make: (lambda x: fn(x, **kwargs), (make(3, 4, domain=domain),)),
        lambda make: (lambda x: fn(x, **kwargs), (make(4, 3, domain=domain, layout="transposed"),)),
        lambda make: (lambda x: fn(x, **kwargs), (make(domain=domain),)),
    ]


def binary(name, domain="any", **kwargs):
    """Samples of a two-operand op: same shape, broadcast, sliced, with a number."""
    fn = getattr(ember, name, None) or getattr(C, name)
    other = {"any": "any", "positive": "positive", "nonzero_rhs": "away_from_zero"}.get(domain, domain)
    lhs = "positive" if domain == "positive" else "any"
    return [
        lambda make: (lambda a, b: fn(a, b, **kwargs), (make(3, 4, domain=lhs), make(3, 4, domain=other))),
        lambda make: (lambda a, b: fn(a, b, **kwargs), (make(2, 1, 4, domain=lhs), make(3, 1, domain=other))),
        lambda make: (
            lambda a, b: fn(a, b, **kwargs),
            (make(3, 4, domain=lhs, layout="sliced"), make(3, 4, domain=other, layout="transposed")),
        ),
        lambda make: (lambda a: fn(a, 1.5, **kwargs), (make(2, 3, domain=lhs),)),
    ]


UNARY = {
    "neg": "any", "abs": "away_from_zero", "square": "any", "relu": "away_from_zero", "relu6": "any",
    "exp": "any", "exp2": "any", "expm1": "any", "log": "positive", "log2": "positive", "log10": "positive",
    "log1p": "positive", "sqrt": "positive", "rsqrt": "positive", "reciprocal": "away_from_zero",
    "sin": "any", "cos": "any", "tan": "unit", "asin": "unit", "acos": "unit", "atan": "any", "sinh": "any",
    "cosh": "any", "tanh": "any", "asinh": "any", "acosh": "ge_one", "atanh": "unit", "erf": "any",
    "erfc": "any", "lgamma": "positive", "sigmoid": "any", "silu": "any", "gelu": "any", "mish": "any",
    "selu": "away_from_zero", "hardsigmoid": "any", "hardswish": "any", "erfinv": "unit", "frac": "any",
    "floor": "any", "ceil": "any", "trunc": "any", "round": "any", "sign": "any", "sgn": "any",
    "leaky_relu": "away_from_zero", "elu": "away_from_zero", "celu": "away_from_zero", "softplus": "any",
    "hardtanh": "any", "logit": "probability", "nan_to_num": "any", "gelu_tanh": "any", "digamma": "any",
}  # fmt: skip

BINARY = {
    "add": "any", "sub": "any", "mul": "any", "div": "nonzero_rhs", "remainder": "nonzero_rhs",
    "fmod": "nonzero_rhs", "pow": "positive", "maximum": "any", "minimum": "any", "fmax": "any",
    "fmin": "any", "atan2": "nonzero_rhs", "hypot": "nonzero_rhs", "copysign": "nonzero_rhs",
    "clamp_min": "any", "clamp_max": "any",
}  # fmt: skip

SAMPLES = {}
for _name, _domain in UNARY.items():
    if getattr(ember, _name, None) or getattr(C, _name, None):
        SAMPLES[_name] = unary(_name, _domain)
for _name, _domain in BINARY.items():
    if getattr(ember, _name, None) or getattr(C, _name, None):
        SAMPLES[_name] = binary(_name, _domain)
SAMPLES["maximum"] = SAMPLES["maximum"][:3]  # a number operand is not accepted
SAMPLES["minimum"] = SAMPLES["minimum"][:3]
SAMPLES["fmax"] = SAMPLES["fmax"][:3]
SAMPLES["fmin"] = SAMPLES["fmin"][:3]
SAMPLES["atan2"] = SAMPLES["atan2"][:3]
SAMPLES["hypot"] = SAMPLES["hypot"][:3]
SAMPLES["copysign"] = SAMPLES["copysign"][:3]
SAMPLES["add"].append(lambda make: (lambda a, b: ember.add(a, b, alpha=2.5), (make(3), make(2, 3))))
SAMPLES["sub"].append(lambda make: (lambda a, b: ember.sub(a, b, alpha=-2), (make(3), make(2, 3))))
SAMPLES["pow"].append(lambda make: (lambda b: ember.pow(2.0, b), (make(3, 2),)))
SAMPLES["pow"].append(lambda make: (lambda a: a**3, (make(3, 2),)))
SAMPLES["div_trunc"] = [lambda make: (lambda a, b: ember.div(a, b, rounding_mode="trunc"), (make(3, 4), make(4)))]
SAMPLES["div"].append(lambda make: (lambda b: 2.0 / b, (make(3, domain="away_from_zero"),)))


def _add(name, *samples):
    SAMPLES.setdefault(name, []).extend(samples)


_add("where", lambda make: (lambda a, b: ember.where(a > 0, a, b), (make(3, 4), make(4))))
_add(
    "clamp",
    lambda make: (lambda a: ember.clamp(a, -0.5, 0.5), (make(3, 4),)),
    lambda make: (lambda a, lo, hi: ember.clamp(a, lo, hi), (make(3, 4), make(4, domain="negative"), make(3, 1, domain="positive"))),
)  # fmt: skip
_add(
    "lerp", lambda make: (lambda a, b, w: ember.lerp(a, b, w), (make(3, 4), make(4), make(3, 4, domain="probability")))
)
_add("addcmul", lambda make: (lambda a, b, c: ember.addcmul(a, b, c, value=0.5), (make(3, 4), make(4), make(3, 1))))
_add(
    "addcdiv",
    lambda make: (lambda a, b, c: ember.addcdiv(a, b, c, value=2), (make(3, 4), make(4), make(3, 1, domain="away_from_zero"))),
)  # fmt: skip

# reductions
for _name in ("sum", "mean", "prod", "amax", "amin", "logsumexp", "nansum", "nanmean"):
    _fn = getattr(ember, _name)
    _add(
        _name,
        lambda make, f=_fn: (lambda a: f(a, 1), (make(3, 4),)),
        lambda make, f=_fn: (lambda a: f(a, (0, 2), keepdim=True), (make(2, 3, 4, layout="transposed"),)),
    )
    if _name != "logsumexp":
        _add(_name, lambda make, f=_fn: (lambda a: f(a), (make(3, 4),)))
_add(
    "prod",
    lambda make: (lambda a: ember.prod(a * ember.tensor([[1.0, 0.0, 1.0]], dtype=ember.float64), 1), (make(2, 3),)),
)
for _name in ("var", "std"):
    _fn = getattr(ember, _name)
    _add(
        _name,
        lambda make, f=_fn: (lambda a: f(a), (make(3, 4),)),
        lambda make, f=_fn: (lambda a: f(a, 1, correction=0, keepdim=True), (make(3, 4, layout="sliced"),)),
    )
_add("var_mean", lambda make: (lambda a: ember.var_mean(a, 0), (make(3, 4),)))
_add("std_mean", lambda make: (lambda a: ember.std_mean(a, 1, keepdim=True), (make(3, 4),)))
for _name in ("max", "min"):
    _fn = getattr(ember, _name)
    _add(
        _name,
        lambda make, f=_fn: (lambda a: f(a), (make(3, 4),)),
        lambda make, f=_fn: (lambda a: f(a, 1)[0], (make(3, 4),)),
        lambda make, f=_fn: (lambda a: f(a, 0, keepdim=True)[0], (make(3, 4, layout="transposed"),)),
    )
_add("aminmax", lambda make: (lambda a: ember.aminmax(a, dim=1), (make(3, 4),)))
_add(
    "norm",
    lambda make: (lambda a: ember.norm(a), (make(3, 4),)),
    lambda make: (lambda a: ember.norm(a, 1, dim=1), (make(3, 4, domain="away_from_zero"),)),
)
_add(
    "vector_norm",
    lambda make: (lambda a: ember.linalg.vector_norm(a, 3, dim=0), (make(3, 4),)),
    lambda make: (lambda a: ember.linalg.vector_norm(a, float("inf")), (make(3, 4),)),
)
_add("softmax", lambda make: (lambda a: ember.softmax(a, 1), (make(3, 4),)))
_add("log_softmax", lambda make: (lambda a: ember.log_softmax(a, 0), (make(3, 4, layout="transposed"),)))
_add("cumsum", lambda make: (lambda a: ember.cumsum(a, 1), (make(3, 4),)))
_add("cumprod", lambda make: (lambda a: ember.cumprod(a, 0), (make(3, 4, domain="away_from_zero"),)))
_add("cummax", lambda make: (lambda a: ember.cummax(a, 1)[0], (make(3, 4),)))
_add("cummin", lambda make: (lambda a: ember.cummin(a, 0)[0], (make(3, 4),)))
_add("logcumsumexp", lambda make: (lambda a: ember.logcumsumexp(a, 1), (make(3, 4),)))
_add(
    "diff",
    lambda make: (lambda a: ember.diff(a, dim=1), (make(3, 4),)),
    lambda make: (lambda a, p: ember.diff(a, n=2, dim=0, prepend=p), (make(3, 4), make(2, 4))),
)

# views and copies
_add("view", lambda make: (lambda a: a.view(4, 3), (make(3, 4),)))
_add("reshape", lambda make: (lambda a: a.reshape(2, -1), (make(3, 4, layout="transposed"),)))
_add("flatten", lambda make: (lambda a: a.flatten(), (make(2, 3, 2),)))
_add("unflatten", lambda make: (lambda a: a.unflatten(1, (2, 2)), (make(3, 4),)))
_add("squeeze", lambda make: (lambda a: a.squeeze(1), (make(3, 1, 2),)))
_add("unsqueeze", lambda make: (lambda a: a.unsqueeze(0), (make(3, 4, layout="sliced"),)))
_add("transpose", lambda make: (lambda a: a.transpose(0, 2), (make(2, 3, 4),)))
_add("t", lambda make: (lambda a: a.t(), (make(3, 4),)))
_add("permute", lambda make: (lambda a: a.permute(2, 0, 1), (make(2, 3, 4),)))
_add("movedim", lambda make: (lambda a: ember.movedim(a, 0, 2), (make(2, 3, 4),)))
_add("expand", lambda make: (lambda a: a.expand(2, 3, 4), (make(3, 1),)))
_add("broadcast_to", lambda make: (lambda a: ember.broadcast_to(a, (2, 4)), (make(4),)))
_add("narrow", lambda make: (lambda a: a.narrow(1, 1, 2), (make(3, 4),)))
_add("select", lambda make: (lambda a: a.select(0, -1), (make(3, 4),)))
_add("diagonal", lambda make: (lambda a: ember.diagonal(a, 1), (make(3, 4),)))
_add("as_strided", lambda make: (lambda a: a.as_strided((2, 2), (1, 2), 1), (make(6),)))
_add("unfold", lambda make: (lambda a: a.unfold(0, 2, 1), (make(4, 2),)))
_add("split", lambda make: (lambda a: ember.split(a, 2, 1)[1], (make(3, 4),)))
_add("split_with_sizes", lambda make: (lambda a: a.split([1, 3], 1)[1], (make(3, 4),)))
_add("chunk", lambda make: (lambda a: ember.chunk(a, 2, 0)[0], (make(4, 3),)))
_add("tensor_split", lambda make: (lambda a: ember.tensor_split(a, 3, dim=1)[2], (make(3, 4),)))
_add("hsplit", lambda make: (lambda a: ember.hsplit(a, 2)[0], (make(3, 4),)))
_add("vsplit", lambda make: (lambda a: ember.vsplit(a, 2)[1], (make(4, 3),)))
_add("dsplit", lambda make: (lambda a: ember.dsplit(a, 2)[1], (make(2, 2, 4),)))
_add("atleast_1d", lambda make: (lambda a: ember.atleast_1d(a), (make(),)))
_add("atleast_2d", lambda make: (lambda a: ember.atleast_2d(a), (make(3),)))
_add("atleast_3d", lambda make: (lambda a: ember.atleast_3d(a), (make(3, 2),)))
_add("meshgrid", lambda make: (lambda a, b: ember.meshgrid(a, b, indexing="ij")[1] * 2, (make(3), make(2))))
_add("real", lambda make: (lambda a: a.real, (make(3),)))
_add("clone", lambda make: (lambda a: a.clone(), (make(3, layout="sliced"),)))
_add("contiguous", lambda make: (lambda a: a.contiguous(), (make(3, 4, layout="transposed"),)))
_add("to", lambda make: (lambda a: a.to(ember.float64, copy=True), (make(3),)))
_add("copy_", lambda make: (lambda a, b: (a * 1).copy_(b), (make(3, 4), make(3, 4, layout="transposed"))))
_add("T", lambda make: (lambda a: a.T, (make(3, 4),)))
_add("mT", lambda make: (lambda a: a.mT, (make(2, 3, 4),)))
_add("imag", lambda make: (lambda a: ember.view_as_complex(a).imag, (make(3, 2),)))
_add("view_as_complex", lambda make: (lambda a: ember.view_as_real(ember.view_as_complex(a) * 2), (make(3, 2),)))
_add("view_as_real", lambda make: (lambda a: ember.view_as_real(ember.view_as_complex(a)), (make(3, 2),)))
_add("slice", lambda make: (lambda a: a[1:, ::2], (make(3, 4),)))

# shape ops that copy
_add("cat", lambda make: (lambda a, b: ember.cat([a, b], 1), (make(2, 3), make(2, 1))))
_add("stack", lambda make: (lambda a, b: ember.stack([a, b], 1), (make(2, 3), make(2, 3, layout="transposed"))))
_add("hstack", lambda make: (lambda a, b: ember.hstack([a, b]), (make(2, 3), make(2, 2))))
_add("vstack", lambda make: (lambda a, b: ember.vstack([a, b]), (make(3), make(2, 3))))
_add("dstack", lambda make: (lambda a, b: ember.dstack([a, b]), (make(2, 3), make(2, 3))))
_add("column_stack", lambda make: (lambda a, b: ember.column_stack([a, b]), (make(3), make(3, 2))))
_add("flip", lambda make: (lambda a: ember.flip(a, (0, 1)), (make(3, 4),)))
_add("fliplr", lambda make: (lambda a: ember.fliplr(a), (make(3, 4),)))
_add("flipud", lambda make: (lambda a: ember.flipud(a), (make(3, 4),)))
_add("roll", lambda make: (lambda a: ember.roll(a, 1, 1), (make(3, 4),)))
_add("rot90", lambda make: (lambda a: ember.rot90(a, 1, (0, 1)), (make(3, 4),)))
_add("repeat", lambda make: (lambda a: a.repeat(2, 1, 2), (make(3, 2),)))
_add("tile", lambda make: (lambda a: ember.tile(a, (2,)), (make(3, 2),)))
_add("repeat_interleave", lambda make: (lambda a: ember.repeat_interleave(a, 2, dim=0), (make(3, 2),)))
_add("tril", lambda make: (lambda a: ember.tril(a, -1), (make(3, 4),)))
_add("triu", lambda make: (lambda a: ember.triu(a, 1), (make(4, 3),)))
_add(
    "diag", lambda make: (lambda a: ember.diag(a, 1), (make(3),)), lambda make: (lambda a: ember.diag(a), (make(3, 4),))
)
_add("diag_embed", lambda make: (lambda a: ember.diag_embed(a), (make(2, 3),)))
_add("diagflat", lambda make: (lambda a: ember.diagflat(a), (make(2, 2),)))
_add("block_diag", lambda make: (lambda a, b: ember.block_diag(a, b), (make(2, 2), make(1, 3))))
_add("cartesian_prod", lambda make: (lambda a, b: ember.cartesian_prod(a, b), (make(3), make(2))))
_add("kron", lambda make: (lambda a, b: ember.kron(a, b), (make(2, 3), make(2, 2))))
_add(
    "pad",
    lambda make: (lambda a: C.pad(a, (1, 2, 0, 1)), (make(2, 3),)),
    lambda make: (lambda a: C.pad(a, (1, 1), mode="reflect"), (make(2, 3),)),
)

# indexing
_I = ember.tensor
_add(
    "index",
    lambda make: (lambda a: a[_I([0, 2, 0])], (make(3, 4),)),
    lambda make: (lambda a: a[:, _I([1, 1])], (make(3, 4),)),
)
_add("index_select", lambda make: (lambda a: ember.index_select(a, 1, _I([0, 3, 0])), (make(3, 4),)))
_add("gather", lambda make: (lambda a: ember.gather(a, 1, _I([[0, 0], [1, 0], [3, 2]])), (make(3, 4),)))
_add("take", lambda make: (lambda a: ember.take(a, _I([0, -1, 5, 5])), (make(3, 4),)))
_add("take_along_dim", lambda make: (lambda a: ember.take_along_dim(a, _I([[0], [2], [1]]), 1), (make(3, 4),)))
_add("masked_select", lambda make: (lambda a: ember.masked_select(a, a > 0), (make(3, 4),)))
_add("masked_fill", lambda make: (lambda a: a.masked_fill(a > 0, 2.0), (make(3, 4),)))
_add("masked_scatter", lambda make: (lambda a, s: a.masked_scatter(a > 0, s), (make(3, 4), make(12))))
_add("index_add", lambda make: (lambda a, s: a.index_add(0, _I([0, 2, 0]), s, alpha=2), (make(3, 4), make(3, 4))))
_add("index_copy", lambda make: (lambda a, s: a.index_copy(1, _I([3, 0]), s), (make(3, 4), make(3, 2))))
_add("index_fill", lambda make: (lambda a: a.index_fill(1, _I([1, 2]), -1.0), (make(3, 4),)))
_add("index_put_", lambda make: (lambda a, v: (a * 1).index_put_((_I([0, 2]),), v), (make(3, 4), make(4))))
_add("put_", lambda make: (lambda a, s: (a * 1).put_(_I([0, 5]), s, accumulate=True), (make(3, 4), make(2))))
_add("scatter", lambda make: (lambda a, s: a.scatter(1, _I([[0, 1], [2, 3], [1, 0]]), s), (make(3, 4), make(3, 2))))
_add("scatter_add", lambda make: (lambda a, s: a.scatter_add(0, _I([[0, 1, 0, 2]]), s), (make(3, 4), make(1, 4))))
_add(
    "scatter_reduce",
    lambda make: (lambda a, s: a.scatter_reduce(0, _I([[0, 1, 0, 2], [0, 0, 1, 1]]), s, "sum"), (make(3, 4), make(2, 4))),
    lambda make: (lambda a, s: a.scatter_reduce(0, _I([[0, 1, 0, 2], [0, 0, 1, 1]]), s, "mean", include_self=False), (make(3, 4), make(2, 4))),
    lambda make: (lambda a, s: a.scatter_reduce(0, _I([[0, 1, 0, 2], [0, 0, 1, 1]]), s, "amax"), (make(3, 4), make(2, 4))),
)  # fmt: skip

# products
_add(
    "matmul",
    lambda make: (lambda a, b: ember.matmul(a, b), (make(3, 4), make(4, 2, layout="transposed"))),
    lambda make: (lambda a, b: a @ b, (make(4), make(4))),
    lambda make: (lambda a, b: a @ b, (make(2, 3, 4), make(4))),
    lambda make: (lambda a, b: a @ b, (make(4), make(2, 4, 3))),
    lambda make: (lambda a, b: a @ b, (make(2, 1, 3, 4), make(3, 4, 2))),
)


# random: gradients of the parameters; draws from a fresh seeded generator each call
def _gen():
    return ember.Generator().manual_seed(3)


_DRAW_ARGS = {"geometric_": (0.5,)}
for _name in ("uniform_", "normal_", "cauchy_", "exponential_", "geometric_", "log_normal_", "random_", "bernoulli_"):
    _add(
        _name,
        lambda make, n=_name: (
            lambda a: getattr(a * 1, n)(*_DRAW_ARGS.get(n, ()), generator=_gen()) * a,
            (make(3, domain="probability"),),
        ),
    )
_add("bernoulli", lambda make: (lambda p: ember.bernoulli(p, generator=_gen()) * p, (make(3, domain="probability"),)))
_add("poisson", lambda make: (lambda r: ember.poisson(r, generator=_gen()) * r, (make(3, domain="positive"),)))
_add(
    "normal",
    lambda make: (
        lambda m, s: ember.normal(m, s, generator=ember.Generator().manual_seed(1)),
        (make(3), make(3, domain="positive")),
    ),
)

# matrix products and decompositions
_add("mm", lambda make: (lambda a, b: ember.mm(a, b), (make(3, 4), make(4, 2, layout="transposed"))))
_add("bmm", lambda make: (lambda a, b: ember.bmm(a, b), (make(2, 3, 4), make(2, 4, 2))))
_add("mv", lambda make: (lambda a, v: ember.mv(a, v), (make(3, 4), make(4))))
_add("dot", lambda make: (lambda a, b: ember.dot(a, b), (make(4), make(4))))
_add("vdot", lambda make: (lambda a, b: ember.vdot(a, b), (make(4), make(4))))
_add("outer", lambda make: (lambda a, b: ember.outer(a, b), (make(3), make(4))))
_add("addmm", lambda make: (lambda c, a, b: ember.addmm(c, a, b, beta=0.5, alpha=2), (make(2), make(3, 4), make(4, 2))))
_add("addmv", lambda make: (lambda c, a, v: ember.addmv(c, a, v, beta=2), (make(3), make(3, 4), make(4))))
_add(
    "addbmm",
    lambda make: (lambda c, a, b: ember.addbmm(c, a, b, alpha=0.5), (make(3, 2), make(2, 3, 4), make(2, 4, 2))),
)
_add("baddbmm", lambda make: (lambda c, a, b: ember.baddbmm(c, a, b), (make(1, 3, 2), make(2, 3, 4), make(2, 4, 2))))
_add("addr", lambda make: (lambda c, a, b: ember.addr(c, a, b, beta=2), (make(3, 4), make(3), make(4))))


def _well_conditioned(make, n=3, batch=()):
    """A + n*I: comfortably invertible, for the decompositions."""
    a = make(*batch, n, n)
    return a, ember.eye(n, dtype=ember.float64) * n


_add("det", lambda make: (lambda a: ember.linalg.det(a + 3 * ember.eye(3, dtype=ember.float64)), (make(2, 3, 3),)))
_add("logdet", lambda make: (lambda a: ember.logdet(a + 4 * ember.eye(3, dtype=ember.float64)), (make(3, 3),)))
_add(
    "slogdet",
    lambda make: (lambda a: ember.linalg.slogdet(a + 3 * ember.eye(3, dtype=ember.float64))[1], (make(3, 3),)),
)
_add("inv", lambda make: (lambda a: ember.linalg.inv(a + 3 * ember.eye(3, dtype=ember.float64)), (make(2, 3, 3),)))
_add(
    "solve",
    lambda make: (lambda a, b: ember.linalg.solve(a + 3 * ember.eye(3, dtype=ember.float64), b), (make(3, 3), make(3, 2))),
    lambda make: (lambda a, b: ember.linalg.solve(a + 3 * ember.eye(3, dtype=ember.float64), b), (make(2, 3, 3), make(2, 3))),
)  # fmt: skip
_add(
    "solve_triangular",
    lambda make: (lambda a, b: ember.linalg.solve_triangular(a.triu() + 3 * ember.eye(3, dtype=ember.float64), b, upper=True), (make(3, 3), make(3, 2))),
    lambda make: (lambda a, b: ember.linalg.solve_triangular(a.tril() + 3 * ember.eye(3, dtype=ember.float64), b, upper=False, left=False), (make(3, 3), make(2, 3))),
)  # fmt: skip


def _spd(a):
    return a @ a.transpose(-2, -1) + 3 * ember.eye(a.shape[-1], dtype=ember.float64)


_add(
    "cholesky",
    lambda make: (lambda a: ember.linalg.cholesky(_spd(a)), (make(3, 3),)),
    lambda make: (lambda a: ember.linalg.cholesky(_spd(a), upper=True), (make(2, 3, 3),)),
)
_add("eigvalsh", lambda make: (lambda a: ember.linalg.eigvalsh(a + a.transpose(-2, -1)), (make(3, 3),)))
_add("eigh", lambda make: (lambda a: ember.linalg.eigh(a + a.transpose(-2, -1))[0], (make(3, 3),)))
_add("eigh", lambda make: (lambda a: ember.linalg.eigh(a + a.transpose(-2, -1))[1].square(), (make(3, 3),)))
_add("conj_physical", lambda make: (lambda a: ember.conj_physical(a), (make(3),)))
_add(
    "inv_ex",
    lambda make: (lambda a: ember.linalg.inv_ex(a + 3 * ember.eye(3, dtype=ember.float64)).inverse, (make(2, 3, 3),)),
)
_add(
    "solve_ex",
    lambda make: (lambda a, b: ember.linalg.solve_ex(a + 3 * ember.eye(3, dtype=ember.float64), b).result, (make(3, 3), make(3, 2))),
)  # fmt: skip
_add(
    "solve",
    lambda make: (lambda a, b: ember.linalg.solve(a + 3 * ember.eye(3, dtype=ember.float64), b, left=False), (make(3, 3), make(2, 3))),
)  # fmt: skip
_add("cholesky_ex", lambda make: (lambda a: ember.linalg.cholesky_ex(_spd(a)).L, (make(3, 3),)))


def _spread(a, values):
    """a / 4 plus `values` on the diagonal: well-separated singular values (or eigenvalues)."""
    m, n = a.shape[-2], a.shape[-1]
    d = ember.zeros(m, n, dtype=ember.float64)
    for i, v in enumerate(values[: min(m, n)]):
        d[i, i] = v
    return a * 0.25 + d


def _svd_parts(U, S, Vh):
    """Sign-invariant functions of each factor (a column's sign is arbitrary), and the pairs U_j Vh_j."""
    w = ember.arange(1, S.shape[-1] + 1, dtype=ember.float64)
    return U.square(), S, Vh.square(), (U * w.unsqueeze(-2)) @ Vh


_add(
    "svd",
    lambda make: (lambda a: _svd_parts(*ember.linalg.svd(_spread(a, (3, 2, 1)), full_matrices=False)), (make(4, 3),)),
    lambda make: (lambda a: _svd_parts(*ember.linalg.svd(_spread(a, (3, 2, 1)), full_matrices=False)), (make(2, 3, 5, layout="transposed"),)),
    lambda make: (lambda a: _svd_parts(*ember.linalg.svd(_spread(a, (3, 2, 1)))), (make(3, 3, layout="sliced"),)),
)  # fmt: skip
_add(
    "svdvals",
    lambda make: (lambda a: ember.linalg.svdvals(_spread(a, (3, 2, 1))), (make(3, 4),)),
    lambda make: (lambda a: ember.linalg.svdvals(_spread(a, (3, 2, 1))), (make(2, 4, 3, layout="transposed"),)),
)
_add(
    "qr",
    lambda make: (lambda a: ember.linalg.qr(_spread(a, (3, -2, 1))), (make(4, 3),)),
    lambda make: (lambda a: ember.linalg.qr(_spread(a, (3, 2, -1))), (make(2, 3, 3, layout="transposed"),)),
    lambda make: (lambda a: ember.linalg.qr(_spread(a, (3, 2, 1)), mode="complete"), (make(3, 5),)),
)  # fmt: skip
_add(
    "eig",
    # real, well-separated eigenvalues; eigenvectors through |V| (their phase is arbitrary)
    lambda make: (lambda a: (lambda w, v: (ember.view_as_real(w), v.abs()))(*ember.linalg.eig(_spread(a, (3, 1, -2)))), (make(3, 3),)),
    # a complex-conjugate pair
    lambda make: (lambda a: (lambda w, v: (ember.view_as_real(w), v.abs()))(*ember.linalg.eig(a * 0.25 + ember.tensor([[1.0, 2, 0], [-2, 1, 0], [0, 0, -2]], dtype=ember.float64))), (make(3, 3),)),
)  # fmt: skip
_add(
    "eigvals",
    lambda make: (lambda a: ember.view_as_real(ember.linalg.eigvals(_spread(a, (3, 1, -2)))), (make(2, 3, 3),)),
)
_add(
    "lstsq",
    lambda make: (lambda a, b: ember.linalg.lstsq(_spread(a, (3, 2, 1)), b).solution, (make(5, 3), make(5, 2))),
    lambda make: (lambda a, b: ember.linalg.lstsq(_spread(a, (3, 2, 1)), b).solution, (make(3, 5), make(3))),
    lambda make: (lambda a, b: ember.linalg.lstsq(_spread(a, (3, 2, 1)), b, driver="gelsd")[:2], (make(2, 4, 3), make(2, 4, 2))),
)  # fmt: skip


_add(
    "lu_factor",
    lambda make: (lambda a: ember.linalg.lu_factor(a).LU, (make(3, 3),)),
    lambda make: (lambda a: ember.linalg.lu_factor(a).LU, (make(4, 3, layout="transposed"),)),
    lambda make: (lambda a: ember.linalg.lu_factor(a).LU, (make(2, 3, 4),)),
)
_add("lu_factor_ex", lambda make: (lambda a: ember.linalg.lu_factor_ex(a).LU, (make(2, 3, 3),)))


def _lu_solve(a, b, **kwargs):
    LU, pivots = ember.linalg.lu_factor(a + 3 * ember.eye(3, dtype=ember.float64))
    return ember.linalg.lu_solve(LU, pivots, b, **kwargs)


_add(
    "lu_solve",
    lambda make: (lambda a, b: _lu_solve(a, b), (make(3, 3), make(3, 2))),
    lambda make: (lambda a, b: _lu_solve(a, b, adjoint=True), (make(2, 3, 3), make(2, 3, 2))),
    lambda make: (lambda a, b: _lu_solve(a, b, left=False), (make(3, 3), make(2, 3))),
)
_add(
    "householder_product",
    lambda make: (lambda a, t: ember.linalg.householder_product(a, t), (make(5, 3), make(3))),
    lambda make: (lambda a, t: ember.linalg.householder_product(a, t), (make(2, 4, 3), make(2, 2))),
)
_add(
    "quantile",
    lambda make: (lambda x: ember.quantile(x, 0.37, dim=1), (make(3, 7),)),
    lambda make: (lambda x, q: ember.quantile(x, q, dim=0, keepdim=True), (make(6, 4), make(3, domain="probability"))),
    lambda make: (lambda x: ember.quantile(x, 0.6), (make(3, 4, layout="transposed"),)),
    lambda make: (lambda x: ember.quantile(x, ember.tensor([0.3, 0.9], dtype=ember.float64), dim=1, interpolation="midpoint"), (make(2, 5),)),
    lambda make: (lambda x: ember.quantile(x, 0.4, dim=-1, interpolation="nearest"), (make(2, 6),)),
)  # fmt: skip
_NAN_AT = ember.tensor(
    [[False, True, False, False, False], [False, False, False, False, False], [True, False, False, True, False]]
)
_add(
    "nanquantile",
    lambda make: (lambda x: ember.nanquantile(ember.where(_NAN_AT, float("nan"), x), 0.4, dim=1), (make(3, 5),)),
    lambda make: (lambda x, q: ember.nanquantile(ember.where(_NAN_AT, float("nan"), x), q, dim=1), (make(3, 5), make(2, domain="probability"))),
)  # fmt: skip

# compositions over the decompositions above
_add("pinv", lambda make: (lambda a: ember.linalg.pinv(_spread(a, (3, 2, 1))), (make(4, 3),)))
_add("cond", lambda make: (lambda a: ember.linalg.cond(_spread(a, (3, 2, 1))), (make(3, 3),)))
_add(
    "tensorinv",
    lambda make: (
        lambda a: ember.linalg.tensorinv(a + 3 * ember.eye(4, dtype=ember.float64).reshape(4, 2, 2), ind=1),
        (make(4, 2, 2),),
    ),
)
_add(
    "tensorsolve",
    lambda make: (lambda a, b: ember.linalg.tensorsolve(a + 3 * ember.eye(6, dtype=ember.float64).reshape(2, 3, 6), b), (make(2, 3, 6), make(2, 3))),
)  # fmt: skip
_add(
    "lu",
    lambda make: (lambda a: ember.linalg.lu(a)[1:], (make(4, 3),)),
    lambda make: (lambda a: ember.linalg.lu(a)[1:], (make(3, 4),)),
)

# compositions of recorded ops (no formula of their own)
_add(
    "einsum",
    lambda make: (lambda a, b: ember.einsum("bij,bjk->bik", a, b), (make(2, 3, 4), make(2, 4, 2))),
    lambda make: (lambda a: ember.einsum("ii->i", a), (make(3, 3),)),
)
_add("tensordot", lambda make: (lambda a, b: ember.tensordot(a, b, dims=([1], [0])), (make(3, 4), make(4, 2))))
_add("inner", lambda make: (lambda a, b: ember.inner(a, b), (make(3, 4), make(2, 4))))
_add(
    "multi_dot", lambda make: (lambda a, b, c: ember.linalg.multi_dot([a, b, c]), (make(3, 4), make(4, 2), make(2, 5)))
)
_add("chain_matmul", lambda make: (lambda a, b: ember.chain_matmul(a, b), (make(3, 4), make(4, 2))))
_add("vecdot", lambda make: (lambda a, b: ember.linalg.vecdot(a, b), (make(3, 4), make(3, 4))))
_add("matrix_norm", lambda make: (lambda a: ember.linalg.matrix_norm(a), (make(3, 4),)))
_add("linalg_norm", lambda make: (lambda a: ember.linalg.norm(a), (make(3, 4),)))
_add("matrix_power", lambda make: (lambda a: ember.linalg.matrix_power(a, 3), (make(3, 3),)))
_add("matrix_exp", lambda make: (lambda a: ember.linalg.matrix_exp(a * 0.3), (make(3, 3),)))
_add("cross", lambda make: (lambda a, b: ember.linalg.cross(a, b), (make(2, 3), make(2, 3))))
_add("vander", lambda make: (lambda x: ember.linalg.vander(x, N=3), (make(4),)))

# sorting and selection (values distinct with probability 1)
_add(
    "sort",
    lambda make: (lambda a: ember.sort(a, 1)[0], (make(3, 4),)),
    lambda make: (lambda a: ember.sort(a, 0, descending=True)[0], (make(3, 4, layout="transposed"),)),
)
_add("msort", lambda make: (lambda a: ember.msort(a), (make(3, 4),)))
_add("topk", lambda make: (lambda a: ember.topk(a, 2, 1)[0], (make(3, 4),)))
_add("kthvalue", lambda make: (lambda a: ember.kthvalue(a, 2, 0)[0], (make(3, 4),)))
_add(
    "median",
    lambda make: (lambda a: ember.median(a), (make(3, 5),)),
    lambda make: (lambda a: ember.median(a, 1)[0], (make(3, 5),)),
)
_add("nanmedian", lambda make: (lambda a: ember.nanmedian(a, 1, keepdim=True)[0], (make(3, 5),)))
_add("mode", lambda make: (lambda a: ember.mode(a, 1)[0], (make(3, 4),)))
_add("trace", lambda make: (lambda a: ember.trace(a), (make(3, 4),)))
_add(
    "cdist",
    lambda make: (lambda a, b: ember.cdist(a, b), (make(3, 2), make(4, 2))),
    lambda make: (lambda a, b: ember.cdist(a, b, p=1), (make(2, 3, 2), make(2, 4, 2))),
)

# nn primitives (issue 8's formulas in derivatives/nn.py, over the conv branch's backward ops)
if hasattr(C, "_nn") and hasattr(C._nn, "convolution_backward"):
    _NN = C._nn

    def _nnop(name):
        return getattr(C, name, None) or getattr(_NN, name)

    for _n in (1, 2, 3):
        _sp = (5, 4, 3)[:_n]
        _k = (3, 2, 2)[:_n]
        _add(
            f"conv{_n}d",
            lambda make, n=_n, sp=_sp, k=_k: (
                lambda x, w, b: _nnop(f"conv{n}d")(x, w, b, 1, 1, 1, 2),
                (make(2, 4, *sp), make(6, 2, *k), make(6)),
            ),
            lambda make, n=_n, sp=_sp, k=_k: (lambda x, w: _nnop(f"conv{n}d")(x, w, None, 1, "same"), (make(1, 2, *sp), make(3, 2, *k))),
        )  # fmt: skip
        _add(
            f"conv_transpose{_n}d",
            lambda make, n=_n, sp=_sp, k=_k: (
                lambda x, w, b: _nnop(f"conv_transpose{n}d")(x, w, b, 2, 1, 1),
                (make(1, 2, *sp), make(2, 3, *k), make(3)),
            ),
        )  # fmt: skip
        _add(
            f"max_pool{_n}d",
            lambda make, n=_n, sp=_sp: (lambda x: _nnop(f"max_pool{n}d")(x, 2, 1, 1), (make(1, 2, *sp),)),
        )
        _add(
            f"avg_pool{_n}d",
            lambda make, n=_n, sp=_sp: (lambda x: _nnop(f"avg_pool{n}d")(x, 2, 1, 1, False, False), (make(1, 2, *sp),)),
        )  # fmt: skip
        _add(
            f"adaptive_avg_pool{_n}d",
            lambda make, n=_n, sp=_sp: (lambda x: _nnop(f"adaptive_avg_pool{n}d")(x, (2,) * n), (make(1, 2, *sp),)),
        )  # fmt: skip
    _add(
        "convolution",
        lambda make: (lambda x, w, b: _nnop("convolution")(x, w, b, [2], [1], [1], False, [0], 1), (make(1, 2, 7), make(3, 2, 3), make(3))),
        lambda make: (lambda x, w: _nnop("convolution")(x, w, None, [2], [1], [1], True, [1], 1), (make(1, 2, 4), make(2, 3, 3))),
    )  # fmt: skip
    _add(
        "layer_norm",
        lambda make: (lambda x, w, b: _nnop("layer_norm")(x, [4], w, b, 1e-5), (make(3, 4), make(4), make(4))),
    )
    _add(
        "group_norm",
        lambda make: (lambda x, w, b: _nnop("group_norm")(x, 2, w, b, 1e-5), (make(2, 4, 3), make(4), make(4))),
    )
    _add(
        "batch_norm",
        lambda make: (
            lambda x, w, b: _nnop("batch_norm")(x, w, b, None, None, True, 0.1, 1e-5, False),
            (make(4, 3, 2), make(3), make(3)),
        ),
        lambda make: (
            lambda x, w, b: _nnop("batch_norm")(
                x, w, b, ember.zeros(3, dtype=ember.float64), ember.ones(3, dtype=ember.float64), False, 0.1, 1e-5, False
            ),
            (make(4, 3), make(3), make(3)),
        ),
    )  # fmt: skip
    _add("embedding", lambda make: (lambda w: _nnop("embedding")(w, ember.tensor([[0, 2], [2, 1]])), (make(4, 3),)))
    _add("pixel_shuffle", lambda make: (lambda x: _nnop("pixel_shuffle")(x, 2), (make(1, 8, 2, 3),)))
    _add("pixel_unshuffle", lambda make: (lambda x: _nnop("pixel_unshuffle")(x, 2), (make(1, 2, 4, 6),)))

    # multi-output pools and norms (output 0 differentiated), LP pools, upsampling, im2col/col2im
    def _no_grad(fn, *args):
        with ember.no_grad():
            return fn(*args)

    for _n in (1, 2, 3):
        _sp = (5, 4, 3)[:_n]
        _add(
            f"max_pool{_n}d_with_indices",
            lambda make, n=_n, sp=_sp: (lambda x: _nnop(f"max_pool{n}d_with_indices")(x, 2, 1, 1)[0], (make(1, 2, *sp),)),
            lambda make, n=_n, sp=_sp: (lambda x: _nnop(f"max_pool{n}d_with_indices")(x, 2, 2, 0, 1, True)[0], (make(2, *sp, layout="transposed"),)),
        )  # fmt: skip
        _add(
            f"adaptive_max_pool{_n}d",
            lambda make, n=_n, sp=_sp: (lambda x: _nnop(f"adaptive_max_pool{n}d")(x, (2,) * n)[0], (make(1, 2, *sp),)),
        )  # fmt: skip
        _add(
            f"lp_pool{_n}d",
            lambda make, n=_n, sp=_sp: (lambda x: _nnop(f"lp_pool{n}d")(x, 2.0, 2, 1), (make(1, 2, *sp),)),
            lambda make, n=_n, sp=_sp: (lambda x: _nnop(f"lp_pool{n}d")(x, 3, 2, None, True), (make(2, *sp, domain="positive"),)),
        )  # fmt: skip

        def _pool_bwd_sample(make, n=_n, sp=_sp, kind="max"):
            x = make(1, 2, *sp)
            if kind == "max":
                out, idx = _no_grad(_nnop(f"max_pool{n}d_with_indices"), x, 2, 1, 1)
                bwd = getattr(_NN, f"max_pool{n}d_with_indices_backward")
                return (lambda g, x: bwd(g, x, 2, 1, 1, 1, False, idx)), (make(*out.shape), x)
            if kind == "adaptive_max":
                out, idx = _no_grad(_nnop(f"adaptive_max_pool{n}d"), x, (2,) * n)
                bwd = getattr(_NN, f"adaptive_max_pool{n}d_backward")
                return (lambda g, x: bwd(g, x, idx)), (make(*out.shape), x)
            if kind == "avg":
                out = _no_grad(_nnop(f"avg_pool{n}d"), x, 2, 1, 1, False, False)
                bwd = getattr(_NN, f"avg_pool{n}d_backward")
                return (lambda g, x: bwd(g, x, 2, 1, 1, False, False, None)), (make(*out.shape), x)
            bwd = getattr(_NN, f"adaptive_avg_pool{n}d_backward")
            return (lambda g, x: bwd(g, x)), (make(1, 2, *(2,) * n), x)

        for _kind, _op in (("max", "max_pool{}d_with_indices_backward"), ("adaptive_max", "adaptive_max_pool{}d_backward"),
                           ("avg", "avg_pool{}d_backward"), ("adaptive_avg", "adaptive_avg_pool{}d_backward")):  # fmt: skip
            _add(_op.format(_n), lambda make, f=_pool_bwd_sample, k=_kind: f(make, kind=k))

    def _stats(n, c):  # running mean and var of c channels
        return ember.zeros(c, dtype=ember.float64), ember.ones(c, dtype=ember.float64).mul(1.5)

    _add(
        "native_batch_norm",
        lambda make: (lambda x, w, b: _nnop("native_batch_norm")(x, w, b, None, None, True, 0.1, 1e-5)[0], (make(4, 3, 2), make(3), make(3))),
        lambda make: (lambda x, w, b: _nnop("native_batch_norm")(x, w, b, *_stats(4, 3), False, 0.1, 1e-5)[0], (make(4, 3), make(3), make(3))),
        lambda make: (lambda x: _nnop("native_batch_norm")(x, None, None, None, None, True, 0.1, 1e-5)[0], (make(3, 2, 2, layout="transposed"),)),
    )  # fmt: skip
    _add(
        "native_layer_norm",
        lambda make: (lambda x, w, b: _nnop("native_layer_norm")(x, [3, 4], w, b, 1e-5)[0], (make(2, 3, 4), make(3, 4), make(3, 4))),
        lambda make: (lambda x: _nnop("native_layer_norm")(x, [3], None, None, 1e-5)[0], (make(4, 3, layout="transposed"),)),
    )  # fmt: skip
    _add(
        "native_group_norm",
        lambda make: (lambda x, w, b: _nnop("native_group_norm")(x, w, b, 2, 4, 3, 2, 1e-5)[0], (make(2, 4, 3), make(4), make(4))),
    )  # fmt: skip
    _add(
        "instance_norm",
        lambda make: (lambda x, w, b: _nnop("instance_norm")(x, w, b, None, None, True, 0.1, 1e-5, False), (make(2, 3, 4), make(3), make(3))),
        lambda make: (lambda x, w, b: _nnop("instance_norm")(x, w, b, *_stats(2, 3), False, 0.1, 1e-5, False), (make(2, 3, 2, 2), make(3), make(3))),
    )  # fmt: skip
    _add("im2col", lambda make: (lambda x: _NN.im2col(x, (2, 3), (1, 1), (1, 0), (2, 1)), (make(1, 2, 4, 5),)))
    _add("col2im", lambda make: (lambda x: _NN.col2im(x, (4, 5), (2, 2), (1, 1), (0, 1), (1, 2)), (make(1, 8, 9),)))

    # (op, input spatial shape, output size, trailing arguments)
    _UPSAMPLE = [
        ("upsample_nearest1d", (4,), (7,), (None,)),
        ("upsample_nearest2d", (3, 4), (5, 3), (None, None)),
        ("upsample_nearest3d", (2, 3, 2), (3, 5, 4), (None, None, None)),
        ("upsample_nearest_exact1d", (4,), (7,), (None,)),
        ("upsample_nearest_exact2d", (3, 4), (5, 3), (None, None)),
        ("upsample_nearest_exact3d", (2, 3, 2), (3, 5, 4), (None, None, None)),
        ("upsample_linear1d", (4,), (7,), (False, None)),
        ("upsample_bilinear2d", (3, 4), (5, 7), (True, None, None)),
        ("upsample_trilinear3d", (2, 3, 2), (3, 5, 4), (False, None, None, None)),
        ("upsample_bicubic2d", (3, 4), (5, 7), (False, None, None)),
    ]
    for _name, _in, _out, _rest in _UPSAMPLE:
        _add(
            _name,
            lambda make, f=_name, i=_in, o=_out, r=_rest: (lambda x: getattr(_NN, f)(x, o, *r), (make(1, 2, *i),)),
        )
        _add(
            _name + "_backward",
            lambda make, f=_name + "_backward", i=_in, o=_out, r=_rest: (
                lambda g: getattr(_NN, f)(g, o, (1, 2, *i), *r),
                (make(1, 2, *o),),
            ),
        )
    _add(
        "upsample_bilinear2d",
        lambda make: (lambda x: _NN.upsample_bilinear2d(x, (6, 5), False, 2.0, 1.3), (make(1, 2, 3, 4, layout="transposed"),)),
    )  # fmt: skip
    _add(
        "convolution_backward",
        lambda make: (
            lambda g, x, w: _NN.convolution_backward(g, x, w, [2], [1], [1], False, [0], 1, (True, True, True)),
            (make(2, 3, 4), make(2, 2, 7), make(3, 2, 3)),
        ),
        lambda make: (
            lambda g, x, w: _NN.convolution_backward(g, x, w, [1, 2], [1, 0], [1, 1], True, [0, 1], 2, (True, True, False)),
            (make(1, 4, 2, 7), make(1, 2, 3, 3), make(2, 2, 2, 2)),
        ),
    )  # fmt: skip

    # the saved statistics follow the input (recomputed unrecorded), as they do when these run in a backward
    def _ln_bwd(g, x, w, mask=(True, True, True)):
        _, mean, rstd = _no_grad(_nnop("native_layer_norm"), x, [3], w, None, 1e-5)
        return _NN.native_layer_norm_backward(g, x, [3], mean, rstd, w, None, mask)

    def _bn_bwd(g, x, w, train):
        stats = _stats(0, 3)
        _, mean, invstd = _no_grad(_nnop("native_batch_norm"), x, w, None, None, None, True, 0.1, 1e-5)
        if not train:
            mean = invstd = None
        return _NN.native_batch_norm_backward(g, x, w, *stats, mean, invstd, train, 1e-5, (True, True, True))

    _add(
        "native_layer_norm_backward",
        lambda make: (_ln_bwd, (make(2, 2, 3), make(2, 2, 3), make(3))),
        lambda make: (lambda g, x: _ln_bwd(g, x, None, (True, False, True)), (make(4, 3), make(4, 3, layout="transposed"))),
    )  # fmt: skip
    _add(
        "native_batch_norm_backward",
        lambda make: (lambda g, x, w: _bn_bwd(g, x, w, True), (make(4, 3, 2), make(4, 3, 2), make(3))),
        lambda make: (lambda g, x, w: _bn_bwd(g, x, w, False), (make(4, 3), make(4, 3), make(3))),
    )  # fmt: skip
    _add(
        "embedding_dense_backward",
        lambda make: (lambda g: _NN.embedding_dense_backward(g, ember.tensor([[0, 2], [2, 1]]), 4, -1, False), (make(2, 2, 3),)),
        lambda make: (lambda g: _NN.embedding_dense_backward(g, ember.tensor([0, 2, 2, 1]), 4, 2, True), (make(4, 3),)),
    )  # fmt: skip
