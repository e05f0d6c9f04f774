"""Loss modules: hold the options and a `weight` buffer, call nn.functional."""

from ember.nn import functional as F
from ember.nn.modules.module import Module


class _Loss(Module):
    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__()
        if size_average is not None or reduce is not None:
            size_average = True if size_average is None else size_average
            reduce = True if reduce is None else reduce
            reduction = ("mean" if size_average else "sum") if reduce else "none"
        self.reduction = reduction


class _WeightedLoss(_Loss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


# The generated loss classes' examples (after `import ember.nn as nn`), checked by tests/docs.
_EXAMPLES = {
    "L1Loss": """\
    >>> nn.L1Loss()(ember.tensor([1.0, 2.0]), ember.tensor([2.0, 4.0]))
    tensor(1.5000)
""",
    "MSELoss": """\
    >>> nn.MSELoss()(ember.tensor([1.0, 2.0]), ember.tensor([2.0, 4.0]))
    tensor(2.5000)
""",
    "SoftMarginLoss": """\
    >>> nn.SoftMarginLoss()(ember.tensor([2.0, -1.0]), ember.tensor([1.0, -1.0]))
    tensor(0.2201)
""",
    "HuberLoss": """\
    >>> nn.HuberLoss(delta=1.0)(ember.tensor([0.0, 0.0]), ember.tensor([0.5, 3.0]))
    tensor(1.3125)
""",
    "SmoothL1Loss": """\
    >>> nn.SmoothL1Loss(beta=1.0)(ember.tensor([0.0, 0.0]), ember.tensor([0.5, 3.0]))
    tensor(1.3125)
""",
    "KLDivLoss": """\
    >>> p = ember.tensor([[0.5, 0.5]])
    >>> nn.KLDivLoss(reduction="batchmean")(ember.tensor([[0.25, 0.75]]).log(), p)
    tensor(0.1438)
""",
    "HingeEmbeddingLoss": """\
    >>> nn.HingeEmbeddingLoss(margin=1.0)(ember.tensor([0.3, 0.2]), ember.tensor([1.0, -1.0]))
    tensor(0.5500)
""",
    "CosineEmbeddingLoss": """\
    >>> x1, x2 = ember.tensor([[1.0, 0.0], [1.0, 0.0]]), ember.tensor([[1.0, 1.0], [0.0, 1.0]])
    >>> nn.CosineEmbeddingLoss()(x1, x2, ember.tensor([1.0, -1.0]))
    tensor(0.1464)
""",
    "MarginRankingLoss": """\
    >>> nn.MarginRankingLoss(margin=0.5)(ember.tensor([1.0, 2.0]), ember.tensor([2.0, 0.0]), ember.tensor([1.0, 1.0]))
    tensor(0.7500)
""",
    "TripletMarginLoss": """\
    >>> a, p, n = ember.tensor([[0.0, 0.0]]), ember.tensor([[1.0, 0.0]]), ember.tensor([[1.5, 0.0]])
    >>> nn.TripletMarginLoss(margin=1.0)(a, p, n)
    tensor(0.5000)
""",
    "PoissonNLLLoss": """\
    >>> nn.PoissonNLLLoss()(ember.tensor([0.0, 1.0]), ember.tensor([1.0, 2.0]))
    tensor(0.8591)
""",
    "GaussianNLLLoss": """\
    >>> nn.GaussianNLLLoss()(ember.tensor([0.0, 1.0]), ember.tensor([1.0, 1.0]), ember.ones(2))
    tensor(0.2500)
""",
}


def _simple(name, fn, *option_names, defaults=()):
    """A _Loss subclass whose forward passes its options to fn by keyword."""

    def __init__(self, *args, size_average=None, reduce=None, reduction="mean", **kwargs):
        _Loss.__init__(self, size_average, reduce, reduction)
        values = dict(zip(option_names, defaults, strict=False))
        values.update(zip(option_names, args, strict=False))
        values.update(kwargs)
        for k, v in values.items():
            setattr(self, k, v)

    def forward(self, *inputs):
        opts = {k: getattr(self, k) for k in option_names}
        return fn(*inputs, reduction=self.reduction, **opts)

    doc = f"""The loss :func:`ember.nn.functional.{fn.__name__}` as a module (options fixed at construction).

    Example:

    >>> import ember.nn as nn
{_EXAMPLES[name]}    """
    return type(name, (_Loss,), {"__init__": __init__, "forward": forward, "__module__": __name__, "__doc__": doc})


L1Loss = _simple("L1Loss", F.l1_loss)
MSELoss = _simple("MSELoss", F.mse_loss)
SoftMarginLoss = _simple("SoftMarginLoss", F.soft_margin_loss)
HuberLoss = _simple("HuberLoss", F.huber_loss, "delta", defaults=(1.0,))
SmoothL1Loss = _simple("SmoothL1Loss", F.smooth_l1_loss, "beta", defaults=(1.0,))
KLDivLoss = _simple("KLDivLoss", F.kl_div, "log_target", defaults=(False,))
HingeEmbeddingLoss = _simple("HingeEmbeddingLoss", F.hinge_embedding_loss, "margin", defaults=(1.0,))
CosineEmbeddingLoss = _simple("CosineEmbeddingLoss", F.cosine_embedding_loss, "margin", defaults=(0.0,))
MarginRankingLoss = _simple("MarginRankingLoss", F.margin_ranking_loss, "margin", defaults=(0.0,))
TripletMarginLoss = _simple(
    "TripletMarginLoss", F.triplet_margin_loss, "margin", "p", "eps", "swap", defaults=(1.0, 2.0, 1e-6, False)
)
PoissonNLLLoss = _simple("PoissonNLLLoss", F.poisson_nll_loss, "log_input", "full", "eps", defaults=(True, False, 1e-8))
GaussianNLLLoss = _simple("GaussianNLLLoss", F.gaussian_nll_loss, "full", "eps", defaults=(False, 1e-6))


class NLLLoss(_WeightedLoss):
    """The negative log-likelihood of the target classes, given log-probabilities (use after ``LogSoftmax``).

    Example:

    >>> import ember.nn as nn
    >>> nn.NLLLoss()(ember.log(ember.tensor([[0.5, 0.5], [0.9, 0.1]])), ember.tensor([0, 0]))
    tensor(0.3993)
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return F.nll_loss(input, target, self.weight, ignore_index=self.ignore_index, reduction=self.reduction)


class CrossEntropyLoss(_WeightedLoss):
    """Cross-entropy between logits and class indices (or class probabilities), optionally weighted and smoothed.

    Example:

    >>> import ember.nn as nn
    >>> loss = nn.CrossEntropyLoss()
    >>> loss(ember.tensor([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]]), ember.tensor([0, 2]))
    tensor(0.6691)
    """

    def __init__(
        self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean", label_smoothing=0.0
    ):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index, self.label_smoothing = ignore_index, label_smoothing

    def forward(self, input, target):
        return F.cross_entropy(
            input,
            target,
            self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
            label_smoothing=self.label_smoothing,
        )


class BCELoss(_WeightedLoss):
    """Binary cross-entropy between probabilities and targets in ``[0, 1]``.

    Example:

    >>> import ember.nn as nn
    >>> nn.BCELoss()(ember.tensor([0.5, 0.5]), ember.tensor([1.0, 0.0]))
    tensor(0.6931)
    """

    def forward(self, input, target):
        return F.binary_cross_entropy(input, target, self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits: a sigmoid and ``BCELoss`` in one, without overflow.

    Example:

    >>> import ember.nn as nn
    >>> nn.BCEWithLogitsLoss()(ember.tensor([0.0, 0.0]), ember.tensor([1.0, 0.0]))
    tensor(0.6931)
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(
            input, target, self.weight, reduction=self.reduction, pos_weight=self.pos_weight
        )


class MultiLabelSoftMarginLoss(_WeightedLoss):
    """Multi-label one-versus-all loss: binary cross-entropy on logits averaged over the classes.

    Example:

    >>> import ember.nn as nn
    >>> nn.MultiLabelSoftMarginLoss()(ember.tensor([[2.0, -1.0]]), ember.tensor([[1.0, 0.0]]))
    tensor(0.2201)
    """

    def forward(self, input, target):
        return F.multilabel_soft_margin_loss(input, target, self.weight, reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    """Multi-class hinge loss: penalises each class score within ``margin`` of the target's.

    Example:

    >>> import ember.nn as nn
    >>> nn.MultiMarginLoss()(ember.tensor([[0.1, 0.8, 0.4]]), ember.tensor([1]))
    tensor(0.3000)
    """

    def __init__(self, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        if p not in (1, 2):
            raise ValueError("only p == 1 and p == 2 supported")
        self.p, self.margin = p, margin

    def forward(self, input, target):
        return F.multi_margin_loss(input, target, self.p, self.margin, self.weight, reduction=self.reduction)


class CTCLoss(_Loss):
    """Connectionist temporal classification loss between log-probability sequences and unaligned target sequences.

    Example:

    >>> import ember.nn as nn
    >>> log_probs = ember.full((4, 1, 3), 1 / 3).log()
    >>> nn.CTCLoss()(log_probs, ember.tensor([[1, 2]]), ember.tensor([4]), ember.tensor([2]))
    tensor(0.8432)
    """

    def __init__(self, blank=0, reduction="mean", zero_infinity=False):
        super().__init__(reduction=reduction)
        self.blank, self.zero_infinity = blank, zero_infinity

    def forward(self, log_probs, targets, input_lengths, target_lengths):
        return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank, self.reduction,
                          self.zero_infinity)  # fmt: skip
