"""torch calls for the nn registry ops (issue 5), for test_parity_registry's
differentiability check: fn(x, y, z) on float64 (3, 4) tensors that require
grad. ember's 1-D backward ops have no aten twin: their 2-D form stands in."""

from oracle import torch

nn = torch._C._nn
aten = torch.ops.aten
F = torch.nn.functional


def _idx(x):
    return torch.tensor([0, 2])


def _bn_stats(x):
    _, mean, invstd = torch.native_batch_norm(x.detach(), None, None, None, None, True, 0.1, 1e-5)
    return mean, invstd


def _max_back(x, z):
    out, idx = nn.max_pool2d_with_indices(x[None].detach(), 2)
    return aten.max_pool2d_with_indices_backward(z[None, :1, :2], x[None], [2, 2], [2, 2], [0, 0], [1, 1], False, idx)


def _amax_back(x, z):
    _, idx = nn.adaptive_max_pool2d(x[None].detach(), 2)
    return aten.adaptive_max_pool2d_backward(z[None, :2, :2], x[None], idx)


NN_CALLS = {
    "conv1d": lambda x, y, z: torch.conv1d(x[None], y[None, :3, :2].transpose(0, 1)[:1].expand(1, 3, 2) * 1),
    "conv2d": lambda x, y, z: torch.conv2d(x[None, None], y[None, None, :2, :2]),
    "conv3d": lambda x, y, z: torch.conv3d(x[None, None, None], y[None, None, None, :2, :2]),
    "conv_transpose1d": lambda x, y, z: torch.conv_transpose1d(x[None], y[:, None, :2]),
    "conv_transpose2d": lambda x, y, z: torch.conv_transpose2d(x[None, None], y[None, None, :2, :2]),
    "conv_transpose3d": lambda x, y, z: torch.conv_transpose3d(x[None, None, None], y[None, None, None, :2, :2]),
    "convolution": lambda x, y, z: torch.convolution(
        x[None, None], y[None, None, :2, :2], None, [1, 1], [0, 0], [1, 1], False, [0, 0], 1
    ),
    "convolution_backward": lambda x, y, z: aten.convolution_backward(
        z[None, None, :2, :3],
        x[None, None],
        y[None, None, :2, :2],
        None,
        [1, 1],
        [0, 0],
        [1, 1],
        False,
        [0, 0],
        1,
        [True, True, True],
    )[1],
    "im2col": lambda x, y, z: nn.im2col(x[None, None], [2, 2], [1, 1], [0, 0], [1, 1]),
    "col2im": lambda x, y, z: nn.col2im(x.reshape(1, 4, 3), [2, 4], [2, 2], [1, 1], [0, 0], [1, 1]),
    "max_pool1d": lambda x, y, z: torch.max_pool1d(x[None], 2),
    "max_pool2d": lambda x, y, z: torch.max_pool2d(x[None], 2),
    "max_pool3d": lambda x, y, z: torch.max_pool3d(x[None, None], (1, 2, 2)),
    "max_pool1d_with_indices": lambda x, y, z: torch.max_pool1d_with_indices(x[None], 2)[0],
    "max_pool2d_with_indices": lambda x, y, z: nn.max_pool2d_with_indices(x[None], 2)[0],
    "max_pool3d_with_indices": lambda x, y, z: nn.max_pool3d_with_indices(x[None, None], (1, 2, 2))[0],
    "max_pool1d_with_indices_backward": lambda x, y, z: _max_back(x, z),
    "max_pool2d_with_indices_backward": lambda x, y, z: _max_back(x, z),
    "max_pool3d_with_indices_backward": lambda x, y, z: aten.max_pool3d_with_indices_backward(
        z[None, None, :1, :2],
        x[None, None],
        [1, 2, 2],
        [1, 2, 2],
        [0, 0, 0],
        [1, 1, 1],
        False,
        nn.max_pool3d_with_indices(x[None, None].detach(), (1, 2, 2))[1],
    ),
    "avg_pool1d": lambda x, y, z: torch.avg_pool1d(x[None], 2),
    "avg_pool2d": lambda x, y, z: nn.avg_pool2d(x[None], 2),
    "avg_pool3d": lambda x, y, z: nn.avg_pool3d(x[None, None], (1, 2, 2)),
    "avg_pool1d_backward": lambda x, y, z: aten.avg_pool2d_backward(
        z[None, :1, :2], x[None], [2, 2], [2, 2], [0, 0], False, True, None
    ),
    "avg_pool2d_backward": lambda x, y, z: aten.avg_pool2d_backward(
        z[None, :1, :2], x[None], [2, 2], [2, 2], [0, 0], False, True, None
    ),
    "avg_pool3d_backward": lambda x, y, z: aten.avg_pool3d_backward(
        z[None, None, :1, :2], x[None, None], [1, 2, 2], [1, 2, 2], [0, 0, 0], False, True, None
    ),
    "adaptive_avg_pool1d": lambda x, y, z: torch.adaptive_avg_pool1d(x[None], 2),
    "adaptive_avg_pool2d": lambda x, y, z: nn.adaptive_avg_pool2d(x[None], 2),
    "adaptive_avg_pool3d": lambda x, y, z: nn.adaptive_avg_pool3d(x[None, None], (1, 2, 2)),
    "adaptive_avg_pool1d_backward": lambda x, y, z: aten._adaptive_avg_pool2d_backward(z[None, :2, :2], x[None]),
    "adaptive_avg_pool2d_backward": lambda x, y, z: aten._adaptive_avg_pool2d_backward(z[None, :2, :2], x[None]),
    "adaptive_avg_pool3d_backward": lambda x, y, z: aten._adaptive_avg_pool3d_backward(
        z[None, None, :2, :2], x[None, None]
    ),
    "adaptive_max_pool1d": lambda x, y, z: torch.adaptive_max_pool1d(x[None], 2)[0],
    "adaptive_max_pool2d": lambda x, y, z: nn.adaptive_max_pool2d(x[None], 2)[0],
    "adaptive_max_pool3d": lambda x, y, z: nn.adaptive_max_pool3d(x[None, None], (1, 2, 2))[0],
    "adaptive_max_pool1d_backward": lambda x, y, z: _amax_back(x, z),
    "adaptive_max_pool2d_backward": lambda x, y, z: _amax_back(x, z),
    "adaptive_max_pool3d_backward": lambda x, y, z: aten.adaptive_max_pool3d_backward(
        z[None, None, :2, :2], x[None, None], nn.adaptive_max_pool3d(x[None, None].detach(), (1, 2, 2))[1]
    ),
    "lp_pool1d": lambda x, y, z: F.lp_pool1d(x[None], 2.0, 2),
    "lp_pool2d": lambda x, y, z: F.lp_pool2d(x[None], 2.0, 2),
    "lp_pool3d": lambda x, y, z: F.lp_pool3d(x[None, None], 2.0, (1, 2, 2)),
    "native_batch_norm": lambda x, y, z: torch.native_batch_norm(x, y[0], z[0], None, None, True, 0.1, 1e-5)[0],
    "batch_norm": lambda x, y, z: torch.batch_norm(x, y[0], z[0], None, None, True, 0.1, 1e-5, False),
    "native_batch_norm_backward": lambda x, y, z: aten.native_batch_norm_backward(
        z, x, y[0], None, None, *_bn_stats(x), True, 1e-5, [True, True, True]
    )[0],
    "instance_norm": lambda x, y, z: torch.instance_norm(
        x[None], y[0, :3], z[0, :3], None, None, True, 0.1, 1e-5, False
    ),
    "native_layer_norm": lambda x, y, z: torch.native_layer_norm(x, [4], y[0], z[0], 1e-5)[0],
    "layer_norm": lambda x, y, z: torch.layer_norm(x, [4], y[0], z[0]),
    "native_layer_norm_backward": lambda x, y, z: aten.native_layer_norm_backward(
        z, x, [4], *torch.native_layer_norm(x.detach(), [4], None, None, 1e-5)[1:], y[0], None, [True, True, False]
    )[0],
    "native_group_norm": lambda x, y, z: torch.native_group_norm(x, y[0], z[0], 3, 4, 1, 2, 1e-5)[0],
    "group_norm": lambda x, y, z: torch.group_norm(x, 2, y[0], z[0]),
    "native_group_norm_backward": lambda x, y, z: aten.native_group_norm_backward(
        z,
        x,
        *torch.native_group_norm(x.detach(), None, None, 3, 4, 1, 2, 1e-5)[1:],
        y[0],
        3,
        4,
        1,
        2,
        [True, True, True],
    )[0],
    "embedding": lambda x, y, z: torch.embedding(x, _idx(x)),
    "embedding_dense_backward": lambda x, y, z: aten.embedding_dense_backward(y[:2], _idx(x), 5, -1, False),
    "pixel_shuffle": lambda x, y, z: torch.pixel_shuffle(x.reshape(1, 4, 3, 1), 2),
    "pixel_unshuffle": lambda x, y, z: torch.pixel_unshuffle(x.reshape(1, 2, 6), 2),
    "upsample_nearest1d": lambda x, y, z: nn.upsample_nearest1d(x[None], [8]),
    "upsample_nearest2d": lambda x, y, z: nn.upsample_nearest2d(x[None, None], [6, 8]),
    "upsample_nearest3d": lambda x, y, z: nn.upsample_nearest3d(x[None, None, None], [2, 6, 8]),
    "upsample_nearest_exact1d": lambda x, y, z: nn._upsample_nearest_exact1d(x[None], [8]),
    "upsample_nearest_exact2d": lambda x, y, z: nn._upsample_nearest_exact2d(x[None, None], [6, 8]),
    "upsample_nearest_exact3d": lambda x, y, z: nn._upsample_nearest_exact3d(x[None, None, None], [2, 6, 8]),
    "upsample_nearest_exact1d_backward": lambda x, y, z: aten._upsample_nearest_exact1d_backward(
        x[None, :, :2], [2], [1, 3, 1]
    ),
    "upsample_nearest_exact2d_backward": lambda x, y, z: aten._upsample_nearest_exact2d_backward(
        x[None, None], [3, 4], [1, 1, 1, 2]
    ),
    "upsample_nearest_exact3d_backward": lambda x, y, z: aten._upsample_nearest_exact3d_backward(
        x[None, None, None], [1, 3, 4], [1, 1, 1, 1, 2]
    ),
    "upsample_linear1d": lambda x, y, z: nn.upsample_linear1d(x[None], [8], False),
    "upsample_bilinear2d": lambda x, y, z: nn.upsample_bilinear2d(x[None, None], [6, 8], False),
    "upsample_trilinear3d": lambda x, y, z: nn.upsample_trilinear3d(x[None, None, None], [2, 6, 8], False),
    "upsample_bicubic2d": lambda x, y, z: nn.upsample_bicubic2d(x[None, None], [6, 8], False),
    "upsample_nearest1d_backward": lambda x, y, z: aten.upsample_nearest1d_backward(x[None, :, :2], [2], [1, 3, 1]),
    "upsample_nearest2d_backward": lambda x, y, z: aten.upsample_nearest2d_backward(
        x[None, None], [3, 4], [1, 1, 1, 2]
    ),
    "upsample_nearest3d_backward": lambda x, y, z: aten.upsample_nearest3d_backward(
        x[None, None, None], [1, 3, 4], [1, 1, 1, 1, 2]
    ),
    "upsample_linear1d_backward": lambda x, y, z: aten.upsample_linear1d_backward(x[None], [4], [1, 3, 2], False),
    "upsample_bilinear2d_backward": lambda x, y, z: aten.upsample_bilinear2d_backward(
        x[None, None], [3, 4], [1, 1, 1, 2], False
    ),
    "upsample_trilinear3d_backward": lambda x, y, z: aten.upsample_trilinear3d_backward(
        x[None, None, None], [1, 3, 4], [1, 1, 1, 1, 2], False
    ),
    "upsample_bicubic2d_backward": lambda x, y, z: aten.upsample_bicubic2d_backward(
        x[None, None], [3, 4], [1, 1, 1, 2], False
    ),
}
