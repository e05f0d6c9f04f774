"""The --device switch every example shares: cpu by default, cuda where ember can use a GPU.

An unusable choice is a usage error (exit status 2) that says why, before any
work starts, rather than a traceback from the first tensor moved to the GPU.
"""

import ember


def add_device_argument(parser):
    parser.add_argument("--device", default="cpu", help="cpu (default), or cuda / cuda:N when ember can use a GPU")


def checked_device(parser, name):
    """ember.device(name); parser.error (SystemExit 2) when the name is invalid or CUDA is unavailable."""
    try:
        device = ember.device(name)
    except ValueError as error:
        parser.error(f"--device {name}: {error}")
    if device.type == "cuda" and not ember.cuda.is_available():
        parser.error(f"--device {name}: CUDA is not available here ({ember.cuda.unavailable_reason()})")
    return device
