"""Products built from the native ones: einsum, tensordot, inner, chain_matmul
and multi_dot. Each contraction is a permute/reshape around one batched GEMM
(ember.matmul), never a loop over elements."""

import builtins
import math

from ember import _C
from ember._C import Tensor

# ---------------------------------------------------------------- tensordot


def _check_same_dtype(a, b, op):
    if a.dtype is not b.dtype:
        raise RuntimeError(f"{op}: expected both operands to have the same dtype, got {a.dtype} and {b.dtype}")


def _contract(a, b, dims_a, dims_b, op):
    """a's dims_a summed against b's dims_b: (a's other dims..., b's other dims...)."""
    _check_same_dtype(a, b, op)
    if len(dims_a) != len(dims_b):
        raise RuntimeError(
            f"{op}: both dimension lists should have the same length, got {len(dims_a)} and {len(dims_b)}"
        )
    dims_a = [d + a.dim() if d < 0 else d for d in dims_a]
    dims_b = [d + b.dim() if d < 0 else d for d in dims_b]
    for da, db in zip(dims_a, dims_b, strict=True):
        if not (0 <= da < builtins.max(a.dim(), 1) and 0 <= db < builtins.max(b.dim(), 1)):
            raise IndexError(f"{op}: dimension out of range for shapes {tuple(a.shape)} and {tuple(b.shape)}")
        if a.shape[da] != b.shape[db]:
            raise RuntimeError(
                f"{op}: contracted dimensions need to match, but first has size {a.shape[da]} in dim {da} and "
                f"second has size {b.shape[db]} in dim {db} (shapes {tuple(a.shape)} and {tuple(b.shape)})"
            )
    if len(set(dims_a)) != len(dims_a) or len(set(dims_b)) != len(dims_b):
        raise RuntimeError(f"{op}: a dimension appears twice in the contraction dims {dims_a}, {dims_b}")
    free_a = [d for d in range(a.dim()) if d not in dims_a]
    free_b = [d for d in range(b.dim()) if d not in dims_b]
    k = math.prod(a.shape[d] for d in dims_a)
    m = math.prod(a.shape[d] for d in free_a)
    n = math.prod(b.shape[d] for d in free_b)
    left = a.permute(*free_a, *dims_a).reshape(m, k)
    right = b.permute(*dims_b, *free_b).reshape(k, n)
    shape = [a.shape[d] for d in free_a] + [b.shape[d] for d in free_b]
    return _C.mm(left, right).reshape(shape)


def tensordot(a, b, dims=2, out=None):
    """Sums products of a and b over the given dims: an int n (a's last n with
    b's first n) or two lists of dims.

    Example:

    >>> a = ember.arange(6.0).reshape(2, 3)
    >>> ember.tensordot(a, ember.ones(3, 2), dims=1)
    tensor([[ 3.,  3.],
            [12., 12.]])
    """
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > builtins.min(a.dim(), b.dim()):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        dims_a, dims_b = list(range(a.dim() - dims, a.dim())), list(range(dims))
    else:
        dims_a, dims_b = dims
        dims_a = [dims_a] if isinstance(dims_a, int) else list(dims_a)
        dims_b = [dims_b] if isinstance(dims_b, int) else list(dims_b)
    return _write_out(_contract(a, b, dims_a, dims_b, "tensordot"), out, "tensordot")


def inner(input, other, *, out=None):
    """Sums products over the last dim of both (a plain product when either is 0-d).

    Example:

    >>> ember.inner(ember.tensor([1.0, 2.0]), ember.tensor([3.0, 4.0]))
    tensor(11.)
    """
    if input.dim() == 0 or other.dim() == 0:
        return _write_out(_C.mul(input, other), out, "inner")
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(
            "inner() the last dimension must match on both input tensors but got shapes "
            f"{tuple(input.shape)} and {tuple(other.shape)}"
        )
    return _write_out(_contract(input, other, [-1], [-1], "inner"), out, "inner")


def _write_out(result, out, op):
    if out is None:
        return result
    if out.dtype is not result.dtype or tuple(out.shape) != tuple(result.shape):
        raise RuntimeError(
            f"{op}: out has dtype {out.dtype} and shape {tuple(out.shape)}, the result "
            f"{result.dtype} and {tuple(result.shape)}"
        )
    out.copy_(result)
    return out


# ---------------------------------------------------------------- chains


