// Front ends of sum, prod, mean, max/min and their kin: validate, pick the
// dtypes, run one kernel on the reduction iterator (core/reduce_loop.h).
#include <algorithm>
#include <array>

#include "../core/cuda_backend.h"
#include "../core/reduce_loop.h"
#include "device_check.h"
#include "reduce_common.h"

namespace ember {

ReducedDims reduced_dims(const Tensor& self, const OptDims& dims, const char* op) {
  ReducedDims rd;
  const int64_t nd = self.dim();
  rd.mask.assign(nd, false);
  if (!dims || dims->size() == 0) {
    rd.mask.assign(nd, true);
  } else {
    rd.named = true;
    std::vector<bool> seen(std::max<int64_t>(nd, 1), false);
    for (int64_t d : *dims) {
      const int64_t w = wrap_dim(d, nd, op);
      EMBER_CHECK(!seen[w], Runtime, op, ": dim ", w, " appears multiple times in the list of dims");
      seen[w] = true;
      if (nd > 0) rd.mask[w] = true;
    }
  }
  rd.all = std::all_of(rd.mask.begin(), rd.mask.end(), [](bool b) { return b; });
  for (int64_t d = 0; d < nd; ++d) {
    rd.keep_shape.push_back(rd.mask[d] ? 1 : self.size(d));
    if (!rd.mask[d]) rd.drop_shape.push_back(self.size(d));
    if (rd.mask[d]) rd.count *= self.size(d);
  }
  return rd;
}

namespace {

// The CUDA form of run_reduction's loop: the outputs with the input at its
// kept dims, and the input's reduced dims, each merged as the CPU loop does.
void reduce_on_device(cpu::ReduceOp op, const Tensor& input, const std::vector<Tensor>& outs, const ReducedDims& rd,
                      const char* op_name) {
  cuda::ReduceLayout layout;
  std::vector<Tensor> operands(outs);
  operands.push_back(input);
  std::vector<DimVector> strides;
  for (const Tensor& t : operands) strides.emplace_back(t.strides());
  ElementwiseLoop outer(rd.keep_shape, operands, strides);
  layout.outer = cuda::launch_layout(outer, operands, op_name);
  layout.n_outputs = static_cast<int32_t>(outs.size());
  DimVector inner_shape(input.sizes());
  for (int64_t d = 0; d < input.dim(); ++d)
    if (!rd.mask[d]) inner_shape[d] = 1;
  const std::array<Tensor, 1> in{input};
  const std::array<DimVector, 1> in_strides{DimVector(input.strides())};
  ElementwiseLoop inner(inner_shape, in, in_strides);
  EMBER_CHECK(inner.shape().size() <= cuda::kMaxDims, NotImplemented, op_name, ": CUDA reductions take at most ",
              cuda::kMaxDims, " reduced dims after merging");
  layout.inner_ndim = static_cast<int32_t>(inner.shape().size());
  layout.inner_numel = inner.numel();
  for (int64_t d = 0; d < layout.inner_ndim; ++d) {
    layout.inner_sizes[d] = inner.shape()[d];
    layout.inner_strides[d] = inner.strides(0)[d];
  }
  if (outer.numel() == 0) return;
  EMBER_CHECK(cuda::backend().reduce(static_cast<int>(op), input.dtype(), layout), NotImplemented, op_name,
              ": no CUDA kernel for ", name(input.dtype()), " input in this build");
}

}  // namespace

std::vector<Tensor> run_reduction(cpu::ReduceOp op, const Tensor& input, const ReducedDims& rd, bool keepdim,
                                  std::span<const DType> dtypes, const char* op_name) {
  const cpu::ReduceFn fn = cpu::reduce_kernels().reduce[static_cast<int>(op)][static_cast<int>(input.dtype())];
  EMBER_CHECK(fn != nullptr, NotImplemented, op_name, ": not implemented for ", name(input.dtype()), " input");
  std::vector<Tensor> outs;
  for (DType t : dtypes) outs.push_back(empty(rd.keep_shape, t, input.device()));
  if (input.device().is_cpu()) {
    ReduceLoop loop(input, outs, rd.mask);
    fn(loop);
  } else {
    reduce_on_device(op, input, outs, rd, op_name);
  }
  if (!keepdim)
    for (Tensor& o : outs) o = view(o, rd.drop_shape);
  return outs;
}

void check_nonempty_reduction(const Tensor& self, const ReducedDims& rd, const char* op, bool index_error_if_all) {
  if (self.numel() != 0) return;
  if (!rd.named) {
    if (index_error_if_all)
      EMBER_FAIL(Index, op, ": Expected reduction dim to be specified for input.numel() == 0 (input shape ",
                 shape_str(self.sizes()), ").");
    EMBER_FAIL(Runtime, op, ": Expected reduction dim to be specified for input.numel() == 0 (input shape ",
               shape_str(self.sizes()), "). Specify the reduction dim with the 'dim' argument.");
  }
  for (int64_t d = 0; d < self.dim(); ++d)
    EMBER_CHECK(!rd.mask[d] || self.size(d) != 0, Index, op, ": Expected reduction dim ", d,
                " to have non-zero size (input shape ", shape_str(self.sizes()), ").");
}

namespace {

// sum and prod's input dtype: `dtype` when given, int64 for integers and bool.
Tensor accumulate_input(const Tensor& self, std::optional<DType> dtype) {
  if (dtype) return to_dtype(self, *dtype);
  return is_integral(self.dtype(), true) ? to_dtype(self, DType::Int64) : self;
}

Tensor accumulate(cpu::ReduceOp op, const Tensor& self, const OptDims& dims, bool keepdim, std::optional<DType> dtype,
                  const char* name) {
  const ReducedDims rd = reduced_dims(self, dims, name);
  const Tensor in = accumulate_input(self, dtype);
  const std::array<DType, 1> dt{in.dtype()};
  return run_reduction(op, in, rd, keepdim, dt, name)[0];
}

std::string dtype_name(DType t) { return std::string(name(t)); }

Tensor extreme(const Tensor& self, const OptDims& dims, bool keepdim, bool is_max, const char* op) {
  const ReducedDims rd = reduced_dims(self, dims, op);
  EMBER_CHECK(!is_complex(self.dtype()), NotImplemented, op, ": not implemented for complex input (got ",
              dtype_name(self.dtype()), ")");
  check_nonempty_reduction(self, rd, op, false);
  const std::array<DType, 1> dt{self.dtype()};
  return run_reduction(is_max ? cpu::ReduceOp::Max : cpu::ReduceOp::Min, self, rd, keepdim, dt, op)[0];
}

ValuesIndices arg_extreme(const Tensor& self, int64_t dim, bool keepdim, bool is_max, const char* op) {
  const std::array<int64_t, 1> d{dim};
  const ReducedDims rd = reduced_dims(self, DimVector(d), op);
  EMBER_CHECK(!is_complex(self.dtype()), NotImplemented, op, ": not implemented for complex input (got ",
              dtype_name(self.dtype()), ")");
  check_nonempty_reduction(self, rd, op, true);
  const std::array<DType, 2> dt{self.dtype(), DType::Int64};
  auto outs = run_reduction(is_max ? cpu::ReduceOp::ArgMax : cpu::ReduceOp::ArgMin, self, rd, keepdim, dt, op);
  return {outs[0], outs[1]};
}

Tensor arg_only(const Tensor& self, std::optional<int64_t> dim, bool keepdim, bool is_max, const char* op) {
  EMBER_CHECK(self.dtype() != DType::Bool, Runtime, op, ": does not support bool input");
  if (dim) return arg_extreme(self, *dim, keepdim, is_max, op).indices;
  if (self.numel() == 0)
    EMBER_FAIL(Index, op, ": Expected reduction dim to be specified for input.numel() == 0 (input shape ",
               shape_str(self.sizes()), ").");
  const std::array<int64_t, 1> flat{-1};
  Tensor idx = arg_extreme(reshape(self, flat), 0, false, is_max, op).indices;
  if (keepdim) idx = view(idx, DimVector(self.dim(), 1));
  return idx;
}

Tensor logical(const Tensor& self, const OptDims& dims, bool keepdim, bool is_all, const char* op) {
  const ReducedDims rd = reduced_dims(self, dims, op);
  const std::array<DType, 1> dt{DType::Bool};
  Tensor r = run_reduction(is_all ? cpu::ReduceOp::All : cpu::ReduceOp::Any, self, rd, keepdim, dt, op)[0];
  return self.dtype() == DType::UInt8 ? to_dtype(r, DType::UInt8) : r;
}

// mean's and nanmean's dtype: floating or complex, given or the input's.
DType mean_dtype(const Tensor& self, std::optional<DType> dtype, const char* op) {
  const DType t = dtype.value_or(self.dtype());
  EMBER_CHECK(is_floating(t) || is_complex(t), Runtime, op, ": could not infer output dtype. ",
              dtype ? "Optional dtype" : "Input dtype",
              " must be either a floating point or complex dtype. Got: ", dtype_name(t));
  return t;
}

}  // namespace

Tensor sum(const Tensor& self, const OptDims& dims, bool keepdim, std::optional<DType> dtype) {
  return accumulate(cpu::ReduceOp::Sum, self, dims, keepdim, dtype, "sum");
}

Tensor nansum(const Tensor& self, const OptDims& dims, bool keepdim, std::optional<DType> dtype) {
  return accumulate(cpu::ReduceOp::NanSum, self, dims, keepdim, dtype, "nansum");
}

Tensor prod(const Tensor& self, const OptDims& dims, bool keepdim, std::optional<DType> dtype) {
  return accumulate(cpu::ReduceOp::Prod, self, dims, keepdim, dtype, "prod");
}

Tensor mean(const Tensor& self, const OptDims& dims, bool keepdim, std::optional<DType> dtype) {
  const DType t = mean_dtype(self, dtype, "mean");
  const ReducedDims rd = reduced_dims(self, dims, "mean");
  const Tensor s = sum(self, dims, keepdim, compute_float(t));
  return to_dtype(binary(BinaryMath::Div, s, Scalar(static_cast<double>(rd.count))), t);
}

Tensor nanmean(const Tensor& self, const OptDims& dims, bool keepdim, std::optional<DType> dtype) {
  const DType t = dtype.value_or(self.dtype());
  EMBER_CHECK(is_floating(t) || is_complex(t), Runtime,
              "nanmean(): expected input to have floating point or complex dtype but got ", dtype_name(t));
  const Tensor x = to_dtype(self, compute_float(t));
  const Tensor count = sum(compare(Comparison::Eq, x, x), dims, keepdim);  // NaN != NaN
  return to_dtype(binary(BinaryMath::Div, nansum(x, dims, keepdim), count), t);
}

Tensor amax(const Tensor& self, const OptDims& dims, bool keepdim) {
  return extreme(self, dims, keepdim, true, "amax");
}
Tensor amin(const Tensor& self, const OptDims& dims, bool keepdim) {
  return extreme(self, dims, keepdim, false, "amin");
}
Tensor max(const Tensor& self) { return extreme(self, {}, false, true, "max"); }
Tensor min(const Tensor& self) { return extreme(self, {}, false, false, "min"); }
ValuesIndices max(const Tensor& self, int64_t dim, bool keepdim) {
  return arg_extreme(self, dim, keepdim, true, "max");
}
ValuesIndices min(const Tensor& self, int64_t dim, bool keepdim) {
  return arg_extreme(self, dim, keepdim, false, "min");
}
Tensor argmax(const Tensor& self, std::optional<int64_t> dim, bool keepdim) {
  return arg_only(self, dim, keepdim, true, "argmax");
}
Tensor argmin(const Tensor& self, std::optional<int64_t> dim, bool keepdim) {
  return arg_only(self, dim, keepdim, false, "argmin");
}

std::pair<Tensor, Tensor> aminmax(const Tensor& self, std::optional<int64_t> dim, bool keepdim) {
  OptDims dims;
  if (dim) dims = DimVector{*dim};
  const ReducedDims rd = reduced_dims(self, dims, "aminmax");
  EMBER_CHECK(self.numel() != 0 || rd.named, Runtime,
              "aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity (input "
              "shape ",
              shape_str(self.sizes()), ")");
  return {extreme(self, dims, keepdim, false, "aminmax"), extreme(self, dims, keepdim, true, "aminmax")};
}

Tensor all(const Tensor& self, const OptDims& dims, bool keepdim) { return logical(self, dims, keepdim, true, "all"); }
Tensor any(const Tensor& self, const OptDims& dims, bool keepdim) { return logical(self, dims, keepdim, false, "any"); }

Tensor count_nonzero(const Tensor& self, const OptDims& dims) {
  reduced_dims(self, dims, "count_nonzero");  // its own name in errors
  return sum(compare(Comparison::Ne, self, Scalar(int64_t{0})), dims, false);
}

}  // namespace ember
