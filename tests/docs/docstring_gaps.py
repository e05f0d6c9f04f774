"""What still lacks a docstring or an example (tests/docs/test_docstrings.py): only shrinks."""

NO_DOCSTRING = set()
NO_EXAMPLE = {
    "ember.Generator",
    "ember.OutOfMemoryError",
    "ember.Tensor",
    "ember.Tensor.grad",
    "ember.Tensor.pin_memory",
    "ember.Tensor.requires_grad",
    "ember.UntypedStorage",
    "ember.autograd.is_grad_enabled",
    "ember.autograd.is_inference_mode_enabled",
    "ember.cuda.OutOfMemoryError",
    "ember.device",
    "ember.dtype",
}