def _chain_order(dims):
    """Matrix-chain DP: split[i][j] is where to split the product of matrices i..j."""
    n = len(dims) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = math.inf
            for s in range(i, j):
                c = cost[i][s] + cost[s + 1][j] + dims[i] * dims[s + 1] * dims[j + 1]
                if c < cost[i][j]:
                    cost[i][j], split[i][j] = c, s
    return split


def _chain(mats, op):
    dims = [mats[0].shape[0]] + [m.shape[1] for m in mats]
    split = _chain_order(dims)

    def run(i, j):
        if i == j:
            return mats[i]
        return _C.mm(run(i, split[i][j]), run(split[i][j] + 1, j))

    return run(0, len(mats) - 1)


def multi_dot(tensors, *, out=None):
    """The product of a chain of matrices in the cheapest order; the first may
    be a 1-D row and the last a 1-D column (their dims are dropped again).

    Example:

    >>> ember.linalg.multi_dot([ember.ones(2, 3), ember.ones(3, 4), ember.ones(4, 1)])
    tensor([[12.],
            [12.]])
    """
    tensors = list(tensors)
    if len(tensors) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(tensors)}")
    first_1d, last_1d = tensors[0].dim() == 1, tensors[-1].dim() == 1
    mats = list(tensors)
    if first_1d:
        mats[0] = mats[0].unsqueeze(0)
    if last_1d:
        mats[-1] = mats[-1].unsqueeze(1)
    for i, m in enumerate(mats):
        if m.dim() != 2:
            raise RuntimeError(
                f"multi_dot(): tensor {i} must be 2-D (the first and last may be 1-D), "
                f"got shape {tuple(tensors[i].shape)}"
            )
        if m.dtype is not mats[0].dtype:
            raise RuntimeError(
                f"multi_dot(): all tensors must have the same dtype, got {mats[0].dtype} and {m.dtype} (tensor {i})"
            )
        if i and mats[i - 1].shape[1] != m.shape[0]:
            raise RuntimeError(
                f"multi_dot(): tensors {i - 1} and {i} with shapes {tuple(tensors[i - 1].shape)} and "
                f"{tuple(tensors[i].shape)} cannot be multiplied"
            )
    result = _chain(mats, "multi_dot")
    if first_1d:
        result = result.squeeze(0)
    if last_1d:
        result = result.squeeze(-1)
    return _write_out(result, out, "multi_dot")


def chain_matmul(*matrices, out=None):
    """The product of 2-D matrices in the cheapest order (PyTorch's older multi_dot).

    Example:

    >>> ember.chain_matmul(ember.eye(2), ember.ones(2, 3), ember.ones(3, 1))
    tensor([[3.],
            [3.]])
    """
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for i, m in enumerate(matrices):
        if m.dim() != 2:
            raise RuntimeError(f"chain_matmul(): tensor {i} must be 2-D, got shape {tuple(m.shape)}")
    if len(matrices) == 1:
        return _write_out(matrices[0].clone(), out, "chain_matmul")
    return multi_dot(matrices, out=out)


# ---------------------------------------------------------------- einsum


def _parse_term(term, ndim, index):
    """Labels of one operand: letters as themselves, ellipsis dims as ints
    counted from the right (-1 the last), for broadcasting across operands."""
    if term.count("...") > 1 or "." in term.replace("...", ""):
        raise RuntimeError(f"einsum(): invalid ellipsis in subscripts {term!r} for operand {index}")
    head, dots, tail = term.partition("...")
    for ch in head + tail:
        if not ch.isascii() or not ch.isalpha():
            raise RuntimeError(
                f"einsum(): invalid subscript {ch!r} given in the equation string, subscripts must be in [a-zA-Z]"
            )
    letters = len(head) + len(tail)
    if not dots and letters != ndim:
        raise RuntimeError(
            f"einsum(): the number of subscripts in the equation ({letters}) does not match the number of "
            f"dimensions ({ndim}) for operand {index} and no ellipsis was given"
        )
    if dots and letters > ndim:
        raise RuntimeError(
            f"einsum(): the number of subscripts in the equation ({letters}) is more than the number of "
            f"dimensions ({ndim}) for operand {index}"
        )
    n_ell = ndim - letters
    return list(head) + list(range(-n_ell, 0)) + list(tail), bool(dots)


