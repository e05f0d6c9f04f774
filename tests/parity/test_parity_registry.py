"""The op registry's `differentiable` against torch: an op is differentiable
when torch, given float64 inputs that require grad, returns a result that
requires grad and backpropagates through it."""

import pytest
from nn_calls import NN_CALLS
from op_db import OPS_BY_NAME
from oracle import torch, torch_op

import ember

REGISTRY = {op["name"]: op for op in ember._C._op_registry()}
# Registry ops outside op_db, called on float64 tensors x, y, z of shape (3, 4).
CALLS = {
    "where": lambda x, y, z: torch.where(x > 1, y, z),
    "lerp": lambda x, y, z: torch.lerp(x, y, z),
    "addcmul": lambda x, y, z: torch.addcmul(x, y, z),
    "addcdiv": lambda x, y, z: torch.addcdiv(x, y, z),
    "empty": lambda x, y, z: torch.empty(3, dtype=x.dtype),
    "full": lambda x, y, z: torch.full((3,), 2.0, dtype=x.dtype),
    "zeros": lambda x, y, z: torch.zeros(3, dtype=x.dtype),
    "ones": lambda x, y, z: torch.ones(3, dtype=x.dtype),
    "arange": lambda x, y, z: torch.arange(3.0, dtype=x.dtype),
    "as_strided": lambda x, y, z: x.as_strided((2, 2), (1, 1)),
    "narrow": lambda x, y, z: x.narrow(0, 1, 2),
    "slice": lambda x, y, z: x[1:3],
    "select": lambda x, y, z: x.select(0, 1),
    "unsqueeze": lambda x, y, z: x.unsqueeze(0),
    "transpose": lambda x, y, z: x.transpose(0, 1),
    "copy_": lambda x, y, z: torch.empty_like(x).copy_(x),
    "clone": lambda x, y, z: x.clone(),
    "contiguous": lambda x, y, z: x.t().contiguous(),
    "to": lambda x, y, z: x.to(torch.float32),
    "matmul": lambda x, y, z: x @ y.t(),
    "allclose": lambda x, y, z: torch.tensor(torch.allclose(x, y)),
    "equal": lambda x, y, z: torch.tensor(torch.equal(x, y)),
    "clamp": lambda x, y, z: x.clamp(y, z),
    "linspace": lambda x, y, z: torch.linspace(0, 1, 3, dtype=x.dtype),
    "logspace": lambda x, y, z: torch.logspace(0, 1, 3, dtype=x.dtype),
    "eye": lambda x, y, z: torch.eye(3, dtype=x.dtype),
    "empty_like": lambda x, y, z: torch.empty_like(x),
    "fill_": lambda x, y, z: torch.empty_like(x).fill_(2.0),
    "t": lambda x, y, z: x.t(),
    "T": lambda x, y, z: x.T,
    "mT": lambda x, y, z: x.mT,
    "view": lambda x, y, z: x.view(12),
    "view_dtype": lambda x, y, z: x.view(torch.int64),
    "reshape": lambda x, y, z: x.t().reshape(12),
    "flatten": lambda x, y, z: x.flatten(),
    "unflatten": lambda x, y, z: x.unflatten(1, (2, 2)),
    "squeeze": lambda x, y, z: x[None].squeeze(0),
    "permute": lambda x, y, z: x.permute(1, 0),
    "movedim": lambda x, y, z: x.movedim(0, 1),
    "expand": lambda x, y, z: x[None].expand(2, 3, 4),
    "broadcast_to": lambda x, y, z: x.broadcast_to((2, 3, 4)),
    "unfold": lambda x, y, z: x.unfold(1, 2, 1),
    "diagonal": lambda x, y, z: x.diagonal(),
    "real": lambda x, y, z: torch.complex(x, y).real,
    "imag": lambda x, y, z: torch.complex(x, y).imag,
    "view_as_real": lambda x, y, z: torch.view_as_real(torch.complex(x, y)),
    "view_as_complex": lambda x, y, z: torch.view_as_complex(torch.stack([x, y], -1)),
    # shape ops (Tensor core II); split-like ops return tuples: their first piece
    "cat": lambda x, y, z: torch.cat([x, y]),
    "stack": lambda x, y, z: torch.stack([x, y]),
    "hstack": lambda x, y, z: torch.hstack([x, y]),
    "vstack": lambda x, y, z: torch.vstack([x, y]),
    "dstack": lambda x, y, z: torch.dstack([x, y]),
    "column_stack": lambda x, y, z: torch.column_stack([x, y]),
    "atleast_1d": lambda x, y, z: torch.atleast_1d(x[0, 0]),
    "atleast_2d": lambda x, y, z: torch.atleast_2d(x[0]),
    "atleast_3d": lambda x, y, z: torch.atleast_3d(x),
    "split": lambda x, y, z: x.split(2)[0],
    "split_with_sizes": lambda x, y, z: x.split_with_sizes([1, 2])[1],
    "chunk": lambda x, y, z: x.chunk(2, 1)[1],
    "tensor_split": lambda x, y, z: x.tensor_split(2)[0],
    "hsplit": lambda x, y, z: x.hsplit(2)[0],
    "vsplit": lambda x, y, z: x.vsplit([1])[1],
    "dsplit": lambda x, y, z: x[None].dsplit(2)[0],
    "meshgrid": lambda x, y, z: torch.meshgrid(x[0], y[0], indexing="ij")[0],
    "flip": lambda x, y, z: x.flip(0),
    "fliplr": lambda x, y, z: x.fliplr(),
    "flipud": lambda x, y, z: x.flipud(),
    "roll": lambda x, y, z: x.roll(1, 0),
    "rot90": lambda x, y, z: x.rot90(),
    "repeat": lambda x, y, z: x.repeat(2, 1),
    "tile": lambda x, y, z: x.tile(2),
    "repeat_interleave": lambda x, y, z: x.repeat_interleave(2, 0),
    "tril": lambda x, y, z: x.tril(),
    "triu": lambda x, y, z: x.triu(),
    "tril_indices": lambda x, y, z: torch.tril_indices(3, 3),
    "triu_indices": lambda x, y, z: torch.triu_indices(3, 3),
    "diag": lambda x, y, z: x.diag(),
    "diag_embed": lambda x, y, z: x.diag_embed(),
    "diagflat": lambda x, y, z: x.diagflat(),
    "block_diag": lambda x, y, z: torch.block_diag(x, y),
    "cartesian_prod": lambda x, y, z: torch.cartesian_prod(x[0], y[0]),
    "kron": lambda x, y, z: torch.kron(x, y),
    "pad": lambda x, y, z: torch.nn.functional.pad(x[None], (1, 1), mode="reflect"),
    # random numbers: in-place fills on a non-leaf (a leaf can't be written in place)
    "rand": lambda x, y, z: torch.rand(3, dtype=x.dtype),
    "randn": lambda x, y, z: torch.randn(3, dtype=x.dtype),
    "randint": lambda x, y, z: torch.randint(0, 5, (3,), dtype=x.dtype),
    "randperm": lambda x, y, z: torch.randperm(3, dtype=x.dtype),
    "rand_like": lambda x, y, z: torch.rand_like(x),
    "randn_like": lambda x, y, z: torch.randn_like(x),
    "randint_like": lambda x, y, z: torch.randint_like(x, 5),
    "uniform_": lambda x, y, z: (x * 1).uniform_(),
    "normal_": lambda x, y, z: (x * 1).normal_(),
    "bernoulli_": lambda x, y, z: (x * 1).bernoulli_(0.5),
    "exponential_": lambda x, y, z: (x * 1).exponential_(),
    "geometric_": lambda x, y, z: (x * 1).geometric_(0.5),
    "cauchy_": lambda x, y, z: (x * 1).cauchy_(),
    "log_normal_": lambda x, y, z: (x * 1).log_normal_(),
    "random_": lambda x, y, z: (x * 1).random_(0, 5),
    "normal": lambda x, y, z: torch.normal(x, y),
    "bernoulli": lambda x, y, z: torch.bernoulli(x / 2),
    "multinomial": lambda x, y, z: torch.multinomial(x, 2),
    "poisson": lambda x, y, z: torch.poisson(x),
    # indexing (Tensor core II)
    "index": lambda x, y, z: x[torch.tensor([2, 0])],
    "index_put_": lambda x, y, z: x.clone().index_put_((torch.tensor([1]),), y[0]),
    "index_select": lambda x, y, z: x.index_select(1, torch.tensor([3, 0])),
    "gather": lambda x, y, z: x.gather(1, torch.tensor([[0], [1], [3]])),
    "scatter": lambda x, y, z: x.scatter(1, torch.tensor([[0], [1], [3]]), y[:, :1]),
    "scatter_add": lambda x, y, z: x.scatter_add(1, torch.tensor([[0], [1], [3]]), y[:, :1]),
    "scatter_reduce": lambda x, y, z: x.scatter_reduce(1, torch.tensor([[0], [1], [3]]), y[:, :1], "amax"),
    "take": lambda x, y, z: x.take(torch.tensor([5, 0])),
    "take_along_dim": lambda x, y, z: x.take_along_dim(torch.tensor([[0], [1], [3]]), 1),
    "put_": lambda x, y, z: x.clone().put_(torch.tensor([5, 0]), y[0, :2]),
    "index_add": lambda x, y, z: x.index_add(0, torch.tensor([2]), y[:1]),
    "index_copy": lambda x, y, z: x.index_copy(0, torch.tensor([2]), y[:1]),
    "index_fill": lambda x, y, z: x.index_fill(1, torch.tensor([2]), 0.5),
    "masked_fill": lambda x, y, z: x.masked_fill(x > 1, 0.5),
    "masked_select": lambda x, y, z: x.masked_select(x > 1),
    "masked_scatter": lambda x, y, z: x.masked_scatter(x > 1, y),
    "nonzero": lambda x, y, z: x.nonzero(),
    "argwhere": lambda x, y, z: torch.argwhere(x),
    # reductions and ops along a dim (Tensor core II); tuple results: their values
    "sum": lambda x, y, z: x.sum(1),
    "nansum": lambda x, y, z: x.nansum(1),
    "prod": lambda x, y, z: x.prod(1),
    "mean": lambda x, y, z: x.mean(1),
    "nanmean": lambda x, y, z: x.nanmean(1),
    "amax": lambda x, y, z: x.amax(1),
    "amin": lambda x, y, z: x.amin(1),
    "max": lambda x, y, z: x.max(1).values,
    "min": lambda x, y, z: x.min(1).values,
    "argmax": lambda x, y, z: x.argmax(1),
    "argmin": lambda x, y, z: x.argmin(1),
    "aminmax": lambda x, y, z: torch.aminmax(x, dim=1).max,
    "all": lambda x, y, z: x.all(1),
    "any": lambda x, y, z: x.any(1),
    "count_nonzero": lambda x, y, z: x.count_nonzero(1),
    "var": lambda x, y, z: x.var(1),
    "std": lambda x, y, z: x.std(1),
    "var_mean": lambda x, y, z: torch.var_mean(x, 1)[0],
    "std_mean": lambda x, y, z: torch.std_mean(x, 1)[0],
    "logsumexp": lambda x, y, z: x.logsumexp(1),
    "norm": lambda x, y, z: x.norm(),
    "vector_norm": lambda x, y, z: torch.linalg.vector_norm(x, 3),
    "softmax": lambda x, y, z: x.softmax(1),
    "log_softmax": lambda x, y, z: x.log_softmax(1),
    "cumsum": lambda x, y, z: x.cumsum(1),
    "cumprod": lambda x, y, z: x.cumprod(1),
    "cummax": lambda x, y, z: x.cummax(1).values,
    "cummin": lambda x, y, z: x.cummin(1).values,
    "logcumsumexp": lambda x, y, z: x.logcumsumexp(1),
    "diff": lambda x, y, z: x.diff(dim=1),
    # linear algebra (issue 5): products, then torch.linalg on square/PD matrices built from x, y
    "mm": lambda x, y, z: x.mm(y.t()),
    "bmm": lambda x, y, z: x[None].bmm(y.t()[None]),
    "mv": lambda x, y, z: x.mv(y[0]),
    "dot": lambda x, y, z: x[0].dot(y[0]),
    "vdot": lambda x, y, z: x[0].vdot(y[0]),
    "outer": lambda x, y, z: x[0].outer(y[0]),
    "inner": lambda x, y, z: x.inner(y),
    "addmm": lambda x, y, z: torch.addmm(z[:, :3], x, y.t()),
    "addmv": lambda x, y, z: torch.addmv(z[:, 0], x, y[0]),
    "addbmm": lambda x, y, z: torch.addbmm(z[:, :3], x[None], y.t()[None]),
    "baddbmm": lambda x, y, z: torch.baddbmm(z[:, :3], x[None], y.t()[None]),
    "addr": lambda x, y, z: torch.addr(z, x[:, 0], y[0]),
    "tensordot": lambda x, y, z: torch.tensordot(x, y, dims=([1], [1])),
    "einsum": lambda x, y, z: torch.einsum("ij,kj->ik", x, y),
    "chain_matmul": lambda x, y, z: torch.linalg.multi_dot([x, y.t(), z]),
    "multi_dot": lambda x, y, z: torch.linalg.multi_dot([x, y.t(), z]),
    "vecdot": lambda x, y, z: torch.linalg.vecdot(x, y),
    "det": lambda x, y, z: torch.linalg.det(x @ y.t()),
    "slogdet": lambda x, y, z: torch.linalg.slogdet(x @ y.t()).logabsdet,
    "logdet": lambda x, y, z: torch.logdet(x @ x.t() + torch.eye(3)),
    "inv": lambda x, y, z: torch.linalg.inv(x @ x.t() + torch.eye(3)),
    "inv_ex": lambda x, y, z: torch.linalg.inv_ex(x @ x.t() + torch.eye(3)).inverse,
    "solve": lambda x, y, z: torch.linalg.solve(x @ x.t() + torch.eye(3), y),
    "solve_ex": lambda x, y, z: torch.linalg.solve_ex(x @ x.t() + torch.eye(3), y).result,
    "solve_triangular": lambda x, y, z: torch.linalg.solve_triangular((x @ x.t()).triu() + torch.eye(3), y, upper=True),
    "cholesky": lambda x, y, z: torch.linalg.cholesky(x @ x.t() + torch.eye(3)),
    "cholesky_ex": lambda x, y, z: torch.linalg.cholesky_ex(x @ x.t() + torch.eye(3)).L,
    "qr": lambda x, y, z: torch.linalg.qr(x).R,
    "eigh": lambda x, y, z: torch.linalg.eigh(x @ x.t()).eigenvalues,
    "eigvalsh": lambda x, y, z: torch.linalg.eigvalsh(x @ x.t()),
    "svd": lambda x, y, z: torch.linalg.svd(x, full_matrices=False).S,
    "svdvals": lambda x, y, z: torch.linalg.svdvals(x),
    "lstsq": lambda x, y, z: torch.linalg.lstsq(x.t(), y.t()).solution,
    "pinv": lambda x, y, z: torch.linalg.pinv(x),
    "matrix_rank": lambda x, y, z: torch.linalg.matrix_rank(x),
    "matrix_norm": lambda x, y, z: torch.linalg.matrix_norm(x, "nuc"),
    "linalg_norm": lambda x, y, z: torch.linalg.norm(x, 2),
    "cond": lambda x, y, z: torch.linalg.cond(x @ x.t()),
    "matrix_power": lambda x, y, z: torch.linalg.matrix_power(x @ y.t(), 3),
    "matrix_exp": lambda x, y, z: torch.linalg.matrix_exp(x @ y.t()),
    "cross": lambda x, y, z: torch.linalg.cross(x[:, :3], y[:, :3]),
    "lu": lambda x, y, z: torch.linalg.lu(x).U,
    "lu_factor": lambda x, y, z: torch.linalg.lu_factor(x @ y.t()).LU,
    "lu_factor_ex": lambda x, y, z: torch.linalg.lu_factor_ex(x @ y.t()).LU,
    "lu_solve": lambda x, y, z: torch.linalg.lu_solve(*torch.linalg.lu_factor(x @ x.t() + torch.eye(3)), y),
    "eig": lambda x, y, z: torch.linalg.eig(x @ x.t()).eigenvalues,
    "eigvals": lambda x, y, z: torch.linalg.eigvals(x @ x.t()),
    "householder_product": lambda x, y, z: torch.linalg.householder_product(x.t(), y[:, 0]),
    "tensorinv": lambda x, y, z: torch.linalg.tensorinv((x @ x.t() + torch.eye(3)), ind=1),
    "tensorsolve": lambda x, y, z: torch.linalg.tensorsolve(x @ x.t() + torch.eye(3), y[:, 0]),
    "vander": lambda x, y, z: torch.linalg.vander(x[0]),
    "conj_physical": lambda x, y, z: torch.conj_physical(x),
    **NN_CALLS,  # conv, pool, norm, upsample (issue 5)
}


def torch_call(name):
    """fn(x, y, z) calling torch's version of registry op `name`."""
    if name in CALLS:
        return CALLS[name]
    fn = torch_op(OPS_BY_NAME[name])
    if OPS_BY_NAME[name].arity == 1:
        return lambda x, y, z: fn(x)
    return lambda x, y, z: fn(x, y)


def differentiable_in_torch(name):
    x, y, z = (torch.rand(3, 4, dtype=torch.float64).add(0.5).requires_grad_() for _ in range(3))
    try:
        out = torch_call(name)(x, y, z)
        if not out.requires_grad:
            return False
        out.abs().sum().backward()  # abs: complex results too
    except (RuntimeError, TypeError, NotImplementedError):  # no float kernel, or no derivative
        return False
    return True


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_differentiable_as_in_torch(name):
    assert REGISTRY[name]["differentiable"] == differentiable_in_torch(name)


def test_every_registry_op_has_a_torch_call():
    assert sorted(n for n in REGISTRY if n not in CALLS and n not in OPS_BY_NAME) == []
