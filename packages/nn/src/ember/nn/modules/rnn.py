"""RNN, LSTM, GRU and their cells, with PyTorch's parameter names, gate order and layouts.

The input projection of a whole sequence is one GEMM; each step then does one
hidden-to-hidden GEMM and the gate arithmetic. With packed input the hidden
state of a sequence stops changing after its last step (masking), so h_n is the
state at each sequence's own end.
"""

import math

import ember
from ember.nn import functional as F
from ember.nn import init
from ember.nn.modules._factory import factory_kwargs as _factory_kwargs
from ember.nn.modules._lstm_layer import LSTMLayer as _LSTMLayer
from ember.nn.modules.module import Module
from ember.nn.parameter import Parameter
from ember.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _rnn_step(mode, gi, h, c, w_hh, b_hh, w_hr):
    """One time step: gi = x_t W_ih^T + b_ih precomputed; returns (h, c)."""
    gh = h.matmul(w_hh.t())
    if b_hh is not None:
        gh = gh + b_hh
    if mode == "LSTM":
        i, f, g, o = (gi + gh).chunk(4, 1)
        c = f.sigmoid() * c + i.sigmoid() * g.tanh()
        h = o.sigmoid() * c.tanh()
        if w_hr is not None:
            h = h.matmul(w_hr.t())
        return h, c
    if mode == "GRU":
        ir, iz, inn = gi.chunk(3, 1)
        hr, hz, hn = gh.chunk(3, 1)
        r = (ir + hr).sigmoid()
        z = (iz + hz).sigmoid()
        n = (inn + r * hn).tanh()
        return (1 - z) * n + z * h, None
    pre = gi + gh
    return (pre.tanh() if mode == "RNN_TANH" else pre.relu()), None


def _run_direction(mode, x, h, c, weights, lengths, reverse):
    """x (T, B, I) -> outputs (T, B, H) for one layer and direction."""
    w_ih, w_hh, b_ih, b_hh, w_hr = weights
    if mode == "LSTM" and lengths is None and w_hr is None and x.shape[0] > 0:
        return _LSTMLayer.apply(x, h, c, w_ih, w_hh, b_ih, b_hh, reverse)
    T = x.shape[0]
    gi_all = F.linear(x, w_ih, b_ih)  # (T, B, G*H) in one GEMM
    outs = [None] * T
    steps = range(T - 1, -1, -1) if reverse else range(T)
    for t in steps:
        h_new, c_new = _rnn_step(mode, gi_all[t], h, c, w_hh, b_hh, w_hr)
        if lengths is not None:
            alive = (lengths > t).unsqueeze(1)
            h_new = ember.where(alive, h_new, h)
            if c_new is not None:
                c_new = ember.where(alive, c_new, c)
            outs[t] = ember.where(alive, h_new, ember.zeros_like(h_new))
        else:
            outs[t] = h_new
        h, c = h_new, c_new
    return ember.stack(outs), h, c


