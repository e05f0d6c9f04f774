"""ember.nn: neural-network modules, layers, functional ops, initialisers and losses."""

from ember._packages import require_core_version

__version__ = "0.1.0"
require_core_version("ember-nn", __version__)

import ember.autograd  # noqa: E402, F401  (modules train: the recorder must be installed)
from ember.nn import functional, init, utils  # noqa: E402, F401
from ember.nn.modules import *  # noqa: E402, F403
from ember.nn.modules.module import Module  # noqa: E402, F401
from ember.nn.parameter import Buffer, Parameter, UninitializedParameter  # noqa: E402, F401
