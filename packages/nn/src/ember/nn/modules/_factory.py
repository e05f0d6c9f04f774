"""The device=/dtype= keywords every layer takes, turned into the keywords for the tensors it creates."""

import ember


def factory_kwargs(device, dtype):
    """As PyTorch's layers: dtype None means the default dtype; device None means the default (CPU); an
    unavailable device (cuda without a GPU) raises from the tensor factory."""
    return {"device": device, "dtype": dtype if dtype is not None else ember.get_default_dtype()}
