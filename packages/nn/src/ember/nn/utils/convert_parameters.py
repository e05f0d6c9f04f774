"""parameters_to_vector and vector_to_parameters."""

import ember


def parameters_to_vector(parameters):
    """The parameters flattened and concatenated into one vector.

    Example:

    >>> import ember.nn as nn
    >>> nn.utils.parameters_to_vector([ember.ones(2, 2), ember.zeros(1)])
    tensor([1., 1., 1., 1., 0.])
    """
    return ember.cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Copies the slices of ``vec`` into the parameters, in order (the inverse of ``parameters_to_vector``).

    Example:

    >>> import ember.nn as nn
    >>> layer = nn.Linear(2, 1)
    >>> nn.utils.vector_to_parameters(ember.tensor([1.0, 2.0, 3.0]), layer.parameters())
    >>> layer.weight.data, layer.bias.data
    (tensor([[1., 2.]]), tensor([3.]))
    """
    if not isinstance(vec, ember.Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    offset = 0
    with ember.no_grad():
        for p in parameters:
            n = p.numel()
            p.copy_(vec[offset : offset + n].reshape(p.shape))
            offset += n
