"""Printing tensors the way PyTorch does: the same layout, widths, number
formats and summarisation, so output is familiar and diffable."""

import builtins
import math

from ember import _C


class _Options:
    precision = 4
    threshold = 1000
    edgeitems = 3
    linewidth = 80
    sci_mode = None


_opts = _Options()


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """Sets how tensors print (PyTorch's options and profiles).

    Example:

    >>> ember.set_printoptions(precision=2)
    >>> ember.tensor([1.23456])
    tensor([1.23])
    >>> ember.set_printoptions(profile='default')
    >>> ember.tensor([1.23456])
    tensor([1.2346])
    """
    if profile is not None:
        presets = {
            "default": (4, 1000, 3, 80),
            "short": (2, 1000, 2, 80),
            "full": (4, math.inf, 3, 80),
        }
        if profile not in presets:
            raise ValueError(f"set_printoptions: unknown profile {profile!r}, expected one of {sorted(presets)}")
        _opts.precision, _opts.threshold, _opts.edgeitems, _opts.linewidth = presets[profile]
    for name, value in (
        ("precision", precision),
        ("threshold", threshold),
        ("edgeitems", edgeitems),
        ("linewidth", linewidth),
    ):
        if value is not None:
            setattr(_opts, name, value)
    _opts.sci_mode = sci_mode


def _values(t, summarize):
    """Nested lists of the values to print; summarised dims keep only their
    edge items, with Ellipsis where the middle was."""
    if t.ndim == 0:
        return t.item()
    n, e = t.shape[0], _opts.edgeitems
    if summarize and n > 2 * e:
        if t.ndim == 1:
            return t.narrow(0, 0, e).tolist() + [...] + t.narrow(0, n - e, e).tolist()
        head = [_values(t.select(0, i), summarize) for i in range(e)]
        tail = [_values(t.select(0, i), summarize) for i in range(n - e, n)]
        return head + [...] + tail
    if not summarize:
        return t.tolist()
    return [_values(t.select(0, i), summarize) for i in range(n)]


def _leaves(values):
    if isinstance(values, list):
        for v in values:
            yield from _leaves(v)
    elif values is not Ellipsis:
        yield values


class _Formatter:
    """Chooses one format for every number in a tensor: integer-valued floats
    as '1.', others fixed or scientific, all padded to the widest."""

    def __init__(self, leaves, floating):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        if not floating:
            self.width = max((len(str(v)) for v in leaves), default=1)
            return
        finite = [v for v in leaves if math.isfinite(v) and v != 0]
        if finite:
            magnitudes = [abs(v) for v in finite]
            lo, hi = min(magnitudes), max(magnitudes)
            self.int_mode = all(v == math.ceil(v) for v in finite)
            if self.int_mode:
                self.sci_mode = hi / lo > 1000.0 or hi > 1.0e8
            else:
                self.sci_mode = hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4
            if _opts.sci_mode is not None:
                self.sci_mode = _opts.sci_mode
            self.width = max(len(self._plain(v)) for v in finite)
        elif _opts.sci_mode is not None:
            self.sci_mode = _opts.sci_mode

    def _plain(self, v):
        p = _opts.precision
        if not self.floating:
            return str(v)
        if self.sci_mode:
            return f"{v:.{p}e}"
        if self.int_mode:
            return f"{v:.0f}" if not math.isfinite(v) else f"{v:.0f}."
        return f"{v:.{p}f}"

    def format(self, v):
        return self._plain(v).rjust(self.width)


def _format_complex(v, real_fmt, imag_fmt):
    imag = imag_fmt.format(abs(v.imag)).lstrip()
    sign = "-" if v.imag < 0 or (v.imag == 0 and math.copysign(1, v.imag) < 0) else "+"
    return f"{real_fmt.format(v.real)}{sign}{imag}j"


def _body(values, ndim, indent, fmt, width):
    """`width`: the formatted width of one element, which sets how many fit a line."""
    if ndim == 0:
        return fmt(values)
    if ndim == 1:
        items = [" ..." if v is Ellipsis else fmt(v) for v in values]
        per_line = max(1, math.floor((_opts.linewidth - indent) / (width + 2)))
        lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    rows = ["..." if v is Ellipsis else _body(v, ndim - 1, indent + 1, fmt, width) for v in values]
    sep = "," + "\n" * (ndim - 1) + " " * (indent + 1)
    return "[" + sep.join(rows) + "]"


def _suffixes(t):
    out = []
    default = _C._get_default_dtype()
    implied = {default, _C.int64, _C.bool, _C.complex128 if default == _C.float64 else _C.complex64}
    if t.numel() == 0:
        implied = {default}  # an empty tensor shows every other dtype
        if t.ndim != 1:
            out.append(f"size={tuple(t.shape)}")
    elif not _opts.edgeitems:
        out.append(f"size={tuple(t.shape)}")
    if t.dtype not in implied:
        out.append(f"dtype={t.dtype!r}")
    if t.device.type != "cpu":
        out.append(f"device='{t.device}'")
    grad_fn = t.grad_fn
    if grad_fn is not None:
        out.append(f"grad_fn=<{grad_fn.name()}>")
    elif t.requires_grad:
        out.append("requires_grad=True")
    return out


def tensor_repr(t):
    # nn.Parameter marks its tensor's autograd slot (ember.Tensor cannot be subclassed), shown as PyTorch shows it
    if getattr(t._autograd_meta(), "is_parameter", False):
        return "Parameter containing:\n" + _plain_repr(t)
    return _plain_repr(t)


def _plain_repr(t):
    prefix = "tensor("
    indent = len(prefix)
    if t.numel() == 0:
        body = "[]"
    else:
        summarize = t.numel() > _opts.threshold
        values = _values(t, summarize)
        leaves = list(_leaves(values))
        if t.dtype.is_complex:
            real = _Formatter([v.real for v in leaves], True)
            imag = _Formatter([v.imag for v in leaves], True)
            fmt = lambda v: _format_complex(v, _FmtWrap(real), _FmtWrap(imag))  # noqa: E731
            width = real.width + imag.width + 1
        else:
            formatter = _Formatter(leaves, t.dtype.is_floating_point)
            fmt = formatter.format
            width = formatter.width
        body = "[...]" if summarize and _opts.edgeitems == 0 else _body(values, t.ndim, indent, fmt, width)
    parts = [prefix + body]
    last_line = len(parts[0]) - parts[0].rfind("\n") + 1
    for suffix in _suffixes(t):
        if last_line + len(suffix) + 2 > _opts.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line += len(suffix) + 2
    return "".join(parts) + ")"


class _FmtWrap:
    def __init__(self, formatter):
        self.formatter = formatter

    def format(self, v):
        return self.formatter.format(builtins.float(v))