class RNNBase(Module):
    """The shared machinery of ``RNN``, ``LSTM`` and ``GRU``: layers, directions, weights and packed sequences.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> lstm = nn.LSTM(input_size=3, hidden_size=4, num_layers=2)
    >>> isinstance(lstm, nn.RNNBase), [name for name, _ in lstm.named_parameters()][:4]
    (True, ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'])
    """

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):  # fmt: skip
        super().__init__()
        if not isinstance(dropout, (int, float)) or not 0 <= dropout <= 1 or isinstance(dropout, bool):
            raise ValueError(
                "dropout should be a number in range [0, 1] representing the probability of an element being zeroed"
            )
        if not isinstance(hidden_size, int) or hidden_size <= 0:
            raise ValueError("hidden_size must be an integer greater than zero") if isinstance(hidden_size, int) \
                else TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")  # fmt: skip
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than or equal to 1")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if proj_size and mode != "LSTM":
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        self.mode, self.input_size, self.hidden_size, self.num_layers = mode, input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bias, batch_first, float(dropout)
        self.bidirectional, self.proj_size = bidirectional, proj_size
        factory = _factory_kwargs(device, dtype)
        gate = _GATES[mode] * hidden_size
        real_hidden = proj_size if proj_size > 0 else hidden_size
        self._flat_weights_names = []
        for layer in range(num_layers):
            for direction in range(2 if bidirectional else 1):
                layer_in = input_size if layer == 0 else real_hidden * (2 if bidirectional else 1)
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                params = {
                    "weight_ih": ember.empty(gate, layer_in, **factory),
                    "weight_hh": ember.empty(gate, real_hidden, **factory),
                }
                if bias:
                    params["bias_ih"] = ember.empty(gate, **factory)
                    params["bias_hh"] = ember.empty(gate, **factory)
                if proj_size:
                    params["weight_hr"] = ember.empty(proj_size, hidden_size, **factory)
                for name, t in params.items():
                    setattr(self, name + suffix, Parameter(t))
                    self._flat_weights_names.append(name + suffix)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for w in self.parameters():
            init.uniform_(w, -stdv, stdv)

    def flatten_parameters(self):
        pass

    @property
    def _flat_weights(self):
        return [getattr(self, n) for n in self._flat_weights_names]

    @property
    def all_weights(self):
        return [[getattr(self, n) for n in names] for names in self._layer_names()]

    def _layer_names(self):
        per = (4 if self.bias else 2) + (1 if self.proj_size else 0)
        names = self._flat_weights_names
        return [names[i : i + per] for i in range(0, len(names), per)]

    def _weights(self, layer, direction):
        suffix = f"_l{layer}" + ("_reverse" if direction else "")
        get = lambda n: getattr(self, n + suffix, None)  # noqa: E731
        return get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh"), get("weight_hr")

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    def forward(self, input, hx=None):
        packed = isinstance(input, PackedSequence)
        lengths = None
        if packed:
            sorted_idx, unsorted_idx = input.sorted_indices, input.unsorted_indices
            x, lengths = pad_packed_sequence(PackedSequence(input.data, input.batch_sizes))
            batched = True
        else:
            batched = input.ndim == 3
            if input.ndim not in (2, 3):
                raise ValueError(f"{type(self).__name__}: Expected input to be 2D or 3D, got {input.ndim}D instead")
            x = input if batched else input.unsqueeze(1)
            if batched and self.batch_first:
                x = x.transpose(0, 1)
            sorted_idx = None
        if x.shape[-1] != self.input_size:
            raise RuntimeError(
                f"{type(self).__name__}: input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                f"got {x.shape[-1]} (input of shape {list(input.shape)})"
            )
        B = x.shape[1]
        D = 2 if self.bidirectional else 1
        real_hidden = self.proj_size if self.proj_size > 0 else self.hidden_size
        h0, c0 = self._initial_state(hx, B, D, real_hidden, batched, x, sorted_idx)
        h_n, c_n = [], []
        for layer in range(self.num_layers):
            outs = []
            for d in range(D):
                idx = layer * D + d
                out, h, c = _run_direction(
                    self.mode, x, h0[idx], None if c0 is None else c0[idx], self._weights(layer, d), lengths, d == 1
                )
                outs.append(out)
                h_n.append(h)
                c_n.append(c)
            x = outs[0] if D == 1 else ember.cat(outs, 2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        h_n = ember.stack(h_n)
        c_n = ember.stack(c_n) if self.mode == "LSTM" else None
        if packed:
            if unsorted_idx is not None:
                h_n = h_n.index_select(1, unsorted_idx)
                c_n = c_n.index_select(1, unsorted_idx) if c_n is not None else None
            out = pack_padded_sequence(x, lengths)
            output = PackedSequence(out.data, out.batch_sizes, sorted_idx, unsorted_idx)
        else:
            output = x.transpose(0, 1) if batched and self.batch_first else x
            if not batched:
                output, h_n = output.squeeze(1), h_n.squeeze(1)
                c_n = c_n.squeeze(1) if c_n is not None else None
        return (output, (h_n, c_n)) if self.mode == "LSTM" else (output, h_n)

    def _initial_state(self, hx, B, D, real_hidden, batched, x, sorted_idx):
        n = self.num_layers * D
        if hx is None:
            h0 = ember.zeros(n, B, real_hidden, dtype=x.dtype, device=x.device)
            c0 = ember.zeros(n, B, self.hidden_size, dtype=x.dtype, device=x.device) if self.mode == "LSTM" else None
            return h0, c0
        if self.mode == "LSTM":
            h0, c0 = hx
        else:
            h0, c0 = hx, None
        if not batched:
            h0 = h0.unsqueeze(1)
            c0 = c0.unsqueeze(1) if c0 is not None else None
        expected = (n, B, real_hidden)
        if tuple(h0.shape) != expected:
            raise RuntimeError(f"Expected hidden size {expected}, got {list(h0.shape)}")
        if c0 is not None and tuple(c0.shape) != (n, B, self.hidden_size):
            raise RuntimeError(f"Expected hidden[1] size {(n, B, self.hidden_size)}, got {list(c0.shape)}")
        if sorted_idx is not None:
            h0 = h0.index_select(1, sorted_idx)
            c0 = c0.index_select(1, sorted_idx) if c0 is not None else None
        return h0, c0


class RNN(RNNBase):
    """A multi-layer Elman RNN with ``tanh`` or ``relu`` nonlinearity.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> rnn = nn.RNN(3, 5, bidirectional=True)
    >>> output, h = rnn(ember.zeros(7, 4, 3))
    >>> output.shape, h.shape
    (ember.Size([7, 4, 10]), ember.Size([2, 4, 5]))
    """

    def __init__(self, *args, nonlinearity="tanh", **kwargs):
        if len(args) > 3:  # PyTorch's positional order: input_size, hidden_size, num_layers, nonlinearity, ...
            args = list(args)
            nonlinearity = args.pop(3)
        if nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__(mode, *args, **kwargs)

    def extra_repr(self):
        s = super().extra_repr()
        return s + (f", nonlinearity={self.nonlinearity}" if self.nonlinearity != "tanh" else "")


class LSTM(RNNBase):
    """A multi-layer long short-term memory network.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> lstm = nn.LSTM(input_size=3, hidden_size=5, num_layers=2, batch_first=True)
    >>> output, (h, c) = lstm(ember.zeros(4, 7, 3))
    >>> output.shape, h.shape, c.shape
    (ember.Size([4, 7, 5]), ember.Size([2, 4, 5]), ember.Size([2, 4, 5]))
    """

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)


