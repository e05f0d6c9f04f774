"""ember.autograd: tape-based reverse-mode automatic differentiation over ember's ops."""

from ember._packages import require_core_version

__version__ = "0.1.0"
require_core_version("ember-autograd", __version__)
