"""The core's op registry (ember._C._op_registry()) against the tests.

Every op in the registry has tests: an op-database entry (op_db.py) for the
elementwise kinds op_db knows, which the generic tests in test_elementwise.py
run; otherwise an entry in COVERED_BY below naming the test files that call
it. Every op_db entry is a registry op, and every public function or Tensor
method is a registry op or listed below as something else. When this fails
after you add an op: add it to kOps in native/src/ops/registry.cpp and give
it an op_db entry or a COVERED_BY line.
"""

import re
from pathlib import Path

import pytest
from op_db import OPS

import ember

HERE = Path(__file__).parent
REGISTRY = {op["name"]: op for op in ember._C._op_registry()}
KINDS = (
    "unary",
    "binary",
    "comparison",
    "predicate",
    "ternary",
    "reduction",
    "creation",
    "view",
    "copy",
    "linalg",
    "indexing",
    "shape",
    "sorting",
    "random",
    "nn",
)
# op_db's kind for each registry kind it covers.
OP_DB_KIND = {"unary": "unary", "binary": "binary", "comparison": "compare", "predicate": "predicate"}
# op_db entries that test a registry op under another spelling.
OP_DB_VARIANTS = {
    "true_divide": "div",
    "div_floor": "floor_divide",
    "round_decimals": "round",
    "clip": "clamp",
    "clamp_int": "clamp",
}
# Registry ops op_db covers under another kind: clamp (ternary) and
# clamp_min/clamp_max (binary) take tensor bounds; op_db runs them with number
# bounds, as unary ops.
OP_DB_KIND_EXCEPTIONS = {"clamp": "unary", "clamp_min": "unary", "clamp_max": "unary"}


def mentions(name):
    """A use of ember's op `name`: ember.name, t.name(...) or fn=ember.name, not NumPy's np.name."""
    return rf"(?<!np)\.{re.escape(name)}\b"