class GRU(RNNBase):
    """A multi-layer gated recurrent unit network.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> gru = nn.GRU(3, 5)
    >>> output, h = gru(ember.zeros(7, 4, 3))
    >>> output.shape, h.shape
    (ember.Size([7, 4, 5]), ember.Size([1, 4, 5]))
    """

    def __init__(self, *args, **kwargs):
        super().__init__("GRU", *args, **kwargs)


class RNNCellBase(Module):
    """The shared machinery of the single-step cells.

    Example:

    >>> import ember.nn as nn
    >>> cell = nn.GRUCell(3, 4)
    >>> isinstance(cell, nn.RNNCellBase), cell.weight_ih.shape
    (True, ember.Size([12, 3]))
    """

    _mode = "RNN_TANH"

    def __init__(self, input_size, hidden_size, bias=True, num_chunks=1, device=None, dtype=None):
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        factory = _factory_kwargs(device, dtype)
        self.weight_ih = Parameter(ember.empty(num_chunks * hidden_size, input_size, **factory))
        self.weight_hh = Parameter(ember.empty(num_chunks * hidden_size, hidden_size, **factory))
        if bias:
            self.bias_ih = Parameter(ember.empty(num_chunks * hidden_size, **factory))
            self.bias_hh = Parameter(ember.empty(num_chunks * hidden_size, **factory))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    reset_parameters = RNNBase.reset_parameters

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def _cell(self, input, h, c):
        if input.ndim not in (1, 2):
            raise ValueError(f"{type(self).__name__}: Expected input to be 1D or 2D, got {input.ndim}D instead")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(
                f"{type(self).__name__}: input has inconsistent input_size: got {input.shape[-1]} expected "
                f"{self.input_size} (input of shape {list(input.shape)})"
            )
        batched = input.ndim == 2
        x = input if batched else input.unsqueeze(0)
        B = x.shape[0]
        h = (
            ember.zeros(B, self.hidden_size, dtype=x.dtype, device=x.device)
            if h is None
            else (h if batched else h.unsqueeze(0))
        )
        if self._mode == "LSTM":
            c = (
                ember.zeros(B, self.hidden_size, dtype=x.dtype, device=x.device)
                if c is None
                else (c if batched else c.unsqueeze(0))
            )
        gi = F.linear(x, self.weight_ih, self.bias_ih)
        h, c = _rnn_step(self._mode, gi, h, c, self.weight_hh, self.bias_hh, None)
        if not batched:
            h = h.squeeze(0)
            c = c.squeeze(0) if c is not None else None
        return h, c


class RNNCell(RNNCellBase):
    """One step of an Elman RNN: ``h' = tanh(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh)``.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> nn.RNNCell(3, 5)(ember.zeros(4, 3)).shape
    ember.Size([4, 5])
    """

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        self.nonlinearity = nonlinearity
        self._mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"

    def forward(self, input, hx=None):
        return self._cell(input, hx, None)[0]


class LSTMCell(RNNCellBase):
    """One step of an LSTM: returns the next ``(h, c)``.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> cell = nn.LSTMCell(3, 5)
    >>> h, c = cell(ember.zeros(4, 3))
    >>> h.shape, c.shape
    (ember.Size([4, 5]), ember.Size([4, 5]))
    """

    _mode = "LSTM"

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input, hx=None):
        h, c = (None, None) if hx is None else hx
        return self._cell(input, h, c)


class GRUCell(RNNCellBase):
    """One step of a GRU: returns the next hidden state.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> nn.GRUCell(3, 5)(ember.zeros(4, 3)).shape
    ember.Size([4, 5])
    """

    _mode = "GRU"

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        return self._cell(input, hx, None)[0]
