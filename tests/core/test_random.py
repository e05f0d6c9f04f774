"""Generators, seeding and state, the element-to-counter layout (against a
NumPy Philox), determinism across thread counts and layouts, argument forms
and bad input of the random ops. Distributions: test_random_dists.py."""

import os
import subprocess
import sys

import numpy as np
import pytest
import random_ref as ref

import ember

SEED = 20240613


@pytest.fixture(autouse=True)
def _restore_default_generator():
    with ember.random.fork_rng():
        yield


def offset_of(gen):
    return int.from_bytes(bytes(gen.get_state().numpy()[8:]), "little")


# The stream itself


def test_philox_reference_matches_the_published_known_answers():
    # Random123's kat_vectors for philox4x32_10.
    cases = [
        ([0, 0, 0, 0], (0, 0), [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]),
        ([0xFFFFFFFF] * 4, (0xFFFFFFFF, 0xFFFFFFFF), [0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]),
        (
            [0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344],
            (0xA4093822, 0x299F31D0),
            [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1],
        ),
    ]
    for ctr, key, expected in cases:
        assert ref.philox([ctr], key)[0].tolist() == expected


def test_full_range_int64_draws_are_the_philox_words():
    ember.manual_seed(SEED)
    t = ember.empty(1001, dtype=ember.int64).random_(-(2**63), None)  # from + w mod 2^64: w itself
    words = (t.numpy().view(np.uint64) + np.uint64(2**63)).astype(np.uint64)
    np.testing.assert_array_equal(words, ref.words64(SEED, 0, 1001))