# Registry ops outside op_db: {op: {test file: regex of a use}}. ternary ops
# stay here until op_db has a ternary kind.
COVERED_BY = {
    "where": {"test_elementwise_extra.py": mentions("where")},
    "lerp": {"test_elementwise_extra.py": mentions("lerp")},
    "addcmul": {"test_elementwise_extra.py": mentions("addcmul")},
    "addcdiv": {"test_elementwise_extra.py": mentions("addcdiv")},
    "empty": {"test_creation.py": mentions("empty")},
    "full": {"test_creation.py": mentions("full")},
    "zeros": {"test_creation.py": mentions("zeros")},
    "ones": {"test_creation.py": mentions("ones")},
    "arange": {"test_creation.py": mentions("arange")},
    "as_strided": {"test_views.py": mentions("as_strided")},
    "narrow": {"test_views.py": mentions("narrow")},
    "slice": {"test_views.py": r"\[[^\]\n]*:[^\]\n]*\]"},  # t[a:b:c]
    "select": {"test_views.py": mentions("select")},
    "unsqueeze": {"test_views.py": mentions("unsqueeze")},
    "transpose": {"test_views.py": mentions("transpose")},
    "copy_": {"test_views.py": mentions("copy_")},
    "clone": {"test_views.py": mentions("clone")},
    "contiguous": {"test_views.py": mentions("contiguous")},
    "to": {"test_dtypes.py": mentions("to")},
    "matmul": {"test_matmul.py": mentions("matmul")},
    "clamp": {"test_elementwise_params.py": mentions("clamp")},
    "allclose": {"test_elementwise_params.py": mentions("allclose")},
    "equal": {"test_elementwise_params.py": mentions("equal")},
    "linspace": {"test_creation.py": mentions("linspace")},
    "logspace": {"test_creation.py": mentions("logspace")},
    "eye": {"test_creation.py": mentions("eye")},
    "empty_like": {"test_creation.py": mentions("empty_like")},
    "fill_": {"test_creation.py": mentions("fill_")},
    "t": {"test_views_shape.py": mentions("t")},
    "T": {"test_views_shape.py": mentions("T")},
    "mT": {"test_views_shape.py": mentions("mT")},
    "view": {"test_views_shape.py": mentions("view")},
    "view_dtype": {"test_views_shape.py": r"\.view\(ember\.\w+\)"},  # t.view(ember.float64)
    "reshape": {"test_views_shape.py": mentions("reshape")},
    "flatten": {"test_views_shape.py": mentions("flatten")},
    "unflatten": {"test_views_shape.py": mentions("unflatten")},
    "squeeze": {"test_views_shape.py": mentions("squeeze")},
    "permute": {"test_views_shape.py": mentions("permute")},
    "movedim": {"test_views_shape.py": mentions("movedim")},
    "expand": {"test_views_shape.py": mentions("expand")},
    "broadcast_to": {"test_views_shape.py": mentions("broadcast_to")},
    "unfold": {"test_views_shape.py": mentions("unfold")},
    "diagonal": {"test_views_shape.py": mentions("diagonal")},
    "real": {"test_views_shape.py": mentions("real")},
    "imag": {"test_views_shape.py": mentions("imag")},
    "view_as_real": {"test_views_shape.py": mentions("view_as_real")},
    "view_as_complex": {"test_views_shape.py": mentions("view_as_complex")},
    # shape ops (Tensor core II)
    "cat": {"test_shape_ops.py": mentions("cat")},
    "stack": {"test_shape_ops.py": mentions("stack")},
    "hstack": {"test_shape_ops.py": mentions("hstack")},
    "vstack": {"test_shape_ops.py": mentions("vstack")},
    "dstack": {"test_shape_ops.py": mentions("dstack")},
    "column_stack": {"test_shape_ops.py": mentions("column_stack")},
    "atleast_1d": {"test_shape_ops.py": mentions("atleast_1d")},
    "atleast_2d": {"test_shape_ops.py": mentions("atleast_2d")},
    "atleast_3d": {"test_shape_ops.py": mentions("atleast_3d")},
    "split": {"test_shape_ops.py": mentions("split")},
    "split_with_sizes": {"test_shape_ops.py": mentions("split_with_sizes")},
    "chunk": {"test_shape_ops.py": mentions("chunk")},
    "tensor_split": {"test_shape_ops.py": mentions("tensor_split")},
    "hsplit": {"test_shape_ops.py": mentions("hsplit")},
    "vsplit": {"test_shape_ops.py": mentions("vsplit")},
    "dsplit": {"test_shape_ops.py": mentions("dsplit")},
    "flip": {"test_shape_ops_reorder.py": mentions("flip")},
    "fliplr": {"test_shape_ops_reorder.py": mentions("fliplr")},
    "flipud": {"test_shape_ops_reorder.py": mentions("flipud")},
    "roll": {"test_shape_ops_reorder.py": mentions("roll")},
    "rot90": {"test_shape_ops_reorder.py": mentions("rot90")},
    "repeat": {"test_shape_ops_reorder.py": mentions("repeat")},
    "tile": {"test_shape_ops_reorder.py": mentions("tile")},
    "repeat_interleave": {"test_shape_ops_reorder.py": mentions("repeat_interleave")},
    "tril": {"test_shape_ops_tri.py": mentions("tril")},
    "triu": {"test_shape_ops_tri.py": mentions("triu")},
    "tril_indices": {"test_shape_ops_tri.py": mentions("tril_indices")},
    "triu_indices": {"test_shape_ops_tri.py": mentions("triu_indices")},
    "diag": {"test_shape_ops_tri.py": mentions("diag")},
    "diag_embed": {"test_shape_ops_tri.py": mentions("diag_embed")},
    "diagflat": {"test_shape_ops_tri.py": mentions("diagflat")},
    "block_diag": {"test_shape_ops_tri.py": mentions("block_diag")},
    "meshgrid": {"test_shape_ops_tri.py": mentions("meshgrid")},
    "cartesian_prod": {"test_shape_ops_tri.py": mentions("cartesian_prod")},
    "kron": {"test_shape_ops_tri.py": mentions("kron")},
    "pad": {"test_shape_ops_pad.py": mentions("pad")},
    # random numbers (Tensor core II: random)
    "rand": {"test_random.py": mentions("rand"), "test_random_dists.py": mentions("rand")},
    "randn": {"test_random.py": mentions("randn"), "test_random_dists.py": mentions("randn")},
    "randint": {"test_random.py": mentions("randint"), "test_random_dists.py": mentions("randint")},
    "randperm": {"test_random.py": mentions("randperm"), "test_random_dists.py": mentions("randperm")},
    "rand_like": {"test_random.py": mentions("rand_like")},
    "randn_like": {"test_random.py": mentions("randn_like")},
    "randint_like": {"test_random.py": mentions("randint_like")},
    "uniform_": {"test_random.py": mentions("uniform_"), "test_random_dists.py": mentions("uniform_")},
    "normal_": {"test_random.py": mentions("normal_"), "test_random_dists.py": mentions("normal_")},
    "bernoulli_": {"test_random.py": mentions("bernoulli_"), "test_random_dists.py": mentions("bernoulli_")},
    "exponential_": {"test_random.py": mentions("exponential_"), "test_random_dists.py": mentions("exponential_")},
    "geometric_": {"test_random.py": mentions("geometric_"), "test_random_dists.py": mentions("geometric_")},
    "cauchy_": {"test_random.py": mentions("cauchy_"), "test_random_dists.py": mentions("cauchy_")},
    "log_normal_": {"test_random.py": mentions("log_normal_"), "test_random_dists.py": mentions("log_normal_")},
    "random_": {"test_random.py": mentions("random_"), "test_random_dists.py": mentions("random_")},
    "normal": {"test_random.py": mentions("normal"), "test_random_dists.py": mentions("normal")},
    "bernoulli": {"test_random.py": mentions("bernoulli"), "test_random_dists.py": mentions("bernoulli")},
    "multinomial": {"test_random.py": mentions("multinomial"), "test_random_dists.py": mentions("multinomial")},
    "poisson": {"test_random.py": mentions("poisson"), "test_random_dists.py": mentions("poisson")},
    # indexing (Tensor core II)
    "index": {"test_indexing.py": r"\[ember\.tensor\("},  # t[ember.tensor(...)]
    "index_put_": {"test_indexing.py": mentions("index_put_")},
    "index_select": {"test_indexing_ops.py": mentions("index_select")},
    "gather": {"test_indexing_ops.py": mentions("gather")},
    "scatter": {"test_indexing_ops.py": mentions("scatter")},
    "scatter_add": {"test_indexing_ops.py": mentions("scatter_add")},
    "scatter_reduce": {"test_indexing_ops.py": mentions("scatter_reduce")},
    "take": {"test_indexing_ops.py": mentions("take")},
    "take_along_dim": {"test_indexing_ops.py": mentions("take_along_dim")},
    "put_": {"test_indexing_ops.py": mentions("put_")},
    "index_add": {"test_indexing_ops.py": mentions("index_add")},
    "index_copy": {"test_indexing_ops.py": mentions("index_copy")},
    "index_fill": {"test_indexing_ops.py": mentions("index_fill")},
    "masked_fill": {"test_indexing_masked.py": mentions("masked_fill")},
    "masked_select": {"test_indexing_masked.py": mentions("masked_select")},
    "masked_scatter": {"test_indexing_masked.py": mentions("masked_scatter")},
    "nonzero": {"test_indexing_masked.py": mentions("nonzero")},
    "argwhere": {"test_indexing_masked.py": mentions("argwhere")},
    # reductions (Tensor core II: reductions)
    "sum": {"test_reduce.py": mentions("sum")},
    "nansum": {"test_reduce.py": mentions("nansum")},
    "prod": {"test_reduce.py": mentions("prod")},
    "mean": {"test_reduce.py": mentions("mean")},
    "nanmean": {"test_reduce.py": mentions("nanmean")},
    "amax": {"test_reduce.py": mentions("amax")},
    "amin": {"test_reduce.py": mentions("amin")},
    "max": {"test_reduce.py": mentions("max")},
    "min": {"test_reduce.py": mentions("min")},
    "argmax": {"test_reduce.py": mentions("argmax")},
    "argmin": {"test_reduce.py": mentions("argmin")},
    "aminmax": {"test_reduce.py": mentions("aminmax")},
    "all": {"test_reduce.py": mentions("all")},
    "any": {"test_reduce.py": mentions("any")},
    "count_nonzero": {"test_reduce.py": mentions("count_nonzero")},
    "var": {"test_reduce_stats.py": mentions("var")},
    "std": {"test_reduce_stats.py": mentions("std")},
    "var_mean": {"test_reduce_stats.py": mentions("var_mean")},
    "std_mean": {"test_reduce_stats.py": mentions("std_mean")},
    "logsumexp": {"test_reduce_stats.py": mentions("logsumexp")},
    "norm": {"test_reduce_stats.py": mentions("norm")},
    "vector_norm": {"test_reduce_stats.py": mentions("vector_norm")},
    "softmax": {"test_reduce_stats.py": mentions("softmax")},
    "log_softmax": {"test_reduce_stats.py": mentions("log_softmax")},
    "cumsum": {"test_reduce_stats.py": mentions("cumsum")},
    "cumprod": {"test_reduce_stats.py": mentions("cumprod")},
    "cummax": {"test_reduce_stats.py": mentions("cummax")},
    "cummin": {"test_reduce_stats.py": mentions("cummin")},
    "logcumsumexp": {"test_reduce_stats.py": mentions("logcumsumexp")},
    "diff": {"test_reduce_stats.py": mentions("diff")},
    # linear algebra (issue 5)
    "mm": {"test_matmul_ranks.py": mentions("mm")},
    "bmm": {"test_matmul_ranks.py": mentions("bmm")},
    "mv": {"test_matmul_ranks.py": mentions("mv")},
    "dot": {"test_matmul_ranks.py": mentions("dot")},
    "vdot": {"test_matmul_ranks.py": mentions("vdot")},
    "outer": {"test_matmul_ranks.py": mentions("outer")},
    "addmm": {"test_matmul_ranks.py": mentions("addmm")},
    "addmv": {"test_matmul_ranks.py": mentions("addmv")},
    "addbmm": {"test_matmul_ranks.py": mentions("addbmm")},
    "baddbmm": {"test_matmul_ranks.py": mentions("baddbmm")},
    "addr": {"test_matmul_ranks.py": mentions("addr")},
    "inner": {"test_matmul_einsum.py": mentions("inner")},
    "tensordot": {"test_matmul_einsum.py": mentions("tensordot")},
    "einsum": {"test_matmul_einsum.py": mentions("einsum")},
    "chain_matmul": {"test_matmul_einsum.py": mentions("chain_matmul")},
    "multi_dot": {"test_matmul_einsum.py": mentions("multi_dot")},
    "vecdot": {"test_matmul_einsum.py": mentions("vecdot")},
    "det": {"test_linalg.py": mentions("det")},
    "slogdet": {"test_linalg.py": mentions("slogdet")},
    "inv": {"test_linalg.py": mentions("inv")},
    "inv_ex": {"test_linalg.py": mentions("inv_ex")},
    "solve": {"test_linalg.py": mentions("solve")},
    "solve_ex": {"test_linalg.py": mentions("solve_ex")},
    "solve_triangular": {"test_linalg.py": mentions("solve_triangular")},
    "cholesky": {"test_linalg.py": mentions("cholesky")},
    "cholesky_ex": {"test_linalg.py": mentions("cholesky_ex")},
    "lu_factor": {"test_linalg.py": mentions("lu_factor")},
    "lu_factor_ex": {"test_linalg.py": mentions("lu_factor_ex")},
    "lu_solve": {"test_linalg.py": mentions("lu_solve")},
    "lu": {"test_linalg.py": mentions("lu")},
    "logdet": {"test_linalg.py": mentions("logdet")},
    "qr": {"test_linalg_decomp.py": mentions("qr")},
    "eigh": {"test_linalg_decomp.py": mentions("eigh")},
    "eigvalsh": {"test_linalg_decomp.py": mentions("eigvalsh")},
    "svd": {"test_linalg_decomp.py": mentions("svd")},
    "svdvals": {"test_linalg_decomp.py": mentions("svdvals")},
    "lstsq": {"test_linalg_decomp.py": mentions("lstsq")},
    "pinv": {"test_linalg_decomp.py": mentions("pinv")},
    "matrix_rank": {"test_linalg_decomp.py": mentions("matrix_rank")},
    "matrix_norm": {"test_linalg_decomp.py": mentions("matrix_norm")},
    "cond": {"test_linalg_decomp.py": mentions("cond")},
    "matrix_power": {"test_linalg_decomp.py": mentions("matrix_power")},
    "matrix_exp": {"test_linalg_decomp.py": mentions("matrix_exp")},
    "cross": {"test_linalg_decomp.py": mentions("cross")},
    "eig": {"test_linalg_decomp.py": mentions("eig")},
    "eigvals": {"test_linalg_decomp.py": mentions("eigvals")},
    "householder_product": {"test_linalg_decomp.py": mentions("householder_product")},
    "tensorinv": {"test_linalg_decomp.py": mentions("tensorinv")},
    "tensorsolve": {"test_linalg_decomp.py": mentions("tensorsolve")},
    "vander": {"test_linalg_decomp.py": mentions("vander")},
    "linalg_norm": {"test_linalg_decomp.py": r"LA\.norm\("},  # ember.linalg.norm
    "conj_physical": {"test_matmul_ranks.py": mentions("conj_physical")},
    # sorting and search (Tensor core II: sorting)
    "sort": {"test_sort.py": mentions("sort")},
    "argsort": {"test_sort.py": mentions("argsort")},
    "msort": {"test_sort.py": mentions("msort")},
    "topk": {"test_sort.py": mentions("topk")},
    "kthvalue": {"test_sort.py": mentions("kthvalue")},
    "median": {"test_sort_stats.py": mentions("median")},
    "nanmedian": {"test_sort_stats.py": mentions("nanmedian")},
    "mode": {"test_sort_stats.py": mentions("mode")},
    "quantile": {"test_sort_stats.py": mentions("quantile")},
    "nanquantile": {"test_sort_stats.py": mentions("nanquantile")},
    "searchsorted": {"test_sort_search.py": mentions("searchsorted")},
    "bucketize": {"test_sort_search.py": mentions("bucketize")},
    "isin": {"test_sort_search.py": mentions("isin")},
    "unique": {"test_sort_unique.py": mentions("unique")},
    "unique_consecutive": {"test_sort_unique.py": mentions("unique_consecutive")},
    "bincount": {"test_sort_unique.py": mentions("bincount")},
    "histc": {"test_sort_unique.py": mentions("histc")},
    "trace": {"test_trace_cdist.py": mentions("trace")},
    "cdist": {"test_trace_cdist.py": mentions("cdist")},
    # nn primitives (issue 5: conv, pool, norm, upsample)
    "conv1d": {"test_conv.py": mentions("conv1d")},
    "conv2d": {"test_conv.py": mentions("conv2d")},
    "conv3d": {"test_conv.py": mentions("conv3d")},
    "conv_transpose1d": {"test_conv.py": mentions("conv_transpose1d")},
    "conv_transpose2d": {"test_conv.py": mentions("conv_transpose2d")},
    "conv_transpose3d": {"test_conv.py": mentions("conv_transpose3d")},
    "convolution": {"test_conv.py": mentions("convolution")},
    "convolution_backward": {"test_conv.py": mentions("convolution_backward")},
    "im2col": {"test_conv.py": mentions("im2col")},
    "col2im": {"test_conv.py": mentions("col2im")},
    "max_pool1d": {"test_pool.py": mentions("max_pool1d")},
    "max_pool2d": {"test_pool.py": mentions("max_pool2d")},
    "max_pool3d": {"test_pool.py": mentions("max_pool3d")},
    "max_pool1d_with_indices": {"test_pool.py": mentions("max_pool1d_with_indices")},
    "max_pool2d_with_indices": {"test_pool.py": mentions("max_pool2d_with_indices")},
    "max_pool3d_with_indices": {"test_pool.py": mentions("max_pool3d_with_indices")},
    "avg_pool1d": {"test_pool.py": mentions("avg_pool1d")},
    "avg_pool2d": {"test_pool.py": mentions("avg_pool2d")},
    "avg_pool3d": {"test_pool.py": mentions("avg_pool3d")},
    "adaptive_avg_pool1d": {"test_pool.py": mentions("adaptive_avg_pool1d")},
    "adaptive_avg_pool2d": {"test_pool.py": mentions("adaptive_avg_pool2d")},
    "adaptive_avg_pool3d": {"test_pool.py": mentions("adaptive_avg_pool3d")},
    "adaptive_max_pool1d": {"test_pool.py": mentions("adaptive_max_pool1d")},
    "adaptive_max_pool2d": {"test_pool.py": mentions("adaptive_max_pool2d")},
    "adaptive_max_pool3d": {"test_pool.py": mentions("adaptive_max_pool3d")},
    "native_batch_norm": {"test_norm.py": mentions("native_batch_norm")},
    "batch_norm": {"test_norm.py": mentions("batch_norm")},
    "native_batch_norm_backward": {"test_norm.py": mentions("native_batch_norm_backward")},
    "instance_norm": {"test_norm.py": mentions("instance_norm")},
    "native_layer_norm": {"test_norm.py": mentions("native_layer_norm")},
    "layer_norm": {"test_norm.py": mentions("layer_norm")},
    "native_layer_norm_backward": {"test_norm.py": mentions("native_layer_norm_backward")},
    "native_group_norm": {"test_norm.py": mentions("native_group_norm")},
    "group_norm": {"test_norm.py": mentions("group_norm")},
    "native_group_norm_backward": {"test_norm.py": mentions("native_group_norm_backward")},
    "embedding": {"test_norm.py": mentions("embedding")},
    "embedding_dense_backward": {"test_norm.py": mentions("embedding_dense_backward")},
    "pixel_shuffle": {"test_norm.py": mentions("pixel_shuffle")},
    "pixel_unshuffle": {"test_norm.py": mentions("pixel_unshuffle")},
    "max_pool1d_with_indices_backward": {"test_pool.py": r"max_pool{n}d_with_indices_backward"},
    "avg_pool1d_backward": {"test_pool.py": r"avg_pool{n}d_backward"},
    "adaptive_avg_pool1d_backward": {"test_pool.py": r"adaptive_avg_pool{n}d_backward"},
    "adaptive_max_pool1d_backward": {"test_pool.py": r"adaptive_max_pool{n}d_backward"},
    "lp_pool1d": {"test_pool.py": r"lp_pool{n}d"},
    "max_pool2d_with_indices_backward": {"test_pool.py": r"max_pool{n}d_with_indices_backward"},
    "avg_pool2d_backward": {"test_pool.py": r"avg_pool{n}d_backward"},
    "adaptive_avg_pool2d_backward": {"test_pool.py": r"adaptive_avg_pool{n}d_backward"},
    "adaptive_max_pool2d_backward": {"test_pool.py": r"adaptive_max_pool{n}d_backward"},
    "lp_pool2d": {"test_pool.py": r"lp_pool{n}d"},
    "max_pool3d_with_indices_backward": {"test_pool.py": r"max_pool{n}d_with_indices_backward"},
    "avg_pool3d_backward": {"test_pool.py": r"avg_pool{n}d_backward"},
    "adaptive_avg_pool3d_backward": {"test_pool.py": r"adaptive_avg_pool{n}d_backward"},
    "adaptive_max_pool3d_backward": {"test_pool.py": r"adaptive_max_pool{n}d_backward"},
    "lp_pool3d": {"test_pool.py": r"lp_pool{n}d"},
    "upsample_nearest1d": {"test_upsample.py": "upsample_nearest1d"},
    "upsample_nearest1d_backward": {"test_upsample.py": r"upsample_nearest1d.*_backward|name \+ \"_backward\""},
    "upsample_nearest2d": {"test_upsample.py": "upsample_nearest2d"},
    "upsample_nearest2d_backward": {"test_upsample.py": r"upsample_nearest2d.*_backward|name \+ \"_backward\""},
    "upsample_nearest3d": {"test_upsample.py": "upsample_nearest3d"},
    "upsample_nearest3d_backward": {"test_upsample.py": r"upsample_nearest3d.*_backward|name \+ \"_backward\""},
    "upsample_linear1d": {"test_upsample.py": "upsample_linear1d"},
    "upsample_linear1d_backward": {"test_upsample.py": r"upsample_linear1d.*_backward|name \+ \"_backward\""},
    "upsample_bilinear2d": {"test_upsample.py": "upsample_bilinear2d"},
    "upsample_bilinear2d_backward": {"test_upsample.py": r"upsample_bilinear2d.*_backward|name \+ \"_backward\""},
    "upsample_trilinear3d": {"test_upsample.py": "upsample_trilinear3d"},
    "upsample_trilinear3d_backward": {"test_upsample.py": r"upsample_trilinear3d.*_backward|name \+ \"_backward\""},
    "upsample_bicubic2d": {"test_upsample.py": "upsample_bicubic2d"},
    "upsample_bicubic2d_backward": {"test_upsample.py": r"upsample_bicubic2d.*_backward|name \+ \"_backward\""},
    "upsample_nearest_exact1d": {"test_upsample.py": "upsample_nearest_exact1d"},
    "upsample_nearest_exact1d_backward": {
        "test_upsample.py": r"upsample_nearest_exact1d.*_backward|name \+ \"_backward\""
    },
    "upsample_nearest_exact2d": {"test_upsample.py": "upsample_nearest_exact2d"},
    "upsample_nearest_exact2d_backward": {
        "test_upsample.py": r"upsample_nearest_exact2d.*_backward|name \+ \"_backward\""
    },
    "upsample_nearest_exact3d": {"test_upsample.py": "upsample_nearest_exact3d"},
    "upsample_nearest_exact3d_backward": {
        "test_upsample.py": r"upsample_nearest_exact3d.*_backward|name \+ \"_backward\""
    },
}

