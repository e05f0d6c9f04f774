"""Every script in examples/ runs, shortened; their losses go down."""

import importlib.util
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "name", ["two_layer_numpy", "two_layer_tensors", "two_layer_autograd", "two_layer_custom_function"]
)
def test_two_layer_progression_fits(name):
    assert load(name).main(["--steps", "60"]) < 1.0


def test_demo_trains_checkpoints_and_plots(tmp_path):
    demo = load("demo_digits")
    acc = demo.main(["--model", "mlp", "--epochs", "3", "--limit", "600", "--quiet", "--out", str(tmp_path)])
    assert acc > 0.6
    assert (tmp_path / "digits_mlp.png").stat().st_size > 10_000
    assert (tmp_path / "digits_mlp.ember").exists()
