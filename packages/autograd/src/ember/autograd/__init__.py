"""ember.autograd: tape-based reverse-mode automatic differentiation (PyTorch's torch.autograd).

Importing it installs the recorder that the core calls for ops on tensors that
require grad (DESIGN.md section 3); the derivative formulas are in
ember.autograd.derivatives, one per differentiable op of the core.
"""

from ember._packages import require_core_version

__version__ = "0.1.0"
require_core_version("ember-autograd", __version__)

from ember import _C  # noqa: E402
from ember._grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled  # noqa: E402
from ember.autograd import (  # noqa: E402
    derivatives,  # noqa: E402, F401  (fills the formula table)
    functional,
    graph,
)
from ember.autograd import recorder as _recorder  # noqa: E402
from ember.autograd import views as _views  # noqa: E402
from ember.autograd.anomaly import (  # noqa: E402
    detect_anomaly,
    is_anomaly_check_nan_enabled,
    is_anomaly_enabled,
    set_detect_anomaly,
)
from ember.autograd.api import backward, grad  # noqa: E402
from ember.autograd.function import Function, FunctionCtx, once_differentiable  # noqa: E402
from ember.autograd.gradcheck import gradcheck, gradgradcheck  # noqa: E402
from ember.autograd.recorder import record as _record  # noqa: E402

is_grad_enabled = _C.is_grad_enabled
is_inference_mode_enabled = _C.is_inference_mode_enabled

_C._set_recorder(_record)
_recorder.install_native()
_views.wrap_setitem()

__all__ = [
    "Function",
    "FunctionCtx",
    "backward",
    "detect_anomaly",
    "enable_grad",
    "functional",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "graph",
    "inference_mode",
    "is_anomaly_check_nan_enabled",
    "is_anomaly_enabled",
    "is_grad_enabled",
    "is_inference_mode_enabled",
    "no_grad",
    "once_differentiable",
    "set_detect_anomaly",
    "set_grad_enabled",
]