# Public names that are not ops, and why; and Python spellings of registry ops.
NOT_OPS = {
    # layout and memory-format names, facts about a tensor's layout, no-op conjugate bits (test_tensor_api.py)
    "strided",
    "preserve_format",
    "contiguous_format",
    "layout",
    "dim_order",
    "nbytes",
    "itemsize",
    "nelement",
    "is_sparse",
    "is_meta",
    "is_conj",
    "is_neg",
    "resolve_conj",
    "resolve_neg",
    # moving between devices and pinning host memory (tests/cuda); autograd does not record them yet
    "cpu",
    "cuda",
    "get_device",
    "is_pinned",
    "pin_memory",
    "record_stream",
    # dtype queries (test_promotion.py)
    "result_type",
    "promote_types",
    "can_cast",
    # tensors from Python and NumPy data, made in the bindings (test_creation.py, test_numpy_interop.py)
    "tensor",
    "from_numpy",
    # settings
    "get_default_dtype",
    "set_default_dtype",
    "get_num_threads",
    "set_num_threads",
    "set_printoptions",
    # Tensor attributes and conversions to Python
    "data_ptr",
    "device",
    "dim",
    "dtype",
    "element_size",
    "is_contiguous",
    "is_cuda",
    "item",
    "ndim",
    "numel",
    "numpy",
    "requires_grad",
    "shape",
    "size",
    "storage_offset",
    "stride",
    "tolist",
    "untyped_storage",
    "type",  # as a query; type(dtype) is `to`
    # tensors from Python, NumPy and DLPack data, or questions about them
    "as_tensor",
    "from_dlpack",
    "new_tensor",
    "is_tensor",
    "is_complex",
    "is_floating_point",
    "broadcast_shapes",
    # save/load: files, not tensor math (test_serialization.py)
    "save",
    "load",
    "save_safetensors",
    "load_safetensors",
    # the default generator and its seed and state (test_random.py)
    "default_generator",
    "manual_seed",
    "seed",
    "initial_seed",
    "get_rng_state",
    "set_rng_state",
    # autograd's slots and switches on the tensor (tests/autograd/test_engine.py)
    "is_grad_enabled",
    "is_inference_mode_enabled",
    "is_inference",
    "backward",
    "data",
    "detach",
    "detach_",
    "grad",
    "grad_fn",
    "is_leaf",
    "output_nr",
    "register_hook",
    "register_post_accumulate_grad_hook",
    "requires_grad_",
    "retain_grad",
    "retains_grad",
}
# Python spellings and composites of registry ops: {name: the op it runs}.
ALIASES = {
    "true_divide": "div",
    "clip": "clamp",
    "swapaxes": "transpose",
    "swapdims": "transpose",
    "moveaxis": "movedim",
    "view_as": "view",
    "reshape_as": "reshape",
    "expand_as": "expand",
    "broadcast_tensors": "broadcast_to",
    "unbind": "select",
    "zeros_like": "empty_like",
    "ones_like": "empty_like",
    "full_like": "empty_like",
    "new_empty": "empty",
    "new_zeros": "zeros",
    "new_ones": "ones",
    "new_full": "full",
    "zero_": "fill_",
    # shape ops (Tensor core II)
    "concat": "cat",
    "concatenate": "cat",
    "row_stack": "vstack",
    "constant_pad_nd": "pad",
    "put": "put_",  # the out-of-place forms
    "index_put": "index_put_",
    # linear algebra (issue 5)
    "ger": "outer",
    "inverse": "inv",
    "pinverse": "pinv",
    # Tensor methods spelled with other ops (ember/_tensor_extra.py)
    **dict.fromkeys(
        ("double", "float", "half", "bfloat16", "int", "long", "short", "bool", "byte", "char", "cfloat", "cdouble"),
        "to",
    ),
    "type_as": "to",
    "ravel": "reshape",
    "conj": "conj_physical",
    "H": "mT",
    "mH": "mT",
}


