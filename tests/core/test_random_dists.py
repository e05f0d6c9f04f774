"""The random ops draw from the right distributions: Kolmogorov-Smirnov
statistics against exact CDFs, chi-square against exact probabilities, means
and variances within several standard errors. Seeds are fixed, so each test
is deterministic; the limits are ones a correct sampler exceeds with
probability about 1e-6, and a wrong distribution (shifted, mis-scaled, wrong
shape) exceeds them by far at these sample sizes."""

import math

import numpy as np
import pytest
import random_ref as ref

import ember

N = 200_000


def gen(seed=123):
    return ember.Generator().manual_seed(seed)


def assert_ks(samples, cdf):
    samples = np.asarray(samples, dtype=np.float64)
    d = ref.ks_statistic(samples, cdf)
    assert d < ref.ks_limit(len(samples)), f"KS statistic {d:.5f} over {ref.ks_limit(len(samples)):.5f}"


def assert_mean(samples, mean, std):
    """The sample mean within 5 standard errors of mean (std: the distribution's)."""
    samples = np.asarray(samples, dtype=np.float64)
    se = std / math.sqrt(len(samples))
    assert abs(samples.mean() - mean) < 5 * se, (samples.mean(), mean, se)


def assert_chi_square(counts, probs):
    counts, probs = np.asarray(counts), np.asarray(probs, dtype=np.float64)
    stat = ref.chi_square(counts, probs * counts.sum())
    assert stat < ref.chi_square_limit(len(counts) - 1), (stat, ref.chi_square_limit(len(counts) - 1))


