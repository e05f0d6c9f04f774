"""ember.nn.functional: PyTorch's torch.nn.functional names over ember ops."""

from ember.nn.functional.activation import *  # noqa: F403
from ember.nn.functional.activation import __all__ as _act
from ember.nn.functional.attention import multi_head_attention_forward, scaled_dot_product_attention
from ember.nn.functional.conv import *  # noqa: F403
from ember.nn.functional.conv import __all__ as _conv
from ember.nn.functional.ctc import ctc_loss
from ember.nn.functional.linear import *  # noqa: F403
from ember.nn.functional.linear import __all__ as _lin
from ember.nn.functional.loss import *  # noqa: F403
from ember.nn.functional.loss import __all__ as _loss
from ember.nn.functional.normalization import (
    batch_norm,
    group_norm,
    instance_norm,
    layer_norm,
    rms_norm,
)
from ember.nn.functional.pooling import *  # noqa: F403
from ember.nn.functional.pooling import __all__ as _pool
from ember.nn.functional.sparse import embedding_bag
from ember.nn.functional.upsample import *  # noqa: F403
from ember.nn.functional.upsample import __all__ as _up

__all__ = [
    *_act,
    *_conv,
    *_lin,
    *_loss,
    *_pool,
    *_up,
    "batch_norm",
    "ctc_loss",
    "embedding_bag",
    "group_norm",
    "instance_norm",
    "layer_norm",
    "multi_head_attention_forward",
    "rms_norm",
    "scaled_dot_product_attention",
]