def public_functions():
    """(where, name) of every public function of ember and ember._C and every public Tensor method."""
    names = []
    for where, namespace in (("ember", ember), ("ember._C", ember._C), ("ember.Tensor", ember.Tensor)):
        for name in dir(namespace):
            value = getattr(namespace, name)
            if name.startswith("_") or isinstance(value, (type, ember.dtype)) or type(value).__name__ == "module":
                continue
            names.append((where, name))
    return names


def test_registry_entries_are_well_formed():
    ops = ember._C._op_registry()
    assert len(ops) == len(REGISTRY), "two registry entries share a name"
    for op in ops:
        assert set(op) == {"name", "kind", "differentiable"}, op
        assert re.fullmatch(r"[a-zA-Z][a-zA-Z0-9_]*", op["name"]), op  # T and mT are properties
        assert op["kind"] in KINDS, op
        assert isinstance(op["differentiable"], bool), op


# Kinds whose ops are still being written (Tensor core II): remove one here
# when its first op lands.
PENDING_KINDS: set = set()


def test_registry_has_each_kind():
    assert {op["kind"] for op in REGISTRY.values()} == set(KINDS) - PENDING_KINDS


def test_differentiability_by_kind():
    """Views, copies and float math have gradients; bool results and creation don't
    (which math ops have none is checked against PyTorch in tests/parity)."""
    for op in REGISTRY.values():
        if op["kind"] in ("comparison", "predicate", "creation"):
            assert not op["differentiable"], op
        elif op["kind"] in ("view", "copy", "ternary", "linalg") and op["name"] not in ("view_dtype", "matrix_rank"):
            assert op["differentiable"], op  # view(dtype) reinterprets bytes, matrix_rank counts: no gradient
    assert REGISTRY["exp"]["differentiable"] and not REGISTRY["bitwise_and"]["differentiable"]