def test_rand_takes_the_documented_bits():
    ember.manual_seed(SEED)
    f32 = ember.rand(1003)
    f64 = ember.rand(1001, dtype=ember.float64)
    np.testing.assert_array_equal(f32.numpy().astype(np.float64), ref.uniform32(SEED, 0, 1003))
    np.testing.assert_array_equal(f64.numpy(), ref.uniform64(SEED, (1003 + 3) // 4, 1001))


@pytest.mark.parametrize("n", [1, 3, 4, 63, 64, 65, 1000, 100_003])
def test_randn_float32_is_box_muller_of_the_documented_bits(n):
    ember.manual_seed(SEED)
    got = ember.randn(n).numpy().astype(np.float64)
    # log_f32 within 1 ulp, sincos within 1.1e-7, r <= 5.6 for 24-bit draws.
    np.testing.assert_allclose(got, ref.normal32(SEED, 0, n), rtol=1e-6, atol=1e-6)


def test_randn_float64_is_box_muller_of_the_documented_bits():
    ember.manual_seed(SEED)
    np.testing.assert_allclose(ember.randn(1001, dtype=ember.float64).numpy(), ref.normal64(SEED, 0, 1001), rtol=1e-12)


def test_randn_float32_has_the_same_bits_on_every_instruction_set():
    code = "import ember; ember.manual_seed(5); print(ember.randn(1000).numpy().view('uint32').sum())"
    sums = set()
    for isa in ("baseline", "avx2", "avx512"):
        env = dict(os.environ, EMBER_CPU_ISA=isa)
        sums.add(
            subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
        )
    assert len(sums) == 1, sums


# Generators, seeds and state


def test_generator_attributes_and_seeding():
    g = ember.Generator()
    assert g.device == ember.device("cpu") and ember.default_generator.device == ember.device("cpu")
    assert g.initial_seed() == 67280421310721  # PyTorch's default seed
    assert g.manual_seed(7) is g and g.initial_seed() == 7
    assert ember.manual_seed(8) is ember.default_generator and ember.initial_seed() == 8
    s = g.seed()
    assert s == g.initial_seed() and 0 <= s < 2**64
    assert ember.seed() == ember.initial_seed()
    assert g.manual_seed(-1).initial_seed() == 2**64 - 1  # negatives wrap as in PyTorch
    assert isinstance(ember.Generator(device="cpu"), ember.Generator)


def test_seeding_rewinds_and_fixes_the_stream():
    g = ember.Generator().manual_seed(3)
    a = ember.rand(10, generator=g)
    b = ember.rand(10, generator=g)
    assert not ember.equal(a, b)  # consecutive calls continue the stream
    g.manual_seed(3)
    assert ember.equal(ember.rand(10, generator=g), a)
    assert ember.equal(ember.rand(10, generator=g), b)


def test_offset_advances_by_the_blocks_each_call_uses():
    g = ember.Generator().manual_seed(1)
    ember.rand(5, generator=g)  # 32-bit draws: 2 blocks
    assert offset_of(g) == 2
    ember.rand(5, generator=g, dtype=ember.float64)  # 64-bit draws: 3 blocks
    assert offset_of(g) == 5
    ember.randint(0, 2**40, (3,), generator=g)  # range above 2^32: 64-bit draws
    assert offset_of(g) == 7
    ember.randperm(5, generator=g)
    assert offset_of(g) == 10
    ember.poisson(ember.ones(3), generator=g)  # one counter per element
    assert offset_of(g) == 13
    # The next call starts at block 13, so it continues the reference stream there.
    np.testing.assert_array_equal(ember.rand(4, generator=g).numpy(), ref.uniform32(1, 13, 4).astype(np.float32))


def test_get_and_set_state_restore_exactly():
    ember.manual_seed(11)
    ember.randn(7)
    state = ember.get_rng_state()
    assert state.dtype == ember.uint8 and state.shape == (16,)
    a = ember.randn(100)
    ember.randint(0, 5, (9,))
    ember.set_rng_state(state)
    assert ember.equal(ember.randn(100), a)
    g = ember.Generator().manual_seed(4)
    gs = g.get_state()
    x = ember.rand(3, generator=g)
    assert g.set_state(gs) is g
    assert ember.equal(ember.rand(3, generator=g), x)
    assert g.initial_seed() == 4


def test_set_state_rejects_bad_states():
    with pytest.raises(TypeError, match="uint8"):
        ember.set_rng_state(ember.zeros(16))
    with pytest.raises(TypeError, match="uint8"):
        ember.Generator().set_state([0] * 16)
    with pytest.raises(RuntimeError, match="16 bytes"):
        ember.set_rng_state(ember.zeros(3, dtype=ember.uint8))
    with pytest.raises(RuntimeError, match="out of range"):
        ember.manual_seed(2**64)


def test_fork_rng_restores_the_default_state():
    ember.manual_seed(2)
    with ember.random.fork_rng():
        ember.rand(50)
    after = ember.rand(5)
    ember.manual_seed(2)
    assert ember.equal(ember.rand(5), after)
    with pytest.raises(ValueError), ember.random.fork_rng():
        ember.rand(50)
        raise ValueError  # restored on the way out of an error too
    ember.manual_seed(2)
    ember.rand(5)
    with ember.random.fork_rng(enabled=False):
        ember.rand(1)
    assert offset_of(ember.default_generator) == 3


def test_generators_are_independent_of_the_default_one():
    ember.manual_seed(9)
    state = ember.get_rng_state()
    g = ember.Generator().manual_seed(9)
    a = ember.randn(20, generator=g)
    ember.empty(5).uniform_(generator=g)
    assert ember.equal(ember.get_rng_state(), state)
    assert ember.equal(ember.randn(20), a)  # same seed, same stream


# Determinism across threads and layouts


INPLACE = {
    "uniform_": lambda t, g: t.uniform_(-2, 3, generator=g),
    "normal_": lambda t, g: t.normal_(1, 2, generator=g),
    "bernoulli_": lambda t, g: t.bernoulli_(0.3, generator=g),
    "bernoulli_tensor": lambda t, g: t.bernoulli_(ember.full(t.shape, 0.7), generator=g),
    "exponential_": lambda t, g: t.exponential_(2.0, generator=g),
    "geometric_": lambda t, g: t.geometric_(0.25, generator=g),
    "cauchy_": lambda t, g: t.cauchy_(1.0, 0.5, generator=g),
    "log_normal_": lambda t, g: t.log_normal_(0.0, 0.5, generator=g),
    "random_": lambda t, g: t.random_(0, 1000, generator=g),
}


@pytest.mark.parametrize("name", sorted(INPLACE))
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
def test_inplace_is_the_same_on_1_and_2_threads(name, dtype):
    threads = ember.get_num_threads()
    results = []
    try:
        for n in (1, 2):
            ember.set_num_threads(n)
            t = ember.empty(300_001, dtype=dtype)  # several chunks of the thread pool
            INPLACE[name](t, ember.Generator().manual_seed(5))
            results.append(t.numpy())
    finally:
        ember.set_num_threads(threads)
    np.testing.assert_array_equal(results[0], results[1])


@pytest.mark.parametrize("make", ["randn", "rand", "randint", "randperm", "multinomial", "poisson"])
def test_ops_are_the_same_on_1_and_2_threads(make):
    calls = {
        "randn": lambda g: ember.randn(300_003, generator=g),
        "rand": lambda g: ember.rand(300_003, generator=g),
        "randint": lambda g: ember.randint(-5, 2**35, (300_003,), generator=g),
        "randperm": lambda g: ember.randperm(10_000, generator=g),
        "multinomial": lambda g: ember.multinomial(ember.arange(1920.0).reshape(64, 30) % 7 + 0.1, 10, generator=g),
        "poisson": lambda g: ember.poisson(ember.arange(20_000.0) / 100, generator=g),
    }
    threads = ember.get_num_threads()
    results = []
    try:
        for n in (1, 2):
            ember.set_num_threads(n)
            results.append(calls[make](ember.Generator().manual_seed(6)).numpy())
    finally:
        ember.set_num_threads(threads)
    np.testing.assert_array_equal(results[0], results[1])


@pytest.mark.parametrize("name", sorted(INPLACE))
def test_a_non_contiguous_destination_gets_the_values_of_a_contiguous_one(name):
    contiguous = ember.empty(6, 5)
    INPLACE[name](contiguous, ember.Generator().manual_seed(8))
    transposed = ember.empty(5, 6).t()  # element i of the (6, 5) shape, row-major
    INPLACE[name](transposed, ember.Generator().manual_seed(8))
    assert not transposed.is_contiguous()
    np.testing.assert_array_equal(transposed.numpy(), contiguous.numpy())
    strided = ember.empty(6, 10)[:, ::2]
    INPLACE[name](strided, ember.Generator().manual_seed(8))
    np.testing.assert_array_equal(strided.numpy(), contiguous.numpy())


def test_float16_and_bfloat16_draw_float32_values_and_round():
    for dtype in (ember.float16, ember.bfloat16):
        for make in (ember.rand, ember.randn):
            a = make(1000, dtype=dtype, generator=ember.Generator().manual_seed(1))
            b = make(1000, generator=ember.Generator().manual_seed(1)).to(dtype)
            assert a.dtype == dtype and ember.equal(a, b)


def test_complex_rand_and_randn_fill_both_parts():
    g = ember.Generator().manual_seed(2)
    c = ember.rand(500, dtype=ember.complex64, generator=g)
    assert c.dtype == ember.complex64
    parts = ember.view_as_real(c).numpy()
    assert parts.min() >= 0 and parts.max() < 1 and np.corrcoef(parts[:, 0], parts[:, 1])[0, 1] < 0.2
    z = ember.randn(20_000, dtype=ember.complex128, generator=g).numpy()
    assert abs(np.mean(np.abs(z) ** 2) - 1) < 0.05  # variance 1 in all, as PyTorch


# Argument forms


def test_sizes_as_varargs_tuple_list_empty():
    assert ember.rand(2, 3).shape == (2, 3)
    assert ember.randn((2, 3)).shape == (2, 3)
    assert ember.rand([4]).shape == (4,)
    assert ember.rand(()).shape == () and ember.rand(()).numel() == 1
    assert ember.randn(0).shape == (0,)
    assert ember.randint(3, (2, 2)).shape == (2, 2)
    assert ember.randint(1, 3, [5]).shape == (5,)
    assert ember.randint(high=3, size=(2,)).shape == (2,)
    assert ember.randint(low=1, high=3, size=(4,)).numpy().min() >= 1
    assert ember.randint(0, 3, ()).shape == ()
    assert ember.randperm(0).shape == (0,)
    assert ember.normal(0.0, 1.0, (2, 3)).shape == (2, 3)
    assert ember.normal(0, 1, size=(2,)).dtype == ember.float32


def test_result_dtypes():
    assert ember.rand(2).dtype == ember.float32 and ember.randn(2, dtype=ember.float64).dtype == ember.float64
    assert ember.randint(3, (2,)).dtype == ember.int64
    assert ember.randint(0, 3, (2,), dtype=ember.float32).dtype == ember.float32
    assert ember.randperm(5).dtype == ember.int64
    assert sorted(ember.randperm(5, dtype=ember.float32).tolist()) == [0.0, 1.0, 2.0, 3.0, 4.0]
    x = ember.zeros(2, 3, dtype=ember.float64)
    assert ember.rand_like(x).dtype == ember.float64 and ember.rand_like(x).shape == (2, 3)
    assert ember.randn_like(x, dtype=ember.float32).dtype == ember.float32
    assert ember.randint_like(x, 3).dtype == ember.float64 and ember.randint_like(x, 3).shape == (2, 3)
    assert ember.randint_like(x, 2, 5).numpy().min() >= 2
    assert ember.normal(ember.zeros(2, dtype=ember.float64), 1.0).dtype == ember.float64
    assert ember.normal(0.0, ember.ones(2, dtype=ember.float64)).dtype == ember.float64
    assert ember.normal(ember.zeros(2), ember.ones(2, dtype=ember.float64)).dtype == ember.float32  # mean's
    assert ember.normal(ember.zeros(2, 1), ember.ones(3)).shape == (2, 3)
    assert ember.bernoulli(ember.full((3,), 0.5, dtype=ember.float64)).dtype == ember.float64
    assert ember.multinomial(ember.ones(2, 3, dtype=ember.float64), 2).dtype == ember.int64
    assert ember.poisson(ember.ones(3, dtype=ember.float64)).dtype == ember.float64
    assert ember.rand(2, requires_grad=True).requires_grad


def test_like_forms_and_generator_keyword_match_the_plain_ones():
    x = ember.empty(4, 5)
    assert ember.equal(
        ember.rand_like(x, generator=ember.Generator().manual_seed(1)),
        ember.rand(4, 5, generator=ember.Generator().manual_seed(1)),
    )
    assert ember.equal(
        ember.randn_like(x, generator=ember.Generator().manual_seed(1)),
        ember.randn(4, 5, generator=ember.Generator().manual_seed(1)),
    )
    assert ember.equal(
        ember.randint_like(x, 3, 9, generator=ember.Generator().manual_seed(1)),
        ember.randint(3, 9, (4, 5), dtype=ember.float32, generator=ember.Generator().manual_seed(1)),
    )


def test_out_forms():
    out = ember.empty(3, 2)
    assert ember.rand(3, 2, out=out) is out
    assert ember.randn(3, 2, out=out) is out
    iout = ember.empty(4, dtype=ember.int64)
    assert ember.randint(10, (4,), out=iout) is iout
    assert ember.randperm(4, out=iout) is iout and sorted(iout.tolist()) == [0, 1, 2, 3]
    assert ember.normal(ember.zeros(3, 2), 1.0, out=out) is out
    assert ember.normal(0.0, 1.0, (3, 2), out=out) is out
    mout = ember.empty(2, dtype=ember.int64)
    assert ember.multinomial(ember.ones(3), 2, out=mout) is mout
    bout = ember.empty(3, dtype=ember.int64)
    assert ember.bernoulli(ember.ones(3), out=bout) is bout and bout.tolist() == [1, 1, 1]
    with pytest.raises(RuntimeError, match="rand: out has shape"):
        ember.rand(3, out=ember.empty(2))


def test_inplace_methods_return_self_and_keep_dtype():
    for name, fill in INPLACE.items():
        t = ember.empty(4, dtype=ember.float64)
        assert fill(t, None) is t, name
    ints = ember.empty(100, dtype=ember.int32)
    assert ints.random_(5).numpy().max() < 5 and ints.random_(-3, 3).numpy().min() >= -3
    assert set(ember.empty(100, dtype=ember.bool).random_().tolist()) == {False, True}
    assert ember.empty(100, dtype=ember.int64).bernoulli_(0.5).dtype == ember.int64
    assert ember.empty(100, dtype=ember.int64).geometric_(0.5).numpy().min() >= 1
    assert ember.empty(10).uniform_(**{"from": 2, "to": 3}).numpy().min() >= 2
    assert ember.empty(10).uniform_(1, 1).tolist() == [1.0] * 10


def test_random_defaults_span_each_dtype():
    cases = {ember.uint8: 255, ember.int8: 127, ember.float16: 2**11, ember.bfloat16: 2**8, ember.float32: 2**24}
    for dtype, top in cases.items():
        v = ember.empty(20_000, dtype=dtype).random_(generator=ember.Generator().manual_seed(3))
        v = v.to(ember.float64).numpy()
        assert v.min() >= 0 and v.max() <= top and v.max() > top * 0.9, dtype
    big = ember.empty(1000, dtype=ember.int64).random_().numpy()
    assert big.min() >= 0 and big.max() > 2**62


# Bad input


def test_wrong_generator_type_is_a_type_error():
    calls = [
        lambda: ember.rand(3, generator=5),
        lambda: ember.randn(3, generator="x"),
        lambda: ember.randint(3, (2,), generator=1),
        lambda: ember.randperm(3, generator=1),
        lambda: ember.empty(3).uniform_(generator=5),
        lambda: ember.empty(3).random_(generator=5),
        lambda: ember.bernoulli(ember.ones(2), generator=5),
        lambda: ember.multinomial(ember.ones(2), 1, generator=5),
        lambda: ember.poisson(ember.ones(2), generator=5),
        lambda: ember.normal(ember.zeros(2), 1.0, generator=5),
        lambda: ember.rand_like(ember.zeros(2), generator=5),
    ]
    for call in calls:
        with pytest.raises(TypeError, match=r"argument 'generator' must be ember\.Generator, not"):
            call()


def test_bad_ranges_and_parameters():
    with pytest.raises(RuntimeError, match="randint: expects 'low' to be less than 'high', but got low=5 >= high=3"):
        ember.randint(5, 3, (2,))
    with pytest.raises(RuntimeError, match="randint: expects 'low' to be less than 'high'"):
        ember.randint(3, 3, (2,))
    with pytest.raises(TypeError, match="size' must be tuple of ints"):
        ember.randint(3, 2)
    with pytest.raises(RuntimeError, match="randint: value 299 cannot be converted to type uint8"):
        ember.randint(0, 300, (2,), dtype=ember.uint8)
    with pytest.raises(
        RuntimeError, match=r"uniform_: expects to return a \[from, to\) range, but found from=2 > to=1"
    ):
        ember.empty(3).uniform_(2, 1)
    with pytest.raises(RuntimeError, match="uniform_: from=inf is out of bounds for float32"):
        ember.empty(3).uniform_(float("inf"), 1)
    with pytest.raises(RuntimeError, match="uniform_: value -70000 cannot be converted to type float16"):
        ember.empty(3, dtype=ember.float16).uniform_(-70000, 70000)
    with pytest.raises(RuntimeError, match="normal_: expects std >= 0.0, but found std=-1"):
        ember.empty(3).normal_(0, -1)
    with pytest.raises(RuntimeError, match="normal: expects std >= 0.0, but found std=-1"):
        ember.normal(0.0, -1.0, (2,))
    with pytest.raises(RuntimeError, match="normal: expects std >= 0.0, but found std=-1"):
        ember.normal(ember.zeros(2), -1.0)
    with pytest.raises(RuntimeError, match="normal: expects all elements of std >= 0.0, but found std=-1"):
        ember.normal(ember.zeros(2), -ember.ones(2))
    with pytest.raises(RuntimeError, match="normal: expects all elements of std >= 0.0"):
        ember.normal(0.0, ember.tensor([1.0, -0.5]))
    with pytest.raises(RuntimeError, match="normal: .*shape"):
        ember.normal(ember.zeros(2), ember.ones(3))
    with pytest.raises(RuntimeError, match=r"bernoulli_: expects p to be in \[0, 1\], but got p=1.5"):
        ember.empty(3).bernoulli_(1.5)
    with pytest.raises(RuntimeError, match=r"bernoulli_: expects p to be in \[0, 1\], but got p=-0.1"):
        ember.bernoulli(ember.ones(2), -0.1)
    with pytest.raises(RuntimeError, match=r"bernoulli_: expects all elements of p to be in \[0, 1\], but found p=1.5"):
        ember.bernoulli(ember.tensor([0.5, 1.5]))
    with pytest.raises(RuntimeError, match="bernoulli_: expects all elements of p"):
        ember.empty(2).bernoulli_(ember.tensor([float("nan")]))
    with pytest.raises(RuntimeError, match="exponential_: expects lambd > 0.0, but found lambd=0"):
        ember.empty(3).exponential_(0)
    with pytest.raises(RuntimeError, match=r"geometric_: expects p to be in \(0, 1\), but got p=1"):
        ember.empty(3).geometric_(1)
    with pytest.raises(RuntimeError, match="cauchy_: expects sigma > 0.0, but found sigma=-1"):
        ember.empty(3).cauchy_(0, -1)
    with pytest.raises(RuntimeError, match="log_normal_: expects std > 0.0, but found std=0"):
        ember.empty(3).log_normal_(0, 0)
    with pytest.raises(RuntimeError, match="random_: expects 'from' to be less than 'to', but got from=5 >= to=2"):
        ember.empty(3).random_(5, 2)
    with pytest.raises(RuntimeError, match="random_: value 299 cannot be converted to type uint8"):
        ember.empty(3, dtype=ember.uint8).random_(0, 300)
    with pytest.raises(RuntimeError, match="random_: to - 1=2 is out of bounds for bool"):
        ember.empty(3, dtype=ember.bool).random_(0, 3)
    with pytest.raises(RuntimeError, match="randperm: n must be non-negative, got -1"):
        ember.randperm(-1)
    with pytest.raises(RuntimeError, match="randperm: value 299 cannot be converted to type uint8"):
        ember.randperm(300, dtype=ember.uint8)
    with pytest.raises(RuntimeError, match="rand: trying to create tensor with negative dimension -1"):
        ember.rand(-1)
    with pytest.raises(RuntimeError, match="poisson: invalid Poisson rate, expected rate to be non-negative, got -1"):
        ember.poisson(ember.tensor([-1.0]))
    with pytest.raises(RuntimeError, match="poisson: invalid Poisson rate"):
        ember.poisson(ember.tensor([float("nan")]))


def test_integer_dtypes_for_float_distributions_are_rejected():
    with pytest.raises(NotImplementedError, match="rand: not implemented for dtype int64"):
        ember.rand(3, dtype=ember.int64)
    with pytest.raises(NotImplementedError, match="randn: not implemented for dtype int64"):
        ember.randn(3, dtype=ember.int64)
    with pytest.raises(NotImplementedError, match="rand_like: not implemented for dtype int64"):
        ember.rand_like(ember.zeros(2, dtype=ember.int64))
    with pytest.raises(NotImplementedError, match="normal_: not implemented for dtype int32"):
        ember.empty(2, dtype=ember.int32).normal_()
    with pytest.raises(NotImplementedError, match="exponential_: not implemented for dtype int64"):
        ember.empty(2, dtype=ember.int64).exponential_()
    with pytest.raises(NotImplementedError, match="cauchy_: not implemented"):
        ember.empty(2, dtype=ember.int64).cauchy_()
    with pytest.raises(NotImplementedError, match="log_normal_: not implemented"):
        ember.empty(2, dtype=ember.int64).log_normal_()
    with pytest.raises(NotImplementedError, match="normal: not implemented for dtype int64"):
        ember.normal(ember.zeros(2, dtype=ember.int64), 1.0)
    with pytest.raises(NotImplementedError, match="bernoulli: not implemented for dtype int64"):
        ember.bernoulli(ember.tensor([1, 0]))
    with pytest.raises(NotImplementedError, match="poisson: not implemented for dtype int64"):
        ember.poisson(ember.tensor([1, 2]))


def test_multinomial_bad_input():
    cases = [
        (
            ember.tensor([1.0, -1.0]),
            1,
            False,
            r"multinomial: probability tensor contains either `inf`, `nan` or element < 0",
        ),
        (ember.tensor([1.0, float("inf")]), 1, False, r"contains either `inf`, `nan` or element < 0 \(found inf"),
        (ember.tensor([1.0, float("nan")]), 1, True, r"contains either `inf`, `nan` or element < 0 \(found nan"),
        (
            ember.tensor([0.0, 0.0]),
            1,
            False,
            r"multinomial: invalid multinomial distribution \(sum of probabilities <= 0\)",
        ),
        (ember.tensor([[1.0, 1.0], [0.0, 0.0]]), 1, True, r"sum of probabilities <= 0\) in row 1"),
        (ember.tensor([1.0, 1.0]), 3, False, r"multinomial: cannot sample n_sample > prob_dist.size\(-1\) \(3 > 2\)"),
        (ember.tensor([1.0, 1.0]), 0, True, r"multinomial: cannot sample n_sample <= 0 samples"),
        (ember.zeros(2, 2, 2), 1, True, r"multinomial: prob_dist must be 1 or 2 dim"),
        (ember.tensor(1.0), 1, True, r"multinomial: prob_dist must be 1 or 2 dim"),
        (ember.tensor([1, 1]), 1, True, r"multinomial: only supports floating-point dtypes for input, got int64"),
    ]
    for probs, n, replacement, message in cases:
        with pytest.raises(RuntimeError, match=message):
            ember.multinomial(probs, n, replacement)
    assert ember.multinomial(ember.tensor([1.0, 1.0]), 3, True).shape == (3,)  # with replacement: any count
