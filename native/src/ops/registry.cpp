// The op registry: every op the core provides, in one table (kOps).
//
// To add an op:
// - an elementwise op added to EMBER_UNARY_OPS or EMBER_BINARY_OPS in ops.h is
//   in the table already; if autograd must not differentiate it (integer-only
//   or piecewise-constant ops PyTorch has no derivative for), add its name to
//   kNotDifferentiable;
// - any other op: append {"name", OpKind::<Kind>, differentiable} to kOps
//   under its kind. The name is the Python one (PyTorch's), or the C++ front
//   end's where Python has none. Differentiable means PyTorch gives it a
//   gradient: views, copies and float math are; comparisons, predicates,
//   bitwise ops and creation are not.
// Then give it an entry in tests/core/op_db.py (elementwise kinds) or in
// COVERED_BY in tests/core/test_op_registry.py (the rest): that test fails
// until the op has both a registry entry and tests.
#include "ember/op_registry.h"

#include <algorithm>
#include <iterator>

#include "ember/ops.h"

namespace ember {
namespace {

// X-macro ops with no derivative in PyTorch ("derivative for aten::floor_divide
// is not implemented"; bitwise ops take integers only).
constexpr std::string_view kNotDifferentiable[] = {
    "floor_divide",       "bitwise_and",         "bitwise_or",  "bitwise_xor",
    "bitwise_left_shift", "bitwise_right_shift", "bitwise_not",
};

constexpr bool differentiable_math(std::string_view name) {
  return std::find(std::begin(kNotDifferentiable), std::end(kNotDifferentiable), name) == std::end(kNotDifferentiable);
}

#define EMBER_UNARY_ENTRY(op, name, float_valued) {#name, OpKind::Unary, differentiable_math(#name)},
#define EMBER_BINARY_ENTRY(op, name, float_valued) {#name, OpKind::Binary, differentiable_math(#name)},

constexpr OpSchema kOps[] = {
    // elementwise
    {"add", OpKind::Binary, true},
    {"sub", OpKind::Binary, true},
    EMBER_BINARY_OPS(EMBER_BINARY_ENTRY)  //
    EMBER_UNARY_OPS(EMBER_UNARY_ENTRY)    //
    {"eq", OpKind::Comparison, false},
    {"ne", OpKind::Comparison, false},
    {"lt", OpKind::Comparison, false},
    {"le", OpKind::Comparison, false},
    {"gt", OpKind::Comparison, false},
    {"ge", OpKind::Comparison, false},
    {"logical_and", OpKind::Comparison, false},
    {"logical_or", OpKind::Comparison, false},
    {"logical_xor", OpKind::Comparison, false},
    {"isclose", OpKind::Comparison, false},
    {"isnan", OpKind::Predicate, false},
    {"isinf", OpKind::Predicate, false},
    {"isfinite", OpKind::Predicate, false},
    {"isposinf", OpKind::Predicate, false},
    {"isneginf", OpKind::Predicate, false},
    {"signbit", OpKind::Predicate, false},
    {"logical_not", OpKind::Predicate, false},
    // unary ops with scalar parameters (EMBER_PARAMETRIC_UNARY_OPS; round's
    // decimals form is the round entry above)
    {"leaky_relu", OpKind::Unary, true},
    {"elu", OpKind::Unary, true},
    {"celu", OpKind::Unary, true},
    {"softplus", OpKind::Unary, true},
    {"hardtanh", OpKind::Unary, true},
    {"logit", OpKind::Unary, true},
    {"nan_to_num", OpKind::Unary, true},
    {"where", OpKind::Ternary, true},
    {"clamp", OpKind::Ternary, true},
    {"clamp_min", OpKind::Binary, true},
    {"clamp_max", OpKind::Binary, true},
    {"lerp", OpKind::Ternary, true},
    {"addcmul", OpKind::Ternary, true},
    {"addcdiv", OpKind::Ternary, true},
    // whole-tensor comparisons with a Python bool result
    {"allclose", OpKind::Reduction, false},
    {"equal", OpKind::Reduction, false},
    // creation
    {"empty", OpKind::Creation, false},
    {"full", OpKind::Creation, false},
    {"zeros", OpKind::Creation, false},
    {"ones", OpKind::Creation, false},
    {"arange", OpKind::Creation, false},
    {"linspace", OpKind::Creation, false},
    {"logspace", OpKind::Creation, false},
    {"eye", OpKind::Creation, false},
    {"empty_like", OpKind::Creation, false},
    {"fill_", OpKind::Creation, false},  // and zero_: fill_(0)
    // views
    {"as_strided", OpKind::View, true},
    {"narrow", OpKind::View, true},
    {"slice", OpKind::View, true},  // Tensor[a:b:c]
    {"select", OpKind::View, true},
    {"unsqueeze", OpKind::View, true},
    {"transpose", OpKind::View, true},
    {"t", OpKind::View, true},
    {"T", OpKind::View, true},   // reverse_dims
    {"mT", OpKind::View, true},  // matrix_transpose
    {"view", OpKind::View, true},
    {"view_dtype", OpKind::View, false},  // Tensor.view(dtype): reinterprets bytes
    {"reshape", OpKind::View, true},      // a copy when no view can express it
    {"flatten", OpKind::View, true},
    {"unflatten", OpKind::View, true},
    {"squeeze", OpKind::View, true},
    {"permute", OpKind::View, true},
    {"movedim", OpKind::View, true},
    {"expand", OpKind::View, true},
    {"broadcast_to", OpKind::View, true},
    {"unfold", OpKind::View, true},
    {"diagonal", OpKind::View, true},
    {"real", OpKind::View, true},
    {"imag", OpKind::View, true},
    {"view_as_real", OpKind::View, true},
    {"view_as_complex", OpKind::View, true},
    // copies and conversions
    {"copy_", OpKind::Copy, true},
    {"clone", OpKind::Copy, true},
    {"contiguous", OpKind::Copy, true},
    {"to", OpKind::Copy, true},
    // linear algebra
    {"matmul", OpKind::Linalg, true},
    // linear algebra (issue 5): products, then ember.linalg (its names; linalg_norm is linalg.norm)
    {"mm", OpKind::Linalg, true},
    {"bmm", OpKind::Linalg, true},
    {"mv", OpKind::Linalg, true},
    {"dot", OpKind::Linalg, true},
    {"vdot", OpKind::Linalg, true},
    {"outer", OpKind::Linalg, true},
    {"inner", OpKind::Linalg, true},
    {"addmm", OpKind::Linalg, true},
    {"addmv", OpKind::Linalg, true},
    {"addbmm", OpKind::Linalg, true},
    {"baddbmm", OpKind::Linalg, true},
    {"addr", OpKind::Linalg, true},
    {"tensordot", OpKind::Linalg, true},
    {"einsum", OpKind::Linalg, true},
    {"chain_matmul", OpKind::Linalg, true},
    {"multi_dot", OpKind::Linalg, true},
    {"vecdot", OpKind::Linalg, true},
    {"det", OpKind::Linalg, true},
    {"slogdet", OpKind::Linalg, true},
    {"logdet", OpKind::Linalg, true},
    {"inv", OpKind::Linalg, true},
    {"inv_ex", OpKind::Linalg, true},
    {"solve", OpKind::Linalg, true},
    {"solve_ex", OpKind::Linalg, true},
    {"solve_triangular", OpKind::Linalg, true},
    {"cholesky", OpKind::Linalg, true},
    {"cholesky_ex", OpKind::Linalg, true},
    {"qr", OpKind::Linalg, true},
    {"eigh", OpKind::Linalg, true},
    {"eigvalsh", OpKind::Linalg, true},
    {"svd", OpKind::Linalg, true},
    {"svdvals", OpKind::Linalg, true},
    {"lstsq", OpKind::Linalg, true},
    {"pinv", OpKind::Linalg, true},
    {"matrix_rank", OpKind::Linalg, false},  // an integer count
    {"matrix_norm", OpKind::Linalg, true},
    {"linalg_norm", OpKind::Linalg, true},
    {"cond", OpKind::Linalg, true},
    {"matrix_power", OpKind::Linalg, true},
    {"matrix_exp", OpKind::Linalg, true},
    {"cross", OpKind::Linalg, true},
    {"lu", OpKind::Linalg, true},
    {"lu_factor", OpKind::Linalg, true},
    {"lu_factor_ex", OpKind::Linalg, true},
    {"lu_solve", OpKind::Linalg, true},
    {"eig", OpKind::Linalg, true},
    {"eigvals", OpKind::Linalg, true},
    {"householder_product", OpKind::Linalg, true},
    {"tensorinv", OpKind::Linalg, true},
    {"tensorsolve", OpKind::Linalg, true},
    {"vander", OpKind::Linalg, true},
    {"conj_physical", OpKind::Copy, true},
    // shape ops (Tensor core II): new memory, except the split family,
    // atleast_*d and meshgrid, which are views
    {"cat", OpKind::Shape, true},
    {"stack", OpKind::Shape, true},
    {"hstack", OpKind::Shape, true},
    {"vstack", OpKind::Shape, true},
    {"dstack", OpKind::Shape, true},
    {"column_stack", OpKind::Shape, true},
    {"atleast_1d", OpKind::View, true},
    {"atleast_2d", OpKind::View, true},
    {"atleast_3d", OpKind::View, true},
    {"split", OpKind::View, true},
    {"split_with_sizes", OpKind::View, true},
    {"chunk", OpKind::View, true},
    {"tensor_split", OpKind::View, true},
    {"hsplit", OpKind::View, true},
    {"vsplit", OpKind::View, true},
    {"dsplit", OpKind::View, true},
    {"meshgrid", OpKind::View, true},
    {"flip", OpKind::Shape, true},
    {"fliplr", OpKind::Shape, true},
    {"flipud", OpKind::Shape, true},
    {"roll", OpKind::Shape, true},
    {"rot90", OpKind::Shape, true},
    {"repeat", OpKind::Shape, true},
    {"tile", OpKind::Shape, true},
    {"repeat_interleave", OpKind::Shape, true},
    {"tril", OpKind::Shape, true},
    {"triu", OpKind::Shape, true},
    {"tril_indices", OpKind::Creation, false},
    {"triu_indices", OpKind::Creation, false},
    {"diag", OpKind::Shape, true},
    {"diag_embed", OpKind::Shape, true},
    {"diagflat", OpKind::Shape, true},
    {"block_diag", OpKind::Shape, true},
    {"cartesian_prod", OpKind::Shape, true},
    {"kron", OpKind::Shape, true},
    {"pad", OpKind::Shape, true},  // nn.functional.pad's primitive; constant_pad_nd is its constant mode
    // random numbers (Tensor core II: random). PyTorch differentiates the
    // in-place fills and the samplers with float results (zero gradients).
    {"rand", OpKind::Random, false},
    {"randn", OpKind::Random, false},
    {"randint", OpKind::Random, false},
    {"randperm", OpKind::Random, false},
    {"rand_like", OpKind::Random, false},
    {"randn_like", OpKind::Random, false},
    {"randint_like", OpKind::Random, false},
    {"uniform_", OpKind::Random, true},
    {"normal_", OpKind::Random, true},
    {"bernoulli_", OpKind::Random, true},
    {"exponential_", OpKind::Random, true},
    {"geometric_", OpKind::Random, true},
    {"cauchy_", OpKind::Random, true},
    {"log_normal_", OpKind::Random, true},
    {"random_", OpKind::Random, true},
    {"normal", OpKind::Random, true},
    {"bernoulli", OpKind::Random, true},
    {"multinomial", OpKind::Random, false},
    {"poisson", OpKind::Random, true},
    // indexing (Tensor core II: indexing)
    {"index", OpKind::Indexing, true},       // Tensor[tensor, list, mask]
    {"index_put_", OpKind::Indexing, true},  // Tensor[...] = value, index_put(_)
    {"index_select", OpKind::Indexing, true},
    {"gather", OpKind::Indexing, true},
    {"scatter", OpKind::Indexing, true},
    {"scatter_add", OpKind::Indexing, true},
    {"scatter_reduce", OpKind::Indexing, true},
    {"take", OpKind::Indexing, true},
    {"take_along_dim", OpKind::Indexing, true},
    {"put_", OpKind::Indexing, true},
    {"index_add", OpKind::Indexing, true},
    {"index_copy", OpKind::Indexing, true},
    {"index_fill", OpKind::Indexing, true},
    {"masked_fill", OpKind::Indexing, true},
    {"masked_select", OpKind::Indexing, true},
    {"masked_scatter", OpKind::Indexing, true},
    {"nonzero", OpKind::Indexing, false},
    {"argwhere", OpKind::Indexing, false},
    // reductions (Tensor core II: reductions)
    {"sum", OpKind::Reduction, true},
    {"nansum", OpKind::Reduction, true},
    {"prod", OpKind::Reduction, true},
    {"mean", OpKind::Reduction, true},
    {"nanmean", OpKind::Reduction, true},
    {"amax", OpKind::Reduction, true},
    {"amin", OpKind::Reduction, true},
    {"max", OpKind::Reduction, true},
    {"min", OpKind::Reduction, true},
    {"argmax", OpKind::Reduction, false},
    {"argmin", OpKind::Reduction, false},
    {"aminmax", OpKind::Reduction, true},
    {"all", OpKind::Reduction, false},
    {"any", OpKind::Reduction, false},
    {"count_nonzero", OpKind::Reduction, false},
    {"var", OpKind::Reduction, true},
    {"std", OpKind::Reduction, true},
    {"var_mean", OpKind::Reduction, true},
    {"std_mean", OpKind::Reduction, true},
    {"logsumexp", OpKind::Reduction, true},
    {"norm", OpKind::Reduction, true},
    {"vector_norm", OpKind::Reduction, true},
    {"softmax", OpKind::Reduction, true},
    {"log_softmax", OpKind::Reduction, true},
    {"cumsum", OpKind::Reduction, true},
    {"cumprod", OpKind::Reduction, true},
    {"cummax", OpKind::Reduction, true},
    {"cummin", OpKind::Reduction, true},
    {"logcumsumexp", OpKind::Reduction, true},
    {"diff", OpKind::Reduction, true},
    // sorting and search (Tensor core II: sorting); values are differentiable,
    // indices, positions and membership are not
    {"sort", OpKind::Sorting, true},
    {"argsort", OpKind::Sorting, false},
    {"msort", OpKind::Sorting, true},
    {"topk", OpKind::Sorting, true},
    {"kthvalue", OpKind::Sorting, true},
    {"median", OpKind::Sorting, true},
    {"nanmedian", OpKind::Sorting, true},
    {"mode", OpKind::Sorting, true},
    {"searchsorted", OpKind::Sorting, false},
    {"bucketize", OpKind::Sorting, false},
    {"isin", OpKind::Sorting, false},
    {"quantile", OpKind::Sorting, true},
    {"nanquantile", OpKind::Sorting, true},
    {"unique", OpKind::Sorting, false},
    {"unique_consecutive", OpKind::Sorting, false},
    {"bincount", OpKind::Reduction, false},
    {"histc", OpKind::Reduction, false},
    {"trace", OpKind::Reduction, true},
    {"cdist", OpKind::Linalg, true},
    // nn primitives (issue 5: conv, pool, norm); ember.<name> where torch.<name> exists, else ember._C._nn
    {"conv1d", OpKind::NeuralNet, true},
    {"conv2d", OpKind::NeuralNet, true},
    {"conv3d", OpKind::NeuralNet, true},
    {"conv_transpose1d", OpKind::NeuralNet, true},
    {"conv_transpose2d", OpKind::NeuralNet, true},
    {"conv_transpose3d", OpKind::NeuralNet, true},
    {"convolution", OpKind::NeuralNet, true},
    {"max_pool1d", OpKind::NeuralNet, true},
    {"max_pool2d", OpKind::NeuralNet, true},
    {"max_pool3d", OpKind::NeuralNet, true},
    {"max_pool1d_with_indices", OpKind::NeuralNet, true},
    {"avg_pool1d", OpKind::NeuralNet, true},
    {"adaptive_avg_pool1d", OpKind::NeuralNet, true},
    {"adaptive_max_pool1d", OpKind::NeuralNet, true},
    {"native_batch_norm", OpKind::NeuralNet, true},
    {"batch_norm", OpKind::NeuralNet, true},
    {"instance_norm", OpKind::NeuralNet, true},
    {"native_layer_norm", OpKind::NeuralNet, true},
    {"layer_norm", OpKind::NeuralNet, true},
    {"native_group_norm", OpKind::NeuralNet, true},
    {"group_norm", OpKind::NeuralNet, true},
    {"embedding", OpKind::NeuralNet, true},
    {"pixel_shuffle", OpKind::NeuralNet, true},
    {"pixel_unshuffle", OpKind::NeuralNet, true},
    {"convolution_backward", OpKind::NeuralNet, true},
    {"im2col", OpKind::NeuralNet, true},
    {"col2im", OpKind::NeuralNet, true},
    {"max_pool2d_with_indices", OpKind::NeuralNet, true},
    {"max_pool3d_with_indices", OpKind::NeuralNet, true},
    {"max_pool1d_with_indices_backward", OpKind::NeuralNet, true},
    {"max_pool2d_with_indices_backward", OpKind::NeuralNet, true},
    {"max_pool3d_with_indices_backward", OpKind::NeuralNet, true},
    {"avg_pool2d", OpKind::NeuralNet, true},
    {"avg_pool3d", OpKind::NeuralNet, true},
    {"avg_pool1d_backward", OpKind::NeuralNet, true},
    {"avg_pool2d_backward", OpKind::NeuralNet, true},
    {"avg_pool3d_backward", OpKind::NeuralNet, true},
    {"adaptive_avg_pool2d", OpKind::NeuralNet, true},
    {"adaptive_avg_pool3d", OpKind::NeuralNet, true},
    {"adaptive_avg_pool1d_backward", OpKind::NeuralNet, true},
    {"adaptive_avg_pool2d_backward", OpKind::NeuralNet, true},
    {"adaptive_avg_pool3d_backward", OpKind::NeuralNet, true},
    {"adaptive_max_pool2d", OpKind::NeuralNet, true},
    {"adaptive_max_pool3d", OpKind::NeuralNet, true},
    {"adaptive_max_pool1d_backward", OpKind::NeuralNet, true},
    {"adaptive_max_pool2d_backward", OpKind::NeuralNet, true},
    {"adaptive_max_pool3d_backward", OpKind::NeuralNet, true},
    {"lp_pool1d", OpKind::NeuralNet, true},
    {"lp_pool2d", OpKind::NeuralNet, true},
    {"lp_pool3d", OpKind::NeuralNet, true},
    {"native_batch_norm_backward", OpKind::NeuralNet, true},
    {"native_layer_norm_backward", OpKind::NeuralNet, true},
    {"native_group_norm_backward", OpKind::NeuralNet, false},  // torch: "derivative ... not implemented"
    {"embedding_dense_backward", OpKind::NeuralNet, true},
    {"upsample_nearest1d", OpKind::NeuralNet, true},
    {"upsample_nearest1d_backward", OpKind::NeuralNet, true},
    {"upsample_nearest2d", OpKind::NeuralNet, true},
    {"upsample_nearest2d_backward", OpKind::NeuralNet, true},
    {"upsample_nearest3d", OpKind::NeuralNet, true},
    {"upsample_nearest3d_backward", OpKind::NeuralNet, true},
    {"upsample_linear1d", OpKind::NeuralNet, true},
    {"upsample_linear1d_backward", OpKind::NeuralNet, true},
    {"upsample_bilinear2d", OpKind::NeuralNet, true},
    {"upsample_bilinear2d_backward", OpKind::NeuralNet, true},
    {"upsample_trilinear3d", OpKind::NeuralNet, true},
    {"upsample_trilinear3d_backward", OpKind::NeuralNet, true},
    {"upsample_bicubic2d", OpKind::NeuralNet, true},
    {"upsample_bicubic2d_backward", OpKind::NeuralNet, true},
    {"upsample_nearest_exact1d", OpKind::NeuralNet, true},
    {"upsample_nearest_exact1d_backward", OpKind::NeuralNet, true},
    {"upsample_nearest_exact2d", OpKind::NeuralNet, true},
    {"upsample_nearest_exact2d_backward", OpKind::NeuralNet, true},
    {"upsample_nearest_exact3d", OpKind::NeuralNet, true},
    {"upsample_nearest_exact3d_backward", OpKind::NeuralNet, true},
};

#undef EMBER_UNARY_ENTRY
#undef EMBER_BINARY_ENTRY

constexpr bool names_unique() {
  for (size_t i = 0; i < std::size(kOps); ++i)
    for (size_t j = i + 1; j < std::size(kOps); ++j)
      if (kOps[i].name == kOps[j].name) return false;
  return true;
}
static_assert(names_unique(), "registry.cpp: two entries in kOps share a name");

// Comparisons and predicates are enums in ops.h without a name list: a new
// enumerator needs its entry here.
constexpr size_t count(OpKind kind) {
  return std::count_if(std::begin(kOps), std::end(kOps), [kind](const OpSchema& op) { return op.kind == kind; });
}
static_assert(count(OpKind::Comparison) == static_cast<size_t>(Comparison::Count),
              "registry.cpp: every Comparison in ops.h needs an entry in kOps");
static_assert(count(OpKind::Predicate) == static_cast<size_t>(Predicate::Count),
              "registry.cpp: every Predicate in ops.h needs an entry in kOps");

}  // namespace

std::span<const OpSchema> op_registry() { return kOps; }

const char* kind_name(OpKind kind) {
  switch (kind) {
    case OpKind::Unary: return "unary";
    case OpKind::Binary: return "binary";
    case OpKind::Comparison: return "comparison";
    case OpKind::Predicate: return "predicate";
    case OpKind::Ternary: return "ternary";
    case OpKind::Reduction: return "reduction";
    case OpKind::Creation: return "creation";
    case OpKind::View: return "view";
    case OpKind::Copy: return "copy";
    case OpKind::Linalg: return "linalg";
    case OpKind::Indexing: return "indexing";
    case OpKind::Shape: return "shape";
    case OpKind::Sorting: return "sorting";
    case OpKind::Random: return "random";
    case OpKind::NeuralNet: return "nn";
  }
  return "unknown";
}

}  // namespace ember