def test_every_elementwise_op_has_an_op_db_entry():
    covered = {OP_DB_VARIANTS.get(op.name, op.name) for op in OPS}
    missing = sorted(n for n, op in REGISTRY.items() if op["kind"] in OP_DB_KIND and n not in covered)
    assert not missing, f"registry ops without an entry in tests/core/op_db.py: {missing}"


def test_every_op_db_entry_is_a_registry_op_of_the_same_kind():
    unknown = sorted(op.name for op in OPS if OP_DB_VARIANTS.get(op.name, op.name) not in REGISTRY)
    assert not unknown, f"op_db entries missing from kOps in native/src/ops/registry.cpp: {unknown}"
    for op in OPS:
        kind = REGISTRY[OP_DB_VARIANTS.get(op.name, op.name)]["kind"]
        name = OP_DB_VARIANTS.get(op.name, op.name)
        expected = OP_DB_KIND_EXCEPTIONS.get(name, OP_DB_KIND.get(kind))
        assert expected == op.kind, f"{op.name}: op_db says {op.kind}, the registry {kind}"


def test_op_db_entries_run_through_the_generic_tests():
    source = (HERE / "test_elementwise.py").read_text()
    assert "op_dtype_cases(OPS)" in source and "def test_matches_numpy" in source


def test_every_other_op_is_covered_by_tests():
    others = {n for n, op in REGISTRY.items() if op["kind"] not in OP_DB_KIND}
    untested = sorted(others - set(COVERED_BY))
    assert not untested, f"registry ops without tests: add them to COVERED_BY: {untested}"
    stale = sorted(set(COVERED_BY) - others)
    assert not stale, f"COVERED_BY names ops the registry lacks or op_db covers: {stale}"


