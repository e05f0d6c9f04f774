"""The nn primitives at ember's top level (ember.nn.functional wraps most of them)."""

# fmt: off
DOCS = {
    "conv1d": """\
conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor

A 1-D convolution (cross-correlation) over an input of shape ``(N, C_in, L)``; see :class:`ember.nn.Conv1d`.

Example:

>>> x = ember.arange(8.0).reshape(1, 1, 8)
>>> ember.conv1d(x, ember.ones(1, 1, 3))
tensor([[[ 3.,  6.,  9., 12., 15., 18.]]])
""",
    "conv2d": """\
conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor

A 2-D convolution (cross-correlation) over an input of shape ``(N, C_in, H, W)``; see
:class:`ember.nn.Conv2d`.

Example:

>>> x = ember.ones(1, 1, 4, 4)
>>> ember.conv2d(x, ember.ones(2, 1, 3, 3), padding=1).shape
ember.Size([1, 2, 4, 4])
>>> ember.conv2d(x, ember.ones(1, 1, 3, 3))
tensor([[[[9., 9.],
          [9., 9.]]]])
""",
    "conv3d": """\
conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor

A 3-D convolution (cross-correlation) over an input of shape ``(N, C_in, D, H, W)``; see
:class:`ember.nn.Conv3d`.

Example:

>>> ember.conv3d(ember.ones(1, 1, 3, 3, 3), ember.ones(1, 1, 3, 3, 3))
tensor([[[[[27.]]]]])
""",
    "conv_transpose1d": """\
conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1) -> Tensor

The transposed 1-D convolution (the gradient of :func:`ember.conv1d` with respect to its input).

Example:

>>> ember.conv_transpose1d(ember.tensor([[[1.0, 2.0]]]), ember.ones(1, 1, 2))
tensor([[[1., 3., 2.]]])
""",
    "conv_transpose2d": """\
conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1) -> Tensor

The transposed 2-D convolution; with ``stride=2`` it doubles the spatial size.

Example:

>>> x = ember.ones(1, 1, 4, 4)
>>> ember.conv_transpose2d(x, ember.ones(1, 3, 2, 2), stride=2).shape
ember.Size([1, 3, 8, 8])
""",
    "conv_transpose3d": """\
conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1) -> Tensor

The transposed 3-D convolution.

Example:

>>> ember.conv_transpose3d(ember.ones(1, 1, 2, 2, 2), ember.ones(1, 1, 2, 2, 2)).shape
ember.Size([1, 1, 3, 3, 3])
""",
    "convolution": """\
convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups) -> Tensor

The general convolution behind ``conv*d`` and ``conv_transpose*d``: every argument explicit.

Example:

>>> x = ember.ones(1, 1, 4, 4)
>>> ember.convolution(x, ember.ones(1, 1, 3, 3), None, [1, 1], [0, 0], [1, 1], False, [0, 0], 1)
tensor([[[[9., 9.],
          [9., 9.]]]])
""",
    "avg_pool1d": """\
avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True) -> Tensor

The mean over sliding windows of a ``(N, C, L)`` input.

Example:

>>> x = ember.arange(8.0).reshape(1, 1, 8)
>>> ember.avg_pool1d(x, 2)
tensor([[[0.5000, 2.5000, 4.5000, 6.5000]]])
""",
    "max_pool1d": """\
max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False) -> Tensor

The maximum over sliding windows of a ``(N, C, L)`` input.

Example:

>>> x = ember.arange(8.0).reshape(1, 1, 8)
>>> ember.max_pool1d(x, 3, stride=2)
tensor([[[2., 4., 6.]]])
""",
    "max_pool1d_with_indices": """\
max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False) -> (Tensor, Tensor)

As :func:`ember.max_pool1d`, also returning where each maximum was.

Example:

>>> x = ember.arange(8.0).reshape(1, 1, 8)
>>> ember.max_pool1d_with_indices(x, 4)
(tensor([[[3., 7.]]]), tensor([[[3, 7]]]))
""",
    "max_pool2d": """\
max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False) -> Tensor

The maximum over sliding windows of a ``(N, C, H, W)`` input.

Example:

>>> ember.max_pool2d(ember.arange(16.0).reshape(1, 1, 4, 4), 2)
tensor([[[[ 5.,  7.],
          [13., 15.]]]])
""",
    "max_pool3d": """\
max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False) -> Tensor

The maximum over sliding windows of a ``(N, C, D, H, W)`` input.

Example:

>>> ember.max_pool3d(ember.arange(8.0).reshape(1, 1, 2, 2, 2), 2)
tensor([[[[[7.]]]]])
""",
    "adaptive_avg_pool1d": """\
adaptive_avg_pool1d(input, output_size) -> Tensor

Average pooling whose windows are chosen to give ``output_size`` outputs.

Example:

>>> x = ember.arange(8.0).reshape(1, 1, 8)
>>> ember.adaptive_avg_pool1d(x, 2)
tensor([[[1.5000, 5.5000]]])
""",
    "adaptive_max_pool1d": """\
adaptive_max_pool1d(input, output_size) -> (Tensor, Tensor)

Max pooling whose windows are chosen to give ``output_size`` outputs; returns values and indices.

Example:

>>> x = ember.arange(8.0).reshape(1, 1, 8)
>>> ember.adaptive_max_pool1d(x, 2)
(tensor([[[3., 7.]]]), tensor([[[3, 7]]]))
""",
    "batch_norm": """\
batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled) -> Tensor

Normalises each channel by its batch statistics (training) or the running ones; see
:class:`ember.nn.BatchNorm1d`.

Example:

>>> x = ember.tensor([[1.0, 10.0], [3.0, 30.0]])
>>> ember.batch_norm(x, None, None, None, None, True, 0.1, 1e-5, False)
tensor([[-1.0000, -1.0000],
        [ 1.0000,  1.0000]])
""",
    "native_batch_norm": """\
native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps) -> (Tensor, Tensor, Tensor)

Batch normalisation that also returns the batch's mean and inverse standard deviation (what the backward pass
uses).

Example:

>>> x = ember.tensor([[1.0], [3.0]])
>>> ember.native_batch_norm(x, None, None, None, None, True, 0.1, 1e-5)
(tensor([[-1.0000],
        [ 1.0000]]), tensor([2.]), tensor([1.0000]))
""",
    "layer_norm": """\
layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True) -> Tensor

Normalises over the last ``len(normalized_shape)`` dims; see :class:`ember.nn.LayerNorm`.

Example:

>>> ember.layer_norm(ember.tensor([[1.0, 2.0, 3.0]]), [3])
tensor([[-1.2247,  0.0000,  1.2247]])
""",
    "native_layer_norm": """\
native_layer_norm(input, normalized_shape, weight, bias, eps) -> (Tensor, Tensor, Tensor)

Layer normalisation that also returns the mean and inverse standard deviation.

Example:

>>> ember.native_layer_norm(ember.tensor([[1.0, 3.0]]), [2], None, None, 1e-5)
(tensor([[-1.0000,  1.0000]]), tensor([[2.]]), tensor([[1.0000]]))
""",
    "group_norm": """\
group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True) -> Tensor

Normalises over groups of channels; see :class:`ember.nn.GroupNorm`.

Example:

>>> ember.group_norm(ember.tensor([[1.0, 3.0, 5.0, 9.0]]), 2)
tensor([[-1.0000,  1.0000, -1.0000,  1.0000]])
""",
    "native_group_norm": """\
native_group_norm(input, weight, bias, N, C, HxW, group, eps) -> (Tensor, Tensor, Tensor)

Group normalisation that also returns the per-group mean and inverse standard deviation.

Example:

>>> ember.native_group_norm(ember.tensor([[1.0, 3.0]]), None, None, 1, 2, 1, 1, 1e-5)
(tensor([[-1.0000,  1.0000]]), tensor([[2.]]), tensor([[1.0000]]))
""",
    "instance_norm": """\
instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn_enabled) -> Tensor

Normalises each channel of each sample on its own; see :class:`ember.nn.InstanceNorm1d`.

Example:

>>> ember.instance_norm(ember.tensor([[[1.0, 3.0]]]), None, None, None, None, True, 0.1, 1e-5, False)
tensor([[[-1.0000,  1.0000]]])
""",
    "embedding": """\
embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False) -> Tensor

Looks up rows of ``weight`` by index (note the argument order: weight first, as ``torch.embedding``).

Example:

>>> w = ember.tensor([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
>>> ember.embedding(w, ember.tensor([2, 0]))
tensor([[2., 2.],
        [0., 0.]])
""",
    "pixel_shuffle": """\
pixel_shuffle(input, upscale_factor) -> Tensor

Rearranges ``(N, C * r * r, H, W)`` into ``(N, C, H * r, W * r)``.

Example:

>>> ember.pixel_shuffle(ember.arange(4.0).reshape(1, 4, 1, 1), 2)
tensor([[[[0., 1.],
          [2., 3.]]]])
""",
    "pixel_unshuffle": """\
pixel_unshuffle(input, downscale_factor) -> Tensor

The inverse of :func:`ember.pixel_shuffle`.

Example:

>>> ember.pixel_unshuffle(ember.arange(4.0).reshape(1, 1, 2, 2), 2).shape
ember.Size([1, 4, 1, 1])
""",
}