def test_the_ks_check_rejects_a_wrong_distribution():
    # The limits are tight enough to catch a small error: a 2% scale error in a normal.
    x = ember.randn(N, generator=gen()).numpy()
    with pytest.raises(AssertionError):
        assert_ks(x * 1.02, ref.normal_cdf())
    with pytest.raises(AssertionError):
        assert_ks(ember.rand(N, generator=gen()).numpy(), ref.normal_cdf())


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64, ember.float16, ember.bfloat16])
def test_rand_is_uniform(dtype):
    x = ember.rand(N, dtype=dtype, generator=gen()).to(ember.float64).numpy()
    assert x.min() >= 0 and x.max() <= 1  # 16-bit floats may round up to 1
    if dtype in (ember.float32, ember.float64):
        assert x.max() < 1
        assert_ks(x, ref.uniform_cdf(0, 1))
    assert_mean(x, 0.5, math.sqrt(1 / 12))


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
def test_randn_is_standard_normal(dtype):
    x = ember.randn(N, dtype=dtype, generator=gen()).numpy().astype(np.float64)
    assert_ks(x, ref.normal_cdf())
    assert_mean(x, 0.0, 1.0)
    # variance: the standard error of s^2 is sqrt(2 / n) for a normal
    assert abs(x.var() - 1) < 5 * math.sqrt(2 / N)
    # the four outputs of a block are uncorrelated (cos/sin pairs and across pairs)
    blocks = x[: N // 4 * 4].reshape(-1, 4)
    corr = np.corrcoef(blocks.T)
    assert np.max(np.abs(corr - np.eye(4))) < 5 / math.sqrt(len(blocks))


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
def test_uniform_and_normal_inplace_parameters(dtype):
    u = ember.empty(N, dtype=dtype).uniform_(-3, 5, generator=gen()).numpy()
    assert u.min() >= -3 and u.max() < 5
    assert_ks(u, ref.uniform_cdf(-3, 5))
    z = ember.empty(N, dtype=dtype).normal_(2.5, 0.5, generator=gen()).numpy()
    assert_ks(z, ref.normal_cdf(2.5, 0.5))


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
def test_exponential_cauchy_log_normal(dtype):
    e = ember.empty(N, dtype=dtype).exponential_(2.0, generator=gen()).numpy()
    assert e.min() >= 0 and np.isfinite(e).all()
    assert_ks(e, ref.exponential_cdf(2.0))
    c = ember.empty(N, dtype=dtype).cauchy_(1.0, 0.5, generator=gen()).numpy()
    assert_ks(c, ref.cauchy_cdf(1.0, 0.5))
    ln = ember.empty(N, dtype=dtype).log_normal_(0.3, 0.4, generator=gen()).numpy()
    assert ln.min() > 0
    assert_ks(ln, ref.log_normal_cdf(0.3, 0.4))


@pytest.mark.parametrize("dtype", [ember.float32, ember.int64])
def test_geometric(dtype):
    p = 0.3
    x = ember.empty(N, dtype=dtype).geometric_(p, generator=gen()).numpy().astype(np.int64)
    assert x.min() >= 1
    k = np.arange(1, 16)
    counts = [np.sum(x == v) for v in k] + [np.sum(x >= 16)]
    probs = list(p * (1 - p) ** (k - 1)) + [(1 - p) ** 15]
    assert_chi_square(counts, probs)


@pytest.mark.parametrize("low,high", [(0, 10), (-7, 5), (0, 2**40)])
def test_randint_is_uniform_over_the_range(low, high):
    x = ember.randint(low, high, (N,), generator=gen()).numpy()
    assert x.min() >= low and x.max() < high
    bins = min(high - low, 64)
    counts = np.bincount(((x - low) * bins // (high - low)).astype(np.int64), minlength=bins)
    assert_chi_square(counts, np.full(bins, 1 / bins))


@pytest.mark.parametrize("dtype", [ember.uint8, ember.int8, ember.float32])
def test_random_inplace_is_uniform(dtype):
    lo, hi = (0, 256) if dtype == ember.uint8 else (-100, 100)
    x = ember.empty(N, dtype=dtype).random_(lo, hi, generator=gen()).numpy().astype(np.int64)
    counts = np.bincount(x - lo, minlength=hi - lo)
    assert len(counts) == hi - lo
    assert_chi_square(counts, np.full(hi - lo, 1 / (hi - lo)))


@pytest.mark.parametrize("p", [0.0, 0.02, 0.5, 0.9, 1.0])
def test_bernoulli_scalar(p):
    x = ember.empty(N, dtype=ember.uint8).bernoulli_(p, generator=gen()).numpy()
    assert set(np.unique(x)) <= {0, 1}
    if p in (0.0, 1.0):
        assert (x == p).all()
    else:
        assert_chi_square([np.sum(x == 0), np.sum(x == 1)], [1 - p, p])


def test_bernoulli_with_a_tensor_of_probabilities():
    probs = np.array([0.0, 0.1, 0.25, 0.5, 0.75, 1.0])
    p = ember.from_numpy(np.tile(probs, (N // 6, 1)))
    x = ember.bernoulli(p, generator=gen()).numpy()
    assert (x[:, 0] == 0).all() and (x[:, -1] == 1).all()
    for j in range(1, 5):
        assert_chi_square([np.sum(x[:, j] == 0), np.sum(x[:, j] == 1)], [1 - probs[j], probs[j]])
    # a p that broadcasts: one probability per column
    y = ember.empty(N // 6, 6).bernoulli_(ember.from_numpy(probs.astype(np.float32)), generator=gen()).numpy()
    assert (y[:, 0] == 0).all() and (y[:, -1] == 1).all()
    assert abs(y[:, 3].mean() - 0.5) < 5 * 0.5 / math.sqrt(N // 6)
    z = ember.bernoulli(ember.zeros(N // 10), 0.25, generator=gen()).numpy()  # the p form ignores input's values
    assert abs(z.mean() - 0.25) < 5 * math.sqrt(0.25 * 0.75 / len(z))


def test_normal_tensor_forms():
    mean = ember.from_numpy(np.repeat([[-2.0], [3.0]], N // 2, axis=1))
    x = ember.normal(mean, 0.5, generator=gen()).numpy()
    assert_ks(x[0], ref.normal_cdf(-2, 0.5))
    assert_ks(x[1], ref.normal_cdf(3, 0.5))
    std = ember.from_numpy(np.array([0.0, 2.0], dtype=np.float32)).reshape(2, 1).expand(2, N // 2)
    y = ember.normal(1.0, std, generator=gen()).numpy()
    assert (y[0] == 1.0).all()
    assert_ks(y[1], ref.normal_cdf(1, 2))
    z = ember.normal(ember.full((N,), 4.0), ember.full((N,), 3.0), generator=gen()).numpy()
    assert_ks(z, ref.normal_cdf(4, 3))
    w = ember.normal(-1.0, 0.25, (N,), generator=gen()).numpy()
    assert_ks(w, ref.normal_cdf(-1, 0.25))


def test_multinomial_with_replacement():
    probs = np.array([0.1, 0.0, 0.4, 0.2, 0.3])
    x = ember.multinomial(ember.from_numpy(probs * 7), N, True, generator=gen()).numpy()
    counts = np.bincount(x, minlength=5)
    assert counts[1] == 0  # a zero weight is never drawn
    assert_chi_square(counts[[0, 2, 3, 4]], probs[[0, 2, 3, 4]])


def test_multinomial_without_replacement():
    probs = np.array([0.5, 0.2, 0.2, 0.1])
    rows = 50_000
    weights = ember.from_numpy(np.tile(probs, (rows, 1)))
    x = ember.multinomial(weights, 3, generator=gen()).numpy()
    assert x.shape == (rows, 3)
    assert all(len(set(r)) == 3 for r in x[:1000])  # no repeats in a row
    assert (np.sort(x, axis=1)[:, :-1] != np.sort(x, axis=1)[:, 1:]).all()
    # the first draw follows probs; the second, given the first was 0, follows the rest renormalised
    assert_chi_square(np.bincount(x[:, 0], minlength=4), probs)
    second = x[x[:, 0] == 0, 1]
    assert_chi_square(np.bincount(second, minlength=4)[1:], probs[1:] / probs[1:].sum())
    # zero weights come only after every positive one
    y = ember.multinomial(ember.tensor([0.0, 1.0, 0.0, 2.0]), 3, generator=gen()).numpy()
    assert set(y[:2]) == {1, 3} and y[2] in (0, 2)
    assert sorted(ember.multinomial(ember.ones(6), 6, generator=gen()).tolist()) == list(range(6))


def test_multinomial_1d_and_2d_agree():
    w = ember.tensor([0.2, 0.3, 0.5])
    one = ember.multinomial(w, 4, True, generator=gen(5))
    two = ember.multinomial(w.reshape(1, 3), 4, True, generator=gen(5))
    assert one.shape == (4,) and two.shape == (1, 4) and ember.equal(one, two.reshape(4))


@pytest.mark.parametrize("lam", [0.5, 4.0, 9.5, 10.0, 30.0, 1000.0])
def test_poisson(lam):
    n = 100_000
    x = ember.poisson(ember.full((n,), lam, dtype=ember.float64), generator=gen()).numpy()
    assert (x == np.floor(x)).all() and x.min() >= 0
    assert_mean(x, lam, math.sqrt(lam))
    assert abs(x.var() / lam - 1) < 5 * math.sqrt(2 / n) * (1 + 1 / math.sqrt(lam))
    # chi-square over the central values, the tails pooled
    lo, hi = max(0, int(lam - 3 * math.sqrt(lam))), int(lam + 3 * math.sqrt(lam)) + 1
    k = np.arange(lo, hi)
    logpmf = k * math.log(lam) - lam - np.array([math.lgamma(v + 1) for v in k])
    pmf = np.exp(logpmf)
    counts = [np.sum(x < lo)] + [np.sum(x == v) for v in k] + [np.sum(x >= hi)]
    below = sum(math.exp(v * math.log(lam) - lam - math.lgamma(v + 1)) for v in range(lo))
    expected = np.array([below, *pmf, max(0.0, 1 - below - pmf.sum())]) * n
    counts = np.array(counts)
    small = expected < 5  # pooled into one bin, or into the last kept one if it is still small
    pooled_c, pooled_e = counts[small].sum(), expected[small].sum()
    counts, expected = counts[~small], expected[~small]
    if pooled_e >= 5:
        counts, expected = np.append(counts, pooled_c), np.append(expected, pooled_e)
    else:
        counts[-1] += pooled_c
        expected[-1] += pooled_e
    assert_chi_square(counts, expected / expected.sum())


def test_poisson_edges():
    x = ember.poisson(ember.tensor([0.0, 0.0, float("inf")]), generator=gen()).numpy()
    assert x[0] == 0 and x[1] == 0 and x[2] == np.inf  # PyTorch gives garbage for inf; ember keeps inf
    rates = ember.tensor([[1.0, 50.0], [0.1, 7.0]], dtype=ember.float32)
    assert ember.poisson(rates).shape == (2, 2) and ember.poisson(rates).dtype == ember.float32


def test_randperm_is_a_uniform_permutation():
    for n in (1, 2, 17, 1000, 100_001):
        p = ember.randperm(n, generator=gen(n)).numpy()
        assert sorted(p.tolist()) == list(range(n))
    # all 6 orders of 3 elements equally likely
    g = gen()
    counts = {}
    for _ in range(6000):
        key = tuple(ember.randperm(3, generator=g).tolist())
        counts[key] = counts.get(key, 0) + 1
    assert len(counts) == 6
    assert_chi_square(list(counts.values()), np.full(6, 1 / 6))