def _take_diagonals(t, labels):
    """Repeated labels within one operand pick its diagonal: 'ii' -> 'i'."""
    while True:
        seen = {}
        for d, lab in enumerate(labels):
            if lab in seen:
                d0 = seen[lab]
                if t.shape[d0] != t.shape[d]:
                    raise RuntimeError(
                        f"einsum(): subscript {lab} is repeated for operand with sizes {t.shape[d0]} and {t.shape[d]}"
                    )
                t = t.diagonal(0, d0, d)  # the diagonal becomes the last dim
                labels = [x for i, x in enumerate(labels) if i not in (d0, d)] + [lab]
                break
            seen[lab] = d
        else:
            return t, labels


def _sum_labels(t, labels, drop):
    dims = [i for i, lab in enumerate(labels) if lab in drop]
    if not dims:
        return t, labels
    return t.sum(dims), [lab for lab in labels if lab not in drop]


def _pair(a, la, b, lb, keep, sizes):
    """Contracts operands a and b (labels la, lb) over shared labels not in
    `keep`, as one batched GEMM: batch = shared kept labels."""
    sa, sb = set(la), set(lb)
    batch = [x for x in la if x in sb and x in keep]
    contracted = [x for x in la if x in sb and x not in keep]
    a_only = [x for x in la if x not in sb]
    b_only = [x for x in lb if x not in sa]

    def arrange(t, labels, order):
        if order:
            t = t.permute(*[labels.index(x) for x in order])
        full = [sizes[x] for x in order]
        if tuple(t.shape) != tuple(full):
            t = t.expand(*full)  # size-1 dims broadcast against the other operand
        return t

    a = arrange(a, la, batch + a_only + contracted)
    b = arrange(b, lb, batch + contracted + b_only)
    nb = math.prod(sizes[x] for x in batch)
    m = math.prod(sizes[x] for x in a_only)
    k = math.prod(sizes[x] for x in contracted)
    n = math.prod(sizes[x] for x in b_only)
    if batch:
        r = _C.bmm(a.reshape(nb, m, k), b.reshape(nb, k, n))
    else:
        r = _C.mm(a.reshape(m, k), b.reshape(k, n))
    out_labels = batch + a_only + b_only
    return r.reshape([sizes[x] for x in out_labels]), out_labels


def _pick_pair(labels, keep_final, sizes):
    """Greedy order: the pair of operands (by their label lists) whose result is smallest (ties: leftmost)."""
    best = None
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            others = set(keep_final)
            for h, labs in enumerate(labels):
                if h not in (i, j):
                    others.update(labs)
            kept = [x for x in dict.fromkeys(labels[i] + labels[j]) if x in others]
            size = math.prod(sizes[x] for x in kept)
            if best is None or size < best[0]:
                best = (size, i, j)
    return best[1], best[2]


