"""backward() and grad(): PyTorch's entry points into the backward pass."""

import ember
from ember import _C
from ember.autograd.engine import execute
from ember.autograd.graph import AccumulateGrad, accumulator, gradient_edge

Tensor = _C.Tensor


def _as_tuple(x):
    if x is None:
        return ()
    if isinstance(x, Tensor):
        return (x,)
    return tuple(x)


def _seed_grads(outputs, grad_outputs, create_graph, who):
    grads = list(_as_tuple(grad_outputs)) if grad_outputs is not None else [None] * len(outputs)
    if len(grads) != len(outputs):
        raise RuntimeError(f"{who}: got {len(grads)} gradients for {len(outputs)} tensors; expected one per tensor")
    seeds = []
    for out, g in zip(outputs, grads, strict=True):
        if g is None:
            if out.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if not (out.dtype.is_floating_point or out.dtype.is_complex):
                raise RuntimeError(f"grad can be implicitly created only for real scalar outputs but got {out.dtype}")
            g = ember.ones_like(out)
        else:
            if not isinstance(g, Tensor):
                raise TypeError(f"{who}: gradients must be tensors or None, got {type(g).__name__}")
            if tuple(g.shape) != tuple(out.shape):
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[0] has a shape of {tuple(g.shape)} and output[0] has a "
                    f"shape of {tuple(out.shape)}."
                )
            if not create_graph:
                g = g.detach()
        seeds.append(g)
    return seeds


def _roots(outputs, who):
    roots = []
    for i, out in enumerate(outputs):
        if not isinstance(out, Tensor):
            raise TypeError(f"{who}: expected tensors, got {type(out).__name__}")
        edge = gradient_edge(out)
        if edge is None:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
        roots.append(edge)
    return roots


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None):
    """Accumulates into the leaves' .grad the gradient of `tensors` (weighted by grad_tensors).

    Example:

    >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> ember.autograd.backward([(x ** 2).sum()])
    >>> x.grad
    tensor([2., 4.])
    """
    if grad_variables is not None:
        grad_tensors = grad_variables
    outputs = _as_tuple(tensors)
    if retain_graph is None:
        retain_graph = create_graph
    roots = _roots(outputs, "backward")
    seeds = _seed_grads(outputs, grad_tensors, create_graph, "backward")
    only = None
    if inputs is not None:
        inputs = _as_tuple(inputs)
        if not inputs:
            raise RuntimeError("backward: `inputs` argument to backward() cannot be empty.")
        only = set()
        for t in inputs:
            if not t.requires_grad:
                raise RuntimeError("backward: one of the differentiated Tensors does not require grad")
            if not t.is_leaf:
                t.retain_grad()
                only.add(t.grad_fn)
            else:
                only.add(accumulator(t))
    execute(roots, seeds, keep_graph=retain_graph, create_graph=create_graph, accumulate_into=only)


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    retain_graph=None,
    create_graph=False,
    only_inputs=True,
    allow_unused=None,
    is_grads_batched=False,
    materialize_grads=False,
):
    """The gradients of `outputs` with respect to `inputs`, returned instead of accumulated.

    Example:

    >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> (g,) = ember.autograd.grad((x ** 3).sum(), [x])
    >>> g
    tensor([ 3., 12.])
    """
    if is_grads_batched:
        raise NotImplementedError("grad: is_grads_batched=True is not supported by ember")
    if materialize_grads and allow_unused is False:
        raise ValueError(
            "Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False."
        )
    if allow_unused is None:
        allow_unused = materialize_grads
    single_input = isinstance(inputs, Tensor)
    outputs = _as_tuple(outputs)
    inputs = _as_tuple(inputs)
    if retain_graph is None:
        retain_graph = create_graph
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    roots = _roots(outputs, "grad")
    seeds = _seed_grads(outputs, grad_outputs, create_graph, "grad")
    capture = [gradient_edge(t) for t in inputs]
    found = execute(roots, seeds, keep_graph=retain_graph, create_graph=create_graph, capture=capture, accumulate=False)
    result = []
    for i, (t, g) in enumerate(zip(inputs, found, strict=True)):
        if g is None:
            if not allow_unused:
                raise RuntimeError(
                    "One of the differentiated Tensors appears to not have been used in the graph. "
                    "Set allow_unused=True if this is the desired behavior."
                )
            if materialize_grads:
                g = ember.zeros_like(t)
        elif isinstance(capture[i][0], AccumulateGrad):
            m = t._autograd_meta()
            if m is not None and m.hooks:
                for hook in list(m.hooks.values()):
                    new = hook(g)
                    if new is not None:
                        g = new
        result.append(g)
    del single_input
    return tuple(result)
