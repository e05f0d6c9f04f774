"""L-BFGS with an optional strong-Wolfe line search (one parameter group)."""

import math
import struct

import ember

from .optimizer import Optimizer, _check_range


def _dot(a, b):
    return ember.matmul(a.view(1, -1), b.view(-1, 1)).item()  # matmul: 2-D operands only


def _f32(value):
    """value rounded to float32: PyTorch keeps these scalars as float32 tensors."""
    return struct.unpack("f", struct.pack("f", value))[0]


def _cubic_minimum(x1, f1, g1, x2, f2, g2, bounds=None):
    """Minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), clipped to
    bounds (default: between the two points); their middle if it has none."""
    lo, hi = bounds if bounds is not None else (min(x1, x2), max(x1, x2))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    disc = d1 * d1 - g1 * g2
    if disc < 0:
        return (lo + hi) / 2.0
    d2 = math.sqrt(disc)
    if x1 <= x2:
        at = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        at = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(at, lo), hi)


def _strong_wolfe(evaluate, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """Step length t along d satisfying the strong Wolfe conditions: bracket, then zoom.
    Returns (loss, flat grad, t, evaluations)."""
    d_norm = d.abs().max().item()
    f_new, g_new = evaluate(t)
    evals, ls_iter = 1, 0
    gtd_new = _dot(g_new, d)
    t_prev, f_prev, g_prev, gtd_prev = 0.0, f, g, gtd
    done = False
    while ls_iter < max_ls:
        too_high = f_new > f + c1 * t * gtd or (ls_iter > 1 and f_new >= f_prev)
        if not too_high and abs(gtd_new) <= -c2 * gtd:  # t satisfies both conditions
            bracket, bracket_f, bracket_g, bracket_gtd, done = [t], [f_new], [g_new], [gtd_new], True
            break
        if too_high or gtd_new >= 0:  # a minimum lies between t_prev and t
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        # extrapolate with a cubic, at least a bit past t, at most 10 t
        t_next = _cubic_minimum(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, (t + 0.01 * (t - t_prev), t * 10))
        t_prev, f_prev, g_prev, gtd_prev = t, f_new, g_new, gtd_new
        t = t_next
        f_new, g_new = evaluate(t)
        evals += 1
        gtd_new = _dot(g_new, d)
        ls_iter += 1
    if ls_iter == max_ls:
        bracket, bracket_f, bracket_g, bracket_gtd = [0.0, t], [f, f_new], [g, g_new], [gtd, gtd_new]

    insufficient_progress = False
    low, high = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = _cubic_minimum(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1])
        # keep t away from the bracket's ends, unless progress is good
        top, bottom = max(bracket), min(bracket)
        eps = 0.1 * (top - bottom)
        if min(top - t, t - bottom) < eps:
            if insufficient_progress or t >= top or t <= bottom:
                t = top - eps if abs(t - top) < abs(t - bottom) else bottom + eps
                insufficient_progress = False
            else:
                insufficient_progress = True
        else:
            insufficient_progress = False
        f_new, g_new = evaluate(t)
        evals += 1
        gtd_new = _dot(g_new, d)
        ls_iter += 1
        if f_new > f + c1 * t * gtd or f_new >= bracket_f[low]:
            bracket[high], bracket_f[high], bracket_g[high], bracket_gtd[high] = t, f_new, g_new, gtd_new
            low, high = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high] - bracket[low]) >= 0:
                bracket[high], bracket_f[high] = bracket[low], bracket_f[low]
                bracket_g[high], bracket_gtd[high] = bracket_g[low], bracket_gtd[low]
            bracket[low], bracket_f[low], bracket_g[low], bracket_gtd[low] = t, f_new, g_new, gtd_new
    return bracket_f[low], bracket_g[low], bracket[low], evals


