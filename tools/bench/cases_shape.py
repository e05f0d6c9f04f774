"""Shape-op cases (Tensor core II): cat and stack of many or large inputs,
split into views, flip, and pad."""

from timing import case


def cases(np, ember, torch):
    """(name, {library: callable}) for each benchmark."""
    rng = np.random.default_rng(0)

    # Many small inputs: per-input overhead. Few large inputs: copy bandwidth.
    for count, n in ((100, 1_000), (4, 1_000_000)):
        arrays = [rng.standard_normal(n, dtype=np.float32) for _ in range(count)]
        es = [ember.from_numpy(a) for a in arrays]
        ts = [torch.from_numpy(a) for a in arrays] if torch else None
        label = f"{count} x {n:.0e} f32"
        # Default arguments bind this iteration's inputs (the runner may call later).
        yield case(
            torch,
            f"cat {label}",
            lambda es=es: ember.cat(es),
            lambda a=arrays: np.concatenate(a),
            lambda ts=ts: torch.cat(ts),
        )
        yield case(
            torch,
            f"stack {label}",
            lambda es=es: ember.stack(es),
            lambda a=arrays: np.stack(a),
            lambda ts=ts: torch.stack(ts),
        )

    # Joining along the last dim writes strided rows.
    a = rng.standard_normal((2048, 512), dtype=np.float32)
    ea = ember.from_numpy(a)
    ta = torch.from_numpy(a) if torch else None
    yield case(
        torch,
        "cat dim=1 2 x (2048, 512) f32",
        lambda: ember.cat([ea, ea], 1),
        lambda: np.concatenate([a, a], 1),
        lambda: torch.cat([ta, ta], 1),
    )
    yield case(torch, "split (2048, 512) by 16 rows", lambda: ea.split(16), None, lambda: ta.split(16))
    yield case(
        torch, "flip dim 1 (2048, 512) f32", lambda: ea.flip(1), lambda: np.flip(a, 1).copy(), lambda: ta.flip(1)
    )
    img = rng.standard_normal((8, 3, 224, 224), dtype=np.float32)
    ei = ember.from_numpy(img)
    ti = torch.from_numpy(img) if torch else None
    F = torch.nn.functional if torch else None
    for mode in ("constant", "reflect"):
        yield case(
            torch,
            f"pad {mode} 2 (8, 3, 224, 224)",
            lambda mode=mode: ember._C.pad(ei, (2, 2, 2, 2), mode),
            None,
            lambda mode=mode: F.pad(ti, (2, 2, 2, 2), mode),
        )
