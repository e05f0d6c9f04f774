"""Stochastic weight averaging (PyTorch's torch.optim.swa_utils).

AveragedModel keeps a copy of a model whose parameters are a running average
(equal weights by default, or an exponential moving average) of the model's
as it trains; SWALR anneals each group's lr to a constant swa_lr; update_bn
recomputes BatchNorm statistics for the averaged weights with one pass over
the data.
"""

import copy
import math

import ember
from ember.nn import Module
from ember.nn.modules.normalization import _BatchNorm

from .lr_scheduler import LRScheduler, _check_optimizer

__all__ = [
    "SWALR",
    "AveragedModel",
    "get_ema_avg_fn",
    "get_ema_multi_avg_fn",
    "get_swa_avg_fn",
    "get_swa_multi_avg_fn",
    "update_bn",
]


def _check_decay(decay):
    if not 0.0 <= decay <= 1.0:
        raise ValueError(f"Invalid decay value {decay} provided. Please provide a value in [0,1] range.")


def _lerp_or_blend(averaged, current, weight):
    """averaged += weight * (current - averaged) in place; integer tensors
    (BatchNorm's num_batches_tracked) through floats, truncated back."""
    if averaged.is_floating_point():
        averaged.lerp_(current, weight)
    else:
        averaged.copy_(averaged * (1 - weight) + current * weight)


def get_ema_multi_avg_fn(decay=0.999):
    """fn(averaged_list, current_list, n_averaged): exponential moving average, in place."""
    _check_decay(decay)

    def ema_update(ema_params, current_params, _n_averaged):
        with ember.no_grad():
            for ema, current in zip(ema_params, current_params, strict=True):
                _lerp_or_blend(ema, current, 1 - decay)

    return ema_update


def get_swa_multi_avg_fn():
    """fn(averaged_list, current_list, n_averaged): equal-weight running mean, in place."""

    def swa_update(averaged_params, current_params, n_averaged):
        n = float(n_averaged)
        with ember.no_grad():
            for averaged, current in zip(averaged_params, current_params, strict=True):
                if averaged.is_floating_point():
                    averaged.lerp_(current, 1 / (n + 1))
                else:
                    averaged.copy_(averaged + (current - averaged) / (n + 1))

    return swa_update


def get_ema_avg_fn(decay=0.999):
    """fn(averaged, current, n_averaged) -> the new exponential moving average."""
    _check_decay(decay)

    def ema_update(ema_param, current_param, _n_averaged):
        with ember.no_grad():
            return decay * ema_param + (1 - decay) * current_param

    return ema_update


def get_swa_avg_fn():
    """fn(averaged, current, n_averaged) -> the new equal-weight running mean."""

    def swa_update(averaged_param, current_param, n_averaged):
        with ember.no_grad():
            return averaged_param + (current_param - averaged_param) / (n_averaged + 1)

    return swa_update


class AveragedModel(Module):
    """A copy of `model` whose parameters (and buffers, with use_buffers=True)
    average the model's over the calls to update_parameters.

    `avg_fn(averaged, current, n_averaged)` returns one new tensor;
    `multi_avg_fn(averaged_list, current_list, n_averaged)` updates lists in
    place; neither given: the equal-weight mean. Without use_buffers the
    buffers are copied from the model, not averaged. state_dict keys: the
    model's under `module.`, plus `n_averaged` (updates so far)."""

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False):
        super().__init__()
        if not isinstance(model, Module):
            raise TypeError(f"AveragedModel: model must be an ember.nn.Module, got {type(model).__name__}")
        self.module = copy.deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", ember.tensor(0, dtype=ember.int64, device=device))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)

    def _averaged_tensors(self, model):
        if self.use_buffers:
            return list(model.parameters()) + list(model.buffers())
        return list(model.parameters())

    def update_parameters(self, model):
        averaged = [t.detach() for t in self._averaged_tensors(self.module)]
        current = self._averaged_tensors(model)
        if len(averaged) != len(current):
            kind = "parameters and buffers" if self.use_buffers else "parameters"
            raise ValueError(
                f"AveragedModel.update_parameters: the model has {len(current)} {kind}, "
                f"the averaged copy {len(averaged)}: it was made from another model"
            )
        current = [t.detach().to(a.device) for t, a in zip(current, averaged, strict=True)]
        with ember.no_grad():
            if self.n_averaged.item() == 0:
                for a, c in zip(averaged, current, strict=True):
                    a.copy_(c)
            elif self.avg_fn is not None and self.multi_avg_fn is None:
                for a, c in zip(averaged, current, strict=True):
                    a.copy_(self.avg_fn(a, c, self.n_averaged.to(a.device)))
            else:
                multi_avg_fn = self.multi_avg_fn or get_swa_multi_avg_fn()
                for indices in _by_device_and_dtype(averaged).values():
                    n_averaged = self.n_averaged.to(averaged[indices[0]].device)
                    multi_avg_fn([averaged[i] for i in indices], [current[i] for i in indices], n_averaged)
            if not self.use_buffers:  # buffers follow the model
                for b_avg, b_model in zip(self.module.buffers(), model.buffers(), strict=False):
                    b_avg.detach().copy_(b_model.detach().to(b_avg.device))
            self.n_averaged.add_(1)


