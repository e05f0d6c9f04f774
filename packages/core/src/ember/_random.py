"""Random ops with PyTorch's signatures: this file only sorts out argument
forms (sizes as varargs or a tuple, random_'s and normal's overloads); the
checks and the draws are in ember._C (native/src/ops/random*.cpp)."""

import builtins
import operator

from ember import _C
from ember._creation import _check_tensor, _finish, _size, get_default_dtype

Tensor = _C.Tensor
_float, _int, _bool = builtins.float, builtins.int, builtins.bool


# One Philox stream for every device: the same seed gives the same numbers
# whichever device the tensor is on. The draws with CUDA kernels (uniform,
# normal, log-normal, exponential, cauchy, geometric, bernoulli, integer
# ranges, normal with tensor mean or std) run on the device; the others
# (randperm, multinomial, poisson) are drawn into host memory and copied over.


def _place(result, device):
    """result moved to `device` (None: left where it is)."""
    if device is None:
        return result
    target = device if isinstance(device, _C.device) else _C.device(str(device))
    return result if target == result.device else result.to(target)


def _draw(device, out, draw):
    """draw(out) on the host; a device `out` receives a host draw's values."""
    if out is not None and out.device.type != "cpu":
        return out.copy_(draw(None))
    return _place(draw(out), device)


def _on(device, out, sizes, dtype, draw):
    """draw(out) on the device the result lives on (out's, or `device`)."""
    if out is None and device is not None:
        target = device if isinstance(device, _C.device) else _C.device(str(device))
        if target.type != "cpu":
            out = _C._empty(sizes, dtype, target)
    return draw(out)


def _host(t):
    return t.cpu() if isinstance(t, Tensor) else t


def _number(op, name, value):
    if isinstance(value, Tensor):
        value = value.item()
    if isinstance(value, (_bool, complex)) or not hasattr(value, "__float__"):
        raise TypeError(f"{op}(): argument '{name}' must be a number, not {type(value).__name__}")
    return _float(value)


def _integer(op, name, value):
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{op}(): argument '{name}' must be int, not {type(value).__name__}") from None