class LBFGS(Optimizer):
    """L-BFGS: a quasi-Newton method; ``step`` takes a closure that recomputes the loss.

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.LBFGS([w], lr=1.0)
    >>> def closure():
    ...     opt.zero_grad()
    ...     loss = ((w - 3) ** 2).sum()
    ...     loss.backward()
    ...     return loss
    >>> _ = opt.step(closure)
    >>> ember.allclose(w.detach(), ember.tensor([3.0, 3.0]))
    True
    """

    _scalar_state = ()
    _elementwise_state = False  # flat directions over all parameters

    def __init__(
        self,
        params,
        lr=1,
        max_iter=20,
        max_eval=None,
        tolerance_grad=1e-7,
        tolerance_change=1e-9,
        history_size=100,
        line_search_fn=None,
    ):
        _check_range(0.0 <= lr, f"Invalid learning rate: {lr}")
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(
            lr=lr,
            max_iter=max_iter,
            max_eval=max_eval,
            tolerance_grad=tolerance_grad,
            tolerance_change=tolerance_change,
            history_size=history_size,
            line_search_fn=line_search_fn,
        )
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    def _flat_grad(self):
        return ember.cat([(p.grad if p.grad is not None else ember.zeros_like(p)).reshape(-1) for p in self._params])

    def _add_direction(self, t, d):
        offset = 0
        for p in self._params:
            n = p.numel()
            p.add_(d[offset : offset + n].view(p.shape), alpha=t)
            offset += n

    def _evaluate(self, closure):
        with ember.enable_grad():
            loss = float(closure())
        return loss, self._flat_grad()

    def step(self, closure):
        if closure is None:
            raise RuntimeError("LBFGS requires a closure that reevaluates the model and returns the loss")
        return super().step(closure)

    def _step(self, closure):
        group = self.param_groups[0]
        lr, max_iter, max_eval = group["lr"], group["max_iter"], group["max_eval"]
        tol_grad, tol_change = group["tolerance_grad"], group["tolerance_change"]
        history_size, line_search = group["history_size"], group["line_search_fn"]
        if line_search is not None and line_search != "strong_wolfe":
            raise RuntimeError("only 'strong_wolfe' is supported")
        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)

        with ember.enable_grad():
            orig_loss = closure()
        loss = float(orig_loss)
        evals = 1
        state["func_evals"] += 1
        with ember.no_grad():
            flat_grad = self._flat_grad()
            if flat_grad.abs().max().item() <= tol_grad:
                return orig_loss
            d, t = state.get("d"), state.get("t")
            old_dirs, old_stps, ro = state.get("old_dirs"), state.get("old_stps"), state.get("ro")
            h_diag, prev_flat_grad, prev_loss = state.get("H_diag"), state.get("prev_flat_grad"), state.get("prev_loss")
            n_iter = 0
            while n_iter < max_iter:
                n_iter += 1
                state["n_iter"] += 1
                if state["n_iter"] == 1:
                    d, old_dirs, old_stps, ro, h_diag = flat_grad.neg(), [], [], [], 1.0
                else:
                    y = flat_grad.sub(prev_flat_grad)
                    s = d.mul(t)
                    ys = _dot(y, s)
                    if ys > 1e-10:  # a curvature pair worth keeping
                        if len(old_dirs) == history_size:
                            old_dirs.pop(0), old_stps.pop(0), ro.pop(0)
                        old_dirs.append(y)
                        old_stps.append(s)
                        ro.append(_f32(1.0 / ys))
                        h_diag = _f32(ys / _dot(y, y))
                    d = self._two_loop(flat_grad, old_dirs, old_stps, ro, h_diag)
                prev_flat_grad = flat_grad.clone()
                prev_loss = loss
                t = _f32(min(1.0, _f32(1.0 / flat_grad.abs().sum().item())) * lr) if state["n_iter"] == 1 else lr
                gtd = _dot(flat_grad, d)
                if gtd > -tol_change:  # not a descent direction
                    break
                if line_search is not None:
                    x0 = [p.clone() for p in self._params]

                    def evaluate(step, x0=x0, d=d):
                        self._add_direction(step, d)
                        result = self._evaluate(closure)
                        for p, x in zip(self._params, x0, strict=True):
                            p.copy_(x)
                        return result

                    loss, flat_grad, t, ls_evals = _strong_wolfe(
                        evaluate, t, d, loss, flat_grad, gtd, max_ls=max_eval - evals
                    )
                    self._add_direction(t, d)
                    opt_cond = flat_grad.abs().max().item() <= tol_grad
                else:
                    self._add_direction(t, d)
                    ls_evals = 0
                    if n_iter != max_iter:
                        loss, flat_grad = self._evaluate(closure)
                        opt_cond = flat_grad.abs().max().item() <= tol_grad
                        ls_evals = 1
                evals += ls_evals
                state["func_evals"] += ls_evals
                if n_iter == max_iter or evals >= max_eval or opt_cond:
                    break
                if d.mul(t).abs().max().item() <= tol_change or abs(loss - prev_loss) < tol_change:
                    break
            state.update(
                d=d,
                t=t,
                old_dirs=old_dirs,
                old_stps=old_stps,
                ro=ro,
                H_diag=h_diag,
                prev_flat_grad=prev_flat_grad,
                prev_loss=prev_loss,
            )
        return orig_loss

    @staticmethod
    def _two_loop(flat_grad, old_dirs, old_stps, ro, h_diag):
        """The L-BFGS direction: minus the inverse-Hessian estimate times the gradient."""
        al = [0.0] * len(old_dirs)
        q = flat_grad.neg()
        for i in range(len(old_dirs) - 1, -1, -1):
            al[i] = _f32(_dot(old_stps[i], q) * ro[i])
            q.add_(old_dirs[i], alpha=-al[i])
        r = q.mul(h_diag)
        for i in range(len(old_dirs)):
            be_i = _f32(_dot(old_dirs[i], r) * ro[i])
            r.add_(old_stps[i], alpha=_f32(al[i] - be_i))
        return r