def _sublist_equation(args):
    """einsum(op1, [0, 1], op2, [1, 2], [0, 2]): the equation and operands it stands for."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def term(sublist):
        out = []
        for x in sublist:
            if x is Ellipsis:
                out.append("...")
            elif isinstance(x, int) and 0 <= x < len(letters):
                out.append(letters[x])
            else:
                raise RuntimeError(
                    f"einsum(): expected subscript to be within the range [0, 52) or Ellipsis, got {x!r}"
                )
        return "".join(out)

    operands, terms = list(args[0:-1:2]), [term(s) for s in args[1::2]]
    if len(args) % 2:  # an output sublist closes the arguments
        return ",".join(terms[: len(operands)]) + "->" + term(args[-1]), operands[: len(terms)]
    return ",".join(terms), operands


def einsum(equation, *operands):
    """Einstein summation over operands labelled by `equation` ('ij,jk->ik'):
    ellipsis broadcasting, repeated labels (diagonals), implicit output. The
    sublist form einsum(op1, [0, 1], op2, [1, 2], [0, 2]) works too.

    Example:

    >>> a = ember.arange(6.0).reshape(2, 3)
    >>> ember.einsum('ij->ji', a)
    tensor([[0., 3.],
            [1., 4.],
            [2., 5.]])
    >>> ember.einsum('ij,j->i', a, ember.ones(3))
    tensor([ 3., 12.])
    """
    if isinstance(equation, Tensor):
        equation, operands = _sublist_equation((equation, *operands))
    elif len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not isinstance(equation, str):
        raise TypeError(f"einsum(): equation must be a str, not {type(equation).__name__}")
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    for i, t in enumerate(operands):
        if not isinstance(t, Tensor):
            raise TypeError(f"einsum(): operand {i} must be a Tensor, not {type(t).__name__}")
        if t.dtype is not operands[0].dtype:
            raise RuntimeError(
                f"einsum(): operands must have the same dtype, got {operands[0].dtype} (operand 0) and "
                f"{t.dtype} (operand {i})"
            )

    parsed = [_parse_term(term, t.dim(), i) for i, (term, t) in enumerate(zip(terms, operands, strict=True))]
    any_ellipsis = builtins.any(dots for _, dots in parsed)
    n_ell = builtins.max([-builtins.min([x for x in labs if isinstance(x, int)], default=0) for labs, _ in parsed])
    ell_labels = list(range(-n_ell, 0))

    # Sizes per label; size 1 broadcasts against anything.
    sizes = {}
    for i, ((labs, _), t) in enumerate(zip(parsed, operands, strict=True)):
        own = {}
        for lab, s in zip(labs, t.shape, strict=True):
            if own.setdefault(lab, s) != s:
                raise RuntimeError(
                    f"einsum(): subscript {lab} is repeated for operand {i} but the sizes don't match, "
                    f"{s} != {own[lab]}"
                )
            seen = sizes.get(lab, 1)
            if s != 1 and seen != 1 and s != seen:
                name = "..." if isinstance(lab, int) else lab
                raise RuntimeError(
                    f"einsum(): subscript {name} has size {s} for operand {i} which does not broadcast with "
                    f"previously seen size {seen}"
                )
            sizes[lab] = s if lab not in sizes or seen == 1 else seen

    if arrow:
        if "..." in rhs and not any_ellipsis:
            out_labels = list(rhs.replace("...", ""))
        else:
            head, dots, tail = rhs.partition("...")
            if "." in head + tail:
                raise RuntimeError(f"einsum(): invalid ellipsis in the output subscripts {rhs!r}")
            out_labels = list(head) + (ell_labels if dots else []) + list(tail)
        letters = [x for x in out_labels if isinstance(x, str)]
        for ch in letters:
            if not ch.isascii() or not ch.isalpha():
                raise RuntimeError(
                    f"einsum(): invalid subscript {ch!r} given in the equation string, subscripts must be in [a-zA-Z]"
                )
            if letters.count(ch) > 1:
                raise RuntimeError(f"einsum(): output subscript {ch} appears more than once in the output")
            if ch not in sizes:
                raise RuntimeError(
                    f"einsum(): output subscript {ch} does not appear in the equation for any input operand"
                )
    else:
        counts = {}
        for labs, _ in parsed:
            for x in labs:
                if isinstance(x, str):
                    counts[x] = counts.get(x, 0) + 1
        out_labels = ell_labels + sorted(x for x, c in counts.items() if c == 1)

    # Diagonals first, then labels no one else needs are summed out early.
    ops = []
    for (labs, _), t in zip(parsed, operands, strict=True):
        t, labs = _take_diagonals(t, labs)
        ops.append([t, labs])
    for i, (t, labs) in enumerate(ops):
        needed = set(out_labels)
        for h, (_, other) in enumerate(ops):
            if h != i:
                needed.update(other)
        t, labs = _sum_labels(t, labs, {x for x in labs if x not in needed})
        ops[i] = [t, labs]

    while len(ops) > 1:
        i, j = _pick_pair([labs for _, labs in ops], out_labels, sizes) if len(ops) > 2 else (0, 1)
        keep = set(out_labels)
        for h, (_, labs) in enumerate(ops):
            if h not in (i, j):
                keep.update(labs)
        (a, la), (b, lb) = ops[i], ops[j]
        # Labels only one of the pair has and nobody needs: sum them first.
        a, la = _sum_labels(a, la, {x for x in la if x not in keep and x not in lb})
        b, lb = _sum_labels(b, lb, {x for x in lb if x not in keep and x not in la})
        r, lr = _pair(a, la, b, lb, keep, sizes)
        ops = [op for h, op in enumerate(ops) if h not in (i, j)] + [[r, lr]]

    result, labels = ops[0]
    result, labels = _sum_labels(result, labels, {x for x in labels if x not in out_labels})
    # Output labels the operands lacked (broadcast ellipsis dims of size 1).
    for lab in out_labels:
        if lab not in labels:
            result = result.unsqueeze(-1)
            labels = labels + [lab]
    result = result.permute(*[labels.index(x) for x in out_labels]) if labels else result
    target = [sizes.get(x, 1) for x in out_labels]
    if list(result.shape) != target:
        result = result.expand(*target)
    return result


Tensor.inner = inner