def rand(*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """Uniform samples from [0, 1).

    Example:

    >>> x = ember.rand(2, 3)
    >>> x.shape, bool(((x >= 0) & (x < 1)).all())
    (ember.Size([2, 3]), True)
    """
    dtype = dtype or (out.dtype if out is not None else get_default_dtype())
    sizes = _size("rand", size)
    return _finish(_on(device, out, sizes, dtype, lambda o: _C._rand(sizes, dtype, generator, o)), requires_grad)


def randn(*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """Samples from the standard normal distribution.

    Example:

    >>> _ = ember.manual_seed(0)
    >>> a = ember.randn(1000)
    >>> abs(a.mean().item()) < 0.1, abs(a.std().item() - 1) < 0.1
    (True, True)
    """
    dtype = dtype or (out.dtype if out is not None else get_default_dtype())
    sizes = _size("randn", size)
    return _finish(_on(device, out, sizes, dtype, lambda o: _C._randn(sizes, dtype, generator, o)), requires_grad)


def _randint_args(op, args, kwargs, with_size):
    """(low, high, size) from randint's forms (high, size) and (low, high, size),
    or randint_like's (high) and (low, high)."""
    full = ("low", "high", "size") if with_size else ("low", "high")
    if len(args) > len(full):
        raise TypeError(f"{op}() takes at most {len(full)} positional arguments ({len(args)} given)")
    values = dict(zip(full if len(args) == len(full) else full[1:], args, strict=False))
    for name in full:
        if name in kwargs:
            if name in values:
                raise TypeError(f"{op}() got multiple values for argument '{name}'")
            values[name] = kwargs.pop(name)
    if kwargs:
        raise TypeError(f"{op}() got an unexpected keyword argument '{next(iter(kwargs))}'")
    missing = [name for name in full[1:] if name not in values]
    if missing:
        raise TypeError(f"{op}() missing required argument '{missing[0]}'")
    return values.get("low", 0), values["high"], values.get("size")


def randint(*args, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, **kwargs):
    """Integers drawn uniformly from [low, high): randint(high, size) or randint(low, high, size).

    Example:

    >>> x = ember.randint(3, 10, (5,))
    >>> x.dtype, bool(((x >= 3) & (x < 10)).all())
    (ember.int64, True)
    """
    low, high, size = _randint_args("randint", args, kwargs, with_size=True)
    if isinstance(size, _int) or not hasattr(size, "__len__"):
        raise TypeError(f"randint(): argument 'size' must be tuple of ints, not {type(size).__name__}")
    dtype = dtype or (out.dtype if out is not None else _C.int64)
    low, high = _integer("randint", "low", low), _integer("randint", "high", high)
    sizes = _size("randint", (size,))
    return _finish(
        _on(device, out, sizes, dtype, lambda o: _C._randint(low, high, sizes, dtype, generator, o)), requires_grad
    )


def randperm(
    n, *, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False
):
    """A random permutation of 0 .. n - 1.

    Example:

    >>> ember.randperm(5).sort().values
    tensor([0, 1, 2, 3, 4])
    """
    dtype = dtype or (out.dtype if out is not None else _C.int64)
    n = _integer("randperm", "n", n)
    return _finish(_draw(device, out, lambda o: _C._randperm(n, dtype, generator, o)), requires_grad)


def _like(op, input, dtype, device, fill):
    """An empty_like(input) filled in place by fill(t), then moved to `device`."""
    _check_tensor(op, input)
    return _place(fill(_C._empty_like(input, dtype or input.dtype)), device)


def rand_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    """rand shaped like input (its dtype unless given).

    Example:

    >>> ember.rand_like(ember.zeros(2, 2, dtype=ember.float64)).dtype
    ember.float64
    """
    out = _like("rand_like", input, dtype, device, lambda t: _C._uniform_(t, 0.0, 1.0, generator, "rand_like"))
    return _finish(out, requires_grad)


def randn_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    """randn shaped like input (its dtype unless given).

    Example:

    >>> ember.randn_like(ember.zeros(4, 1)).shape
    ember.Size([4, 1])
    """
    out = _like("randn_like", input, dtype, device, lambda t: _C._normal_(t, 0.0, 1.0, generator, "randn_like"))
    return _finish(out, requires_grad)


def randint_like(input, *args, generator=None, dtype=None, layout=None, device=None, requires_grad=False, **kwargs):
    """randint shaped like input: randint_like(input, high) or randint_like(input, low, high).

    Example:

    >>> x = ember.randint_like(ember.zeros(3), 5)
    >>> bool(((x >= 0) & (x < 5)).all())
    True
    """
    low, high, _ = _randint_args("randint_like", args, kwargs, with_size=False)
    low, high = _integer("randint_like", "low", low), _integer("randint_like", "high", high)
    out = _like("randint_like", input, dtype, device, lambda t: _C._random_(t, low, high, generator, "randint_like"))
    return _finish(out, requires_grad)


def normal(
    mean,
    std=1.0,
    size=None,
    *,
    generator=None,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    pin_memory=False,
):
    """Normal samples: normal(mean, std) with either a tensor (broadcast), or
    normal(mean, std, size) with two numbers.

    Example:

    >>> x = ember.normal(ember.tensor([0.0, 100.0]), 0.001)
    >>> (x - ember.tensor([0.0, 100.0])).abs().max().item() < 0.01
    True
    """
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        if size is not None:
            raise TypeError("normal(): size is only taken with a number mean and std")
        return _C._normal(mean, std, generator, out)
    if size is None:
        raise TypeError("normal(): with a number mean and std, a size is needed: normal(mean, std, size)")
    mean, std = _number("normal", "mean", mean), _number("normal", "std", std)
    sizes = _size("normal", (size,))
    if out is not None and list(out.shape) != sizes:
        raise RuntimeError(f"normal: out has shape {tuple(out.shape)} but the result has shape {tuple(sizes)}")
    result = out if out is not None else _C._empty(sizes, dtype or get_default_dtype(), device)
    return _finish(_C._normal_(result, mean, std, generator, "normal"), requires_grad)


def bernoulli(input, p=None, *, generator=None, out=None):
    """0/1 draws: with probability input (each element), or p for every element.

    Example:

    >>> ember.bernoulli(ember.tensor([0.0, 1.0, 1.0]))
    tensor([0., 1., 1.])
    """
    _check_tensor("bernoulli", input)
    p = None if p is None else _number("bernoulli", "p", p)
    result = _C._bernoulli(input, p, generator)
    if out is None:
        return result
    return out.copy_(result)


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """Category indices drawn from the weights in each row of input (1-D or 2-D).

    Example:

    >>> ember.multinomial(ember.tensor([0.0, 0.0, 1.0]), 2, replacement=True)
    tensor([2, 2])
    """
    _check_tensor("multinomial", input)
    n = _integer("multinomial", "num_samples", num_samples)
    return _draw(input.device, out, lambda o: _C._multinomial(_host(input), n, _bool(replacement), generator, o))


def poisson(input, generator=None):
    """Poisson draws with the rates in input.

    Example:

    >>> ember.poisson(ember.zeros(3))
    tensor([0., 0., 0.])
    """
    _check_tensor("poisson", input)
    return _place(_C._poisson(_host(input), generator), input.device)


# Tensor methods


def _method(fn):
    setattr(Tensor, fn.__name__, fn)
    return fn


def _pick(op, args, kwargs, names, defaults):
    """Positional or keyword values of `names` (PyTorch's `from` is a keyword in Python)."""
    if len(args) > len(names):
        raise TypeError(f"{op}() takes at most {len(names)} arguments ({len(args)} given)")
    values = list(args) + list(defaults[len(args) :])
    for i, name in enumerate(names):
        if name in kwargs:
            if i < len(args):
                raise TypeError(f"{op}() got multiple values for argument '{name}'")
            values[i] = kwargs.pop(name)
    if kwargs:
        raise TypeError(f"{op}() got an unexpected keyword argument '{next(iter(kwargs))}'")
    return values


@_method
def uniform_(self, *args, generator=None, **kwargs):
    """Fills self with uniform samples from [from, to) (default [0, 1)).

    Example:

    >>> x = ember.empty(3).uniform_(5, 6)
    >>> bool(((x >= 5) & (x < 6)).all())
    True
    """
    lo, hi = _pick("uniform_", args, kwargs, ("from", "to"), (0.0, 1.0))
    return _C._uniform_(self, _number("uniform_", "from", lo), _number("uniform_", "to", hi), generator, "uniform_")


@_method
def normal_(self, mean=0.0, std=1.0, *, generator=None):
    """Fills self with normal samples.

    Example:

    >>> ember.empty(1000).normal_(mean=3.0, std=0.1).mean().round().item()
    3.0
    """
    return _C._normal_(self, _number("normal_", "mean", mean), _number("normal_", "std", std), generator, "normal_")


@_method
def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    """Fills self with exp(N(mean, std^2)) samples.

    Example:

    >>> bool((ember.empty(100).log_normal_() > 0).all())
    True
    """
    return _C._log_normal_(self, _number("log_normal_", "mean", mean), _number("log_normal_", "std", std), generator)


@_method
def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    """Fills self with Cauchy samples.

    Example:

    >>> ember.empty(3).cauchy_().shape
    ember.Size([3])
    """
    return _C._cauchy_(self, _number("cauchy_", "median", median), _number("cauchy_", "sigma", sigma), generator)


@_method
def exponential_(self, lambd=1.0, *, generator=None):
    """Fills self with exponential samples of rate lambd.

    Example:

    >>> bool((ember.empty(100).exponential_(2.0) >= 0).all())
    True
    """
    return _C._exponential_(self, _number("exponential_", "lambd", lambd), generator)


@_method
def geometric_(self, p, *, generator=None):
    """Fills self with the number of Bernoulli(p) trials up to the first success.

    Example:

    >>> bool((ember.empty(100).geometric_(0.5) >= 1).all())
    True
    """
    return _C._geometric_(self, _number("geometric_", "p", p), generator)


@_method
def bernoulli_(self, p=0.5, *, generator=None):
    """Fills self with 0/1 draws: 1 with probability p (a number or a tensor broadcast to self).

    Example:

    >>> ember.empty(3).bernoulli_(1.0)
    tensor([1., 1., 1.])
    """
    return _C._bernoulli_(self, p if isinstance(p, Tensor) else _number("bernoulli_", "p", p), generator)


@_method
def random_(self, *args, generator=None, **kwargs):
    """Fills self with integers from [from, to): random_(), random_(to), random_(from, to).

    Example:

    >>> x = ember.empty(100).random_(0, 3)
    >>> x.unique()
    tensor([0., 1., 2.])
    """
    if len(args) == 1 and not kwargs:
        lo, hi = 0, args[0]
        if hi is None:
            raise TypeError("random_(): argument 'to' must be int, not NoneType")
    else:
        lo, hi = _pick("random_", args, kwargs, ("from", "to"), (0, None))
    lo = _integer("random_", "from", lo)
    hi = None if hi is None else _integer("random_", "to", hi)
    return _C._random_(self, lo, hi, generator, "random_")


Tensor.bernoulli = bernoulli
Tensor.multinomial = multinomial