def _by_device_and_dtype(tensors):
    """{(device, dtype): [indices]}: the lists a multi-tensor fn takes together."""
    groups = {}
    for i, t in enumerate(tensors):
        groups.setdefault((str(t.device), t.dtype), []).append(i)
    return groups


def update_bn(loader, model, device=None):
    """Recompute the running statistics of every BatchNorm in `model` with one
    pass over `loader` (batches, or tuples/lists whose first item is the
    input): statistics reset, momentum None (a cumulative average over the
    pass), then momenta and train/eval mode put back."""
    momenta = {}
    for module in model.modules():
        if isinstance(module, _BatchNorm):
            module.reset_running_stats()
            momenta[module] = module.momentum
    if not momenta:
        return
    was_training = model.training
    model.train()
    try:
        for module in momenta:
            module.momentum = None
        with ember.no_grad():
            for batch in loader:
                if isinstance(batch, (list, tuple)):
                    batch = batch[0]
                if device is not None:
                    batch = batch.to(device)
                model(batch)
    finally:
        for module, momentum in momenta.items():
            module.momentum = momentum
        model.train(was_training)


class SWALR(LRScheduler):
    """Anneals each group's lr from its value at construction to `swa_lr`
    (one value, or one per group) over `anneal_epochs` steps along a cosine
    or a straight line, then holds it there."""

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos", last_epoch=-1):
        _check_optimizer(optimizer)
        groups = optimizer.param_groups
        if isinstance(swa_lr, (list, tuple)):
            if len(swa_lr) != len(groups):
                raise ValueError(
                    f"swa_lr must have the same length as optimizer.param_groups. "
                    f"swa_lr has {len(swa_lr)} values, param_groups has {len(groups)}."
                )
            swa_lrs = list(swa_lr)
        else:
            swa_lrs = [swa_lr] * len(groups)
        for lr, group in zip(swa_lrs, groups, strict=True):
            group["swa_lr"] = lr
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}")
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self.anneal_strategy = anneal_strategy
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    def _anneal(self, t):
        """Fraction of the way from the start lr to swa_lr at time t in [0, 1]."""
        return t if self.anneal_strategy == "linear" else (1 - math.cos(math.pi * t)) / 2

    def get_lr(self):
        # Chainable: recover the lr this anneal started from out of the group's
        # current lr (set by the previous step), then move to this step's point.
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        span = max(1, self.anneal_epochs)
        prev_alpha = self._anneal(max(0.0, min(1.0, (step - 1) / span)))
        alpha = self._anneal(max(0.0, min(1.0, step / span)))
        lrs = []
        for group in self.optimizer.param_groups:
            swa_lr = group["swa_lr"]
            if prev_alpha == 1:
                start = swa_lr
            else:
                start = (group["lr"] - prev_alpha * swa_lr) / (1 - prev_alpha)
            lrs.append(swa_lr * alpha + start * (1 - alpha))
        return lrs