@pytest.mark.parametrize("name", sorted(COVERED_BY))
def test_covering_files_use_the_op(name):
    for file, pattern in COVERED_BY[name].items():
        source = (HERE / file).read_text()
        assert re.search(pattern, source), f"{file} does not use {name} (looked for {pattern!r})"


def test_every_public_function_is_a_registry_op():
    """New ops can't bypass the registry: each public function is an op, its in-place form, an alias or a non-op."""
    unknown = []
    for where, name in public_functions():
        forms = {name, name.removesuffix("_")}  # copy_ is an op; add_ is add in place
        if any(ALIASES.get(f, f) in REGISTRY for f in forms) or name in NOT_OPS:
            continue
        unknown.append(f"{where}.{name}")
    assert not unknown, f"not in the op registry (native/src/ops/registry.cpp) nor in NOT_OPS/ALIASES: {unknown}"


def test_lists_here_name_real_things():
    public = {name for _, name in public_functions()}
    lazy = set(ember._LAZY)  # imported on first use: not in dir(ember)
    assert sorted(NOT_OPS - public - lazy) == []
    assert all(getattr(ember, name) is not None for name in lazy)
    # ember.cuda is a module (the lazy one) as well as a Tensor method (the NOT_OPS one)
    assert all(callable(getattr(ember, name)) for name in NOT_OPS & lazy - {"cuda"})
    assert set(ALIASES) <= public and set(ALIASES.values()) <= set(REGISTRY)
    assert set(OP_DB_VARIANTS.values()) <= set(REGISTRY)
    assert set(NOT_OPS).isdisjoint(REGISTRY)
