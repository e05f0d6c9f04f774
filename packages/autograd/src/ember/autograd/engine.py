"""The backward pass: runs the graph's nodes in dependency order, from the roots to the leaves.

Each node runs once all the nodes that feed it gradients have run; gradients
for the same input are summed. Gradients are fitted to each input's shape and
dtype (broadcasting undone by summing, complex to real by taking the real
part) so formulas need not.
"""

from ember._grad_mode import set_grad_enabled
from ember.autograd import anomaly
from ember.autograd.graph import AccumulateGrad


def _sum_to(grad, shape):
    """grad reduced by summing to `shape`, which it was broadcast from."""
    if tuple(grad.shape) == tuple(shape):
        return grad
    lead = grad.dim() - len(shape)
    dims = list(range(lead))
    dims += [lead + i for i, s in enumerate(shape) if s == 1 and grad.shape[lead + i] != 1]
    if dims:
        grad = grad.sum(dims, keepdim=True)
    if lead:
        grad = grad.reshape(shape)
    if tuple(grad.shape) != tuple(shape):
        grad = grad.reshape(shape)
    return grad


def fit(grad, shape, dtype, node, index):
    """grad as the gradient of an input of `shape` and `dtype`."""
    if grad.dtype != dtype:
        if grad.dtype.is_complex and not dtype.is_complex:
            grad = grad.real
        grad = grad.to(dtype)
    if tuple(grad.shape) != tuple(shape):
        try:
            grad = _sum_to(grad, shape)
        except RuntimeError as e:
            raise RuntimeError(
                f"Function {node.name()} returned an invalid gradient at index {index} - got "
                f"{list(grad.shape)} but expected shape compatible with {list(shape)}"
            ) from e
    return grad


def _accumulate(buffer, i, grad):
    old = buffer[i]
    buffer[i] = grad if old is None else old + grad


def _graph(roots):
    """Dependency counts of every node reachable from the root nodes."""
    deps = {}
    stack = list(dict.fromkeys(node for node in roots if node is not None))  # two outputs of one node: once
    seen = set(stack)
    order = []
    while stack:
        node = stack.pop()
        order.append(node)
        for edge in node.next_functions:
            if edge is None:
                continue
            child = edge[0]
            deps[child] = deps.get(child, 0) + 1
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return deps, seen


def _needed(nodes, targets):
    """The nodes from which some target node is reachable."""
    needed = set()
    changed = True
    while changed:
        changed = False
        for node in nodes:
            if node in needed:
                continue
            if any(e is not None and (e[0] in needed or e[0] in targets) for e in node.next_functions):
                needed.add(node)
                changed = True
    return needed


def execute(roots, grads, *, keep_graph, create_graph, capture=None, accumulate=True, accumulate_into=None):
    """Runs backward from roots [(node, output_nr)] seeded with grads.

    capture: [(node, output_nr)] whose incoming gradients are returned (grad());
    accumulate: add into leaves' .grad (backward()); accumulate_into: only these
    AccumulateGrad nodes (backward(inputs=...)).
    """
    root_nodes = [r[0] for r in roots]
    deps, nodes = _graph(root_nodes)
    targets = None
    if capture is not None:
        targets = {c[0] for c in capture}
    elif accumulate_into is not None:
        targets = set(accumulate_into)
    needed = _needed(nodes, targets) if targets is not None else None
    captured = {c: None for c in capture} if capture is not None else None

    buffers = {}
    for (node, nr), g in zip(roots, grads, strict=True):
        buf = buffers.get(node)
        if buf is None:
            buf = buffers[node] = [None] * _num_outputs(node)
        _accumulate(buf, nr, g)
    ready = [n for n in dict.fromkeys(root_nodes) if deps.get(n, 0) == 0]

    check_nan = anomaly.enabled()
    with set_grad_enabled(create_graph):
        while ready:
            node = ready.pop()
            buf = buffers.pop(node, None)
            if buf is None:
                buf = [None] * _num_outputs(node)
            outs = _run(node, buf, needed, captured, keep_graph, create_graph, accumulate, accumulate_into, check_nan)
            metas = node.input_meta
            for i, edge in enumerate(node.next_functions):
                if edge is None:
                    continue
                child, nr = edge
                g = outs[i] if outs is not None and i < len(outs) else None
                if g is not None:
                    if metas is not None:
                        meta = metas[i]
                        if meta is not None and (g.dtype != meta[1] or g.shape != meta[0]):
                            g = fit(g, meta[0], meta[1], node, i)
                    cbuf = buffers.get(child)
                    if cbuf is None:
                        cbuf = buffers[child] = [None] * _num_outputs(child)
                    old = cbuf[nr]
                    cbuf[nr] = g if old is None else old + g
                left = deps[child] - 1
                deps[child] = left
                if left == 0:
                    ready.append(child)
    if captured is not None:
        return [captured[c] for c in capture]
    return None


def _num_outputs(node):
    outputs = getattr(node, "outputs", None)
    return 1 if outputs is None else len(outputs)


def _run(node, buf, needed, captured, keep_graph, create_graph, accumulate, accumulate_into, check_nan):
    """Runs one node on its gradient buffer; returns the gradients for its edges (or None)."""
    if node._tensor_hooks:
        for nr, hooks in node._tensor_hooks.items():
            if buf[nr] is not None:
                for hook in list(hooks.values()):
                    new = hook(buf[nr])
                    if new is not None:
                        buf[nr] = new
    if node._retained:
        for nr, ref in node._retained.items():
            t = ref()
            if t is not None and buf[nr] is not None:
                m = t._autograd_meta()
                m.grad = buf[nr].detach() if not create_graph else buf[nr]
    if node._pre_hooks:
        for hook in list(node._pre_hooks.values()):
            new = hook(tuple(buf))
            if new is not None:
                buf = list(new)
    if captured is not None:
        for nr in range(len(buf)):
            if (node, nr) in captured and buf[nr] is not None:
                captured[(node, nr)] = buf[nr]
    if isinstance(node, AccumulateGrad):
        if accumulate and buf[0] is not None and (accumulate_into is None or node in accumulate_into):
            node.accumulate(buf[0], create_graph)
        return None
    if needed is not None and node not in needed:
        return None
    if buf[0] is None and all(g is None for g in buf):
        return None
    outs = node.apply(buf)
    if check_nan:
        anomaly.check(node, outs)
    if node._post_hooks:
        for hook in list(node._post_hooks.values()):
            new = hook(tuple(outs), tuple(buf))
            if new is not None:
                outs = list(new)
    if not keep_graph:
        node._release()
    return outs
