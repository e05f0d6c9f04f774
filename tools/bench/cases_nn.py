"""ember.nn training steps (issue 8): forward, loss, backward, SGD-momentum step, next to torch."""

from timing import case


def _sgd(params, bufs, lr=0.01, momentum=0.9):
    """SGD with momentum written with in-place tensor ops (ember.optim is a separate package)."""
    for p, b in zip(params, bufs, strict=True):
        b.mul_(momentum).add_(p.grad)
        p.sub_(b * lr)
        p.grad = None


def _ember_step(ember, model, loss_fn, x, y):
    params = list(model.parameters())
    bufs = [ember.zeros_like(p.detach()) for p in params]

    def step():
        loss = loss_fn(model(x), y)
        loss.backward()
        with ember.no_grad():
            _sgd(params, bufs)

    return step


def _torch_step(torch, model, loss_fn, x, y):
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    return step


def _models(m):
    return {
        "MLP 64-256-256-10": lambda: m.Sequential(m.Linear(64, 256), m.ReLU(), m.Linear(256, 256), m.ReLU(),
                                                  m.Linear(256, 10)),
        "CNN digits 8x8": lambda: m.Sequential(m.Conv2d(1, 16, 3, padding=1), m.ReLU(), m.MaxPool2d(2),
                                               m.Conv2d(16, 32, 3, padding=1), m.ReLU(), m.MaxPool2d(2), m.Flatten(),
                                               m.Linear(128, 10)),
    }  # fmt: skip


def cases(np, ember, torch):
    import ember.nn as enn

    rng = np.random.default_rng(0)
    tnn = torch.nn if torch else None
    y = rng.integers(0, 10, 64)
    inputs = {"MLP 64-256-256-10": rng.standard_normal((64, 64), dtype=np.float32),
              "CNN digits 8x8": rng.standard_normal((64, 1, 8, 8), dtype=np.float32)}  # fmt: skip
    for name, make in _models(enn).items():
        x = inputs[name]
        e_step = _ember_step(ember, make(), enn.functional.cross_entropy, ember.tensor(x), ember.tensor(y))
        t_step = None
        if torch:
            t_model = _models(tnn)[name]()
            t_step = _torch_step(torch, t_model, tnn.functional.cross_entropy, torch.tensor(x), torch.tensor(y))
        yield case(torch, f"train step {name} b64", e_step, None, t_step)

    # LSTM 2 layers, hidden 256, seq 50, batch 32: forward + backward
    x = rng.standard_normal((50, 32, 256), dtype=np.float32)
    e_lstm = enn.LSTM(256, 256, 2)
    ex = ember.tensor(x)

    def e_lstm_step():
        e_lstm(ex)[0].sum().backward()

    t_lstm_step = None
    if torch:
        t_lstm, tx = tnn.LSTM(256, 256, 2), torch.tensor(x)

        def t_lstm_step():
            t_lstm(tx)[0].sum().backward()

    yield case(torch, "LSTM 2x256 seq50 b32 fwd+bwd", e_lstm_step, None, t_lstm_step)

    # TransformerEncoderLayer d=256, 4 heads, seq 128, batch 16: forward + backward
    x = rng.standard_normal((16, 128, 256), dtype=np.float32)
    e_enc, ex = enn.TransformerEncoderLayer(256, 4, batch_first=True), ember.tensor(x)

    def e_enc_step():
        e_enc(ex).sum().backward()

    t_enc_step = None
    if torch:
        t_enc, tx = tnn.TransformerEncoderLayer(256, 4, batch_first=True), torch.tensor(x)

        def t_enc_step():
            t_enc(tx).sum().backward()

    yield case(torch, "TransformerEncoderLayer d256 h4 seq128 b16 fwd+bwd", e_enc_step, None, t_enc_step)
