"""NumPy references for the random tests: Philox4x32-10 and the element
layout of native/include/ember/generator.h, distribution CDFs, and the
Kolmogorov-Smirnov and chi-square statistics."""

import math

import numpy as np

M0, M1, W0, W1 = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85
MASK = 0xFFFFFFFF


def philox(counters, key):
    """Philox4x32-10 of counters (uint64 array (n, 4) of 32-bit words) under key (k0, k1): (n, 4) uint64."""
    c = np.array(counters, dtype=np.uint64).reshape(-1, 4)
    c0, c1, c2, c3 = (c[:, i].copy() for i in range(4))
    k0, k1 = np.uint64(key[0]), np.uint64(key[1])
    for _ in range(10):
        p0, p1 = np.uint64(M0) * c0, np.uint64(M1) * c2  # < 2^64: no wrap
        c0, c1, c2, c3 = (
            (p1 >> np.uint64(32)) ^ c1 ^ k0,
            p1 & np.uint64(MASK),
            (p0 >> np.uint64(32)) ^ c3 ^ k1,
            p0 & np.uint64(MASK),
        )
        k0, k1 = (k0 + np.uint64(W0)) & np.uint64(MASK), (k1 + np.uint64(W1)) & np.uint64(MASK)
    return np.stack([c0, c1, c2, c3], axis=1)


def blocks(seed, offset, count):
    """`count` blocks of the stream at (seed, offset): (count, 4) uint64 words."""
    b = np.arange(offset, offset + count, dtype=np.uint64)
    zeros = np.zeros(count, np.uint64)
    ctr = np.stack([b & np.uint64(MASK), b >> np.uint64(32), zeros, zeros], axis=1)
    return philox(ctr, (seed & MASK, seed >> 32))


def words32(seed, offset, n):
    """Element i's 32-bit word: word i % 4 of block i // 4."""
    return blocks(seed, offset, (n + 3) // 4).reshape(-1)[:n]


def words64(seed, offset, n):
    """Element i's 64-bit draw: words (2k, 2k + 1), k = i % 2, of block i // 2, low word first."""
    w = blocks(seed, offset, (n + 1) // 2).reshape(-1, 2, 2)
    return ((w[:, :, 1] << np.uint64(32)) | w[:, :, 0]).reshape(-1)[:n]


def uniform32(seed, offset, n):
    return (words32(seed, offset, n) >> np.uint64(8)).astype(np.float64) * 2.0**-24


def uniform64(seed, offset, n):
    return (words64(seed, offset, n) >> np.uint64(11)).astype(np.float64) * 2.0**-53


def normal32(seed, offset, n):
    """Box-Muller in float64 on float32's draws: pairs (w0, w1), (w2, w3) of each block."""
    w = blocks(seed, offset, (n + 3) // 4)
    u = (w >> np.uint64(8)).astype(np.float64) * 2.0**-24
    out = np.empty((len(w), 4))
    for a, b in ((0, 1), (2, 3)):
        r = np.sqrt(-2 * np.log(1 - u[:, a]))
        out[:, a], out[:, b] = r * np.cos(2 * np.pi * u[:, b]), r * np.sin(2 * np.pi * u[:, b])
    return out.reshape(-1)[:n]


def normal64(seed, offset, n):
    w = blocks(seed, offset, (n + 1) // 2).reshape(-1, 2, 2)
    d = ((w[:, :, 1] << np.uint64(32)) | w[:, :, 0]) >> np.uint64(11)
    u = d.astype(np.float64) * 2.0**-53
    r = np.sqrt(-2 * np.log(1 - u[:, 0]))
    return np.stack([r * np.cos(2 * np.pi * u[:, 1]), r * np.sin(2 * np.pi * u[:, 1])], axis=1).reshape(-1)[:n]


# CDFs (no scipy in the test environment)


def uniform_cdf(a, b):
    return lambda x: np.clip((x - a) / (b - a), 0, 1)


def normal_cdf(mean=0.0, std=1.0):
    erf = np.vectorize(math.erf)
    return lambda x: 0.5 * (1 + erf((x - mean) / (std * math.sqrt(2))))


def exponential_cdf(lambd):
    return lambda x: np.where(x < 0, 0.0, -np.expm1(-lambd * np.maximum(x, 0)))


def cauchy_cdf(median, sigma):
    return lambda x: 0.5 + np.arctan((x - median) / sigma) / np.pi


def log_normal_cdf(mean, std):
    erf = np.vectorize(math.erf)
    return lambda x: 0.5 * (1 + erf((np.log(np.maximum(x, 1e-300)) - mean) / (std * math.sqrt(2))))


def ks_statistic(samples, cdf):
    """sup |F_n - F| of the samples against cdf."""
    x = np.sort(np.asarray(samples, dtype=np.float64))
    n = len(x)
    f = cdf(x)
    return max(np.max(np.arange(1, n + 1) / n - f), np.max(f - np.arange(n) / n))


def ks_limit(n, alpha=1e-6):
    """The KS statistic that a correct sampler exceeds with probability alpha (asymptotic)."""
    return math.sqrt(-0.5 * math.log(alpha / 2)) / math.sqrt(n)


def chi_square(counts, expected):
    counts, expected = np.asarray(counts, np.float64), np.asarray(expected, np.float64)
    return float(np.sum((counts - expected) ** 2 / expected))


def chi_square_limit(dof):
    """A chi-square value a correct sampler exceeds with probability about 1e-6
    (Wilson-Hilferty: the cube root of chi2/dof is near normal; z = 4.75)."""
    z = 4.75
    return dof * (1 - 2 / (9 * dof) + z * math.sqrt(2 / (9 * dof))) ** 3
