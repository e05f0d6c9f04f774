"""Every script in examples/ runs, shortened; their losses go down."""

import importlib.util
import json
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import ember

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TWO_LAYER = [
    "two_layer_numpy",
    "two_layer_tensors",
    "two_layer_autograd",
    "two_layer_custom_function",
    "two_layer_nn",
    "two_layer_optim",
    "two_layer_custom_module",
]
# Every script but the NumPy one takes --device; the shortest arguments that still run it.
SHORT = {
    **{name: ["--steps", "1"] for name in TWO_LAYER[1:]},
    "dynamic_net": ["--steps", "1"],
    "lstm_sequence": ["--steps", "1", "--seq-len", "5"],
    "transformer_lm": ["--steps", "1", "--block", "8", "--d-model", "16", "--layers", "1", "--sample-len", "2"],
    "demo_digits": ["--model", "mlp", "--epochs", "1", "--limit", "100", "--quiet"],
}


@pytest.fixture(autouse=True)
def examples_on_path(monkeypatch):
    # The scripts import their shared helper (_device.py) from their own folder.
    monkeypatch.syspath_prepend(str(EXAMPLES))


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_script_is_covered():
    scripts = {p.stem for p in EXAMPLES.glob("*.py") if not p.stem.startswith("_")}
    assert scripts == set(TWO_LAYER) | set(SHORT)


@pytest.mark.parametrize("name", TWO_LAYER)
def test_two_layer_progression_fits(name):
    example = load(name)
    first = example.main(["--steps", "1"])  # the loss before any update
    last = example.main(["--steps", "60"])
    assert first > 500  # random targets: the untrained net is far off, so the drop below means something
    assert last < 1.0


def test_dynamic_net_fits_despite_changing_depth(capsys):
    example = load("dynamic_net")
    first = example.main(["--steps", "1"])
    last = example.main(["--steps", "100"])
    assert last < first / 10
    # 100 forward passes drew every depth (0 to 3 middle-layer uses) several times.
    counts = capsys.readouterr().out.rsplit("(0..3):", 1)[1]
    assert all(c >= 10 for c in json.loads(counts))


def test_lstm_beats_the_naive_forecast():
    example = load("lstm_sequence")
    args = ["--seq-len", "20"]
    first = example.main(["--steps", "1", *args])
    last = example.main(["--steps", "60", *args])
    x, y = example.noisy_waves(256, 20, ember.Generator().manual_seed(1))
    naive = ember.nn.functional.mse_loss(x, y).item()  # "the next value is the last one read"
    assert last < first / 10
    assert last < naive * 0.75


def test_transformer_lm_learns_more_than_character_frequencies(capsys):
    example = load("transformer_lm")
    args = ["--block", "16", "--batch", "16", "--d-model", "32", "--layers", "1", "--sample-len", "40"]
    first = example.main(["--steps", "1", *args])
    last = example.main(["--steps", "80", *args])
    text = example.read_text()
    # The best loss without context: the entropy of the text's character frequencies (about 3.0 nats).
    unigram = -sum(n / len(text) * math.log(n / len(text)) for n in Counter(text).values())
    assert first > math.log(len(Counter(text))) - 0.5  # starts near uniform guessing
    assert last < unigram - 0.3
    sample = capsys.readouterr().out.rsplit("sample: ", 1)[1].rstrip("\n")
    assert sample.startswith("Call me ") and len(sample) == len("Call me ") + 40
    assert set(sample) <= set(text)


def test_demo_trains_checkpoints_and_plots(tmp_path):
    demo = load("demo_digits")
    acc = demo.main(["--model", "mlp", "--epochs", "3", "--limit", "600", "--quiet", "--out", str(tmp_path)])
    assert acc > 0.6
    assert (tmp_path / "digits_mlp.png").stat().st_size > 10_000
    assert (tmp_path / "digits_mlp.ember").exists()


@pytest.mark.parametrize("name", ["two_layer_numpy", *SHORT])
def test_help(name, capsys):
    with pytest.raises(SystemExit) as exit_:
        load(name).main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage:") and f"examples/{name}.py" in out
    assert ("--device" in out) == (name != "two_layer_numpy")


@pytest.mark.parametrize("name", SHORT)
def test_cuda_without_a_gpu_is_a_clear_usage_error(name, monkeypatch, capsys):
    monkeypatch.setattr(ember.cuda, "is_available", lambda: False)
    monkeypatch.setattr(ember.cuda, "unavailable_reason", lambda: "no GPU in this test")
    with pytest.raises(SystemExit) as exit_:
        load(name).main([*SHORT[name], "--device", "cuda"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--device cuda: CUDA is not available here (no GPU in this test)" in err


def test_device_switch_from_the_command_line():
    """Run as a user would: on a machine without CUDA a usage error and exit status 2, with CUDA a run."""
    script = EXAMPLES / "two_layer_nn.py"
    run = subprocess.run(
        [sys.executable, str(script), "--steps", "2", "--device", "cuda"], capture_output=True, text=True, timeout=120
    )
    if ember.cuda.is_available():
        assert run.returncode == 0, run.stderr
        assert "step    1  loss" in run.stdout
    else:
        assert run.returncode == 2
        assert "error: --device cuda: CUDA is not available here (" in run.stderr
        assert "Traceback" not in run.stderr
    bad = subprocess.run([sys.executable, str(script), "--device", "tpu"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--device tpu: device: expected 'cpu', 'cuda'" in bad.stderr
