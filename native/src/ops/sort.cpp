// Front ends of sort, argsort, msort, topk, kthvalue, median, nanmedian and
// mode: one kernel per line along `dim` (cpu/sort_kernels.h), lines spread
// over threads. The line kernels read strided input, so no copy is made.
// On CUDA every one sorts rows along the last dim whole (the backend's CUB
// sort, in the CPU kernels' order, ties included); topk keeps the first k,
// and the selections read the element at the sorted position the CPU's
// kernel picks, so values and indices are the CPU's.
#include <array>
#include <limits>

#include "../core/cuda_backend.h"
#include "../core/elementwise_loop.h"
#include "../cpu/sort_kernels.h"
#include "device_check.h"
#include "ember/ops.h"

namespace ember {
namespace {

cpu::SortLineFn sort_kernel(const Tensor& self, const char* op) {
  require_cpu(self, op);
  const cpu::SortLineFn fn = cpu::sort_line_fn(self.dtype());
  EMBER_CHECK(fn != nullptr, Runtime, op, ": does not support complex dtypes on CPU (got ", name(self.dtype()), ")");
  return fn;
}

// sort and topk take device tensors too; complex has no order on either device.
void check_sortable(const Tensor& self, const char* op) {
  if (self.device().is_cpu()) {
    sort_kernel(self, op);
    return;
  }
  EMBER_CHECK(!is_complex(self.dtype()), Runtime, op, ": does not support complex dtypes on CUDA (got ",
              name(self.dtype()), ")");
}

// A device tensor sorted along dim: moved last, made contiguous, sorted by the
// backend, moved back (and made contiguous, as the CPU's results are).
ValuesIndices sort_on_device(const Tensor& self, int64_t dim, bool descending, const char* op) {
  const int64_t last = std::max<int64_t>(self.dim(), 1) - 1;
  const std::array<int64_t, 1> src{dim}, dst{last};
  const Tensor in = contiguous(self.dim() == 0 ? self : movedim(self, src, dst));
  ValuesIndices r{empty(in.sizes(), in.dtype(), in.device()), empty(in.sizes(), DType::Int64, in.device())};
  const int64_t n = self.dim() == 0 ? 1 : in.size(last), rows = n == 0 ? 0 : in.numel() / n;
  EMBER_CHECK(cuda::backend().sort(r.values.data_ptr(), static_cast<int64_t*>(r.indices.data_ptr()), in.data_ptr(),
                                   rows, n, in.dtype(), descending),
              NotImplemented, op, ": no CUDA kernel for ", name(in.dtype()), " in this build");
  if (self.dim() == 0 || dim == last) return r;
  return {contiguous(movedim(r.values, dst, src)), contiguous(movedim(r.indices, dst, src))};
}

void run_sort_lines(cpu::SortOp op, const Tensor& self, int64_t dim, const ValuesIndices& out, int64_t k,
                    bool descending, const char* name) {
  const cpu::SortLineFn fn = sort_kernel(self, name);
  if (self.dim() == 0) {
    const cpu::SortLine line{static_cast<const char*>(self.data_ptr()),
                             0,
                             static_cast<char*>(out.values.data_ptr()),
                             0,
                             out.indices.data<int64_t>(),
                             0};
    fn(op, line, 1, k, descending);
    return;
  }
  const int64_t n = self.size(dim);
  if (n == 0 || out.values.numel() == 0) return;
  DimVector lines(self.sizes());
  lines[dim] = 1;
  std::array<Tensor, 3> ops{out.values, self, out.indices};
  std::array<DimVector, 3> strides{DimVector(out.values.strides()), DimVector(self.strides()),
                                   DimVector(out.indices.strides())};
  ElementwiseLoop loop(lines, ops, strides);
  const int64_t sv = out.values.stride(dim), si = self.stride(dim), sx = out.indices.stride(dim);
  loop.run(
      [&](char** d, const int64_t* s, int64_t m) {
        for (int64_t i = 0; i < m; ++i) {
          const cpu::SortLine line{
              d[1] + i * s[1], si, d[0] + i * s[0], sv, reinterpret_cast<int64_t*>(d[2] + i * s[2]), sx};
          fn(op, line, n, k, descending);
        }
      },
      std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1)));
}

// Values and int64 indices shaped like self with `len` elements along dim.
ValuesIndices alloc_like(const Tensor& self, int64_t dim, int64_t len) {
  DimVector shape(self.sizes());
  if (self.dim() > 0) shape[dim] = len;
  return {empty(shape, self.dtype(), self.device()), empty(shape, DType::Int64, self.device())};
}

// Rows (..., n) of sorted values: true where the element differs from the
// one before (and at the first), by the sort's key: NaN equals NaN and -0.0
// equals +0.0, as the CPU's mode counts them.
Tensor sorted_run_starts(const Tensor& v) {
  const int64_t last = v.dim() - 1, n = v.size(last);
  Tensor starts = full(v.sizes(), Scalar(true), DType::Bool, v.device());
  if (n > 1) {
    const Tensor a = narrow(v, last, 1, n - 1), b = narrow(v, last, 0, n - 1);
    Tensor differs = compare(Comparison::Ne, a, b);
    if (is_floating(v.dtype()))
      differs = compare(Comparison::LogicalAnd, differs,
                        predicate(Predicate::LogicalNot, compare(Comparison::LogicalAnd, predicate(Predicate::IsNan, a),
                                                                 predicate(Predicate::IsNan, b))));
    copy_(narrow(starts, last, 1, n - 1), differs);
  }
  return starts;
}

// The sorted position (..., 1) each line's result comes from, as the CPU's
// kernels choose it (cpu/sort_kernels.cpp): the k-th; the lower median, or
// the first NaN (NaN sorts last, ties in input order); the lower median of
// the numbers (position 0 when all are NaN); the end of the first longest
// run of equal values (mode: the smallest most frequent value, at its last index).
Tensor selected_position(cpu::SortOp op, const Tensor& v, int64_t k) {
  const int64_t last = v.dim() - 1, n = v.size(last);
  DimVector one(v.sizes());
  one[last] = 1;
  const Device device = v.device();
  switch (op) {
    case cpu::SortOp::Median:
    case cpu::SortOp::NanMedian: {
      if (!is_floating(v.dtype())) return full(one, Scalar((n - 1) / 2), DType::Int64, device);
      const Tensor numbers =
          sum(predicate(Predicate::LogicalNot, predicate(Predicate::IsNan, v)), DimVector{last}, true);
      if (op == cpu::SortOp::Median)
        return where(compare(Comparison::Lt, numbers, Scalar(n)), numbers, Scalar((n - 1) / 2));
      return clamp_min(binary(BinaryMath::FloorDivide, sub(numbers, Scalar(int64_t{1})), Scalar(int64_t{2})),
                       Scalar(int64_t{0}));
    }
    case cpu::SortOp::Mode: {
      const Tensor starts = sorted_run_starts(v);
      Tensor ends = full(v.sizes(), Scalar(true), DType::Bool, device);
      if (n > 1) copy_(narrow(ends, last, 0, n - 1), narrow(starts, last, 1, n - 1));
      const Tensor at = arange(Scalar(int64_t{0}), Scalar(n), Scalar(int64_t{1}), DType::Int64, device);
      const Tensor run_start = cummax(where(starts, at, Scalar(int64_t{0})), last).values;
      const Tensor run_length = where(ends, add(sub(at, run_start), Scalar(int64_t{1})), Scalar(int64_t{0}));
      return argmax(run_length, last, true);  // the first of equal maxima
    }
    default: return full(one, Scalar(k), DType::Int64, device);
  }
}

// One element per line on the device: the sorted rows' element at the CPU's position.
ValuesIndices select_on_device(cpu::SortOp op, const Tensor& self, int64_t dim, int64_t k, const char* name) {
  const Tensor x = self.dim() == 0 ? reshape(self, std::array<int64_t, 1>{1}) : self;
  const int64_t last = x.dim() - 1;
  const std::array<int64_t, 1> src{dim}, dst{last};
  const ValuesIndices sorted = sort_on_device(movedim(x, src, dst), last, false, name);
  const Tensor at = selected_position(op, sorted.values, k);
  ValuesIndices r{gather(sorted.values, last, at), gather(sorted.indices, last, at)};
  if (self.dim() == 0) return {reshape(r.values, IntArrayRef()), reshape(r.indices, IntArrayRef())};
  return {contiguous(movedim(r.values, dst, src)), contiguous(movedim(r.indices, dst, src))};
}

// One element per line (kthvalue, median, mode): computed with dim kept, then dropped.
ValuesIndices select_one(cpu::SortOp op, const Tensor& self, int64_t dim, int64_t k, bool keepdim, const char* name) {
  dim = wrap_dim(dim, self.dim(), name);
  check_sortable(self, name);
  ValuesIndices r;
  if (self.device().is_cpu()) {
    r = alloc_like(self, dim, 1);
    run_sort_lines(op, self, dim, r, k, false, name);
  } else {
    r = select_on_device(op, self, dim, k, name);
  }
  if (!keepdim && self.dim() > 0) {
    DimVector shape;
    for (int64_t d = 0; d < self.dim(); ++d)
      if (d != dim) shape.push_back(self.size(d));
    r = {view(r.values, shape), view(r.indices, shape)};
  }
  return r;
}

void check_line_nonempty(const Tensor& self, int64_t dim, const char* name) {
  EMBER_CHECK(self.dim() == 0 || self.size(dim) != 0, Index, name, "(): Expected reduction dim ", dim,
              " to have non-zero size (input shape ", shape_str(self.sizes()), ").");
}

// PyTorch has no median of bools.
void check_median_dtype(const Tensor& self, const char* name) {
  check_sortable(self, name);
  EMBER_CHECK(self.dtype() != DType::Bool, NotImplemented, name, "(): not implemented for bool input");
}

// median/nanmedian over every element: a 0-d tensor (NaN for empty float input).
Tensor median_all(const Tensor& self, bool ignore_nan, const char* name) {
  check_median_dtype(self, name);
  if (self.numel() == 0) {
    EMBER_CHECK(is_floating(self.dtype()), Runtime, name, "(): cannot compute the median of an empty tensor of ",
                ember::name(self.dtype()), " (no NaN to return)");
    return full(IntArrayRef(), Scalar(std::numeric_limits<double>::quiet_NaN()), self.dtype(), self.device());
  }
  const std::array<int64_t, 1> flat{-1};
  return select_one(ignore_nan ? cpu::SortOp::NanMedian : cpu::SortOp::Median, reshape(self, flat), 0, 0, false, name)
      .values;
}

}  // namespace

ValuesIndices sort(const Tensor& self, int64_t dim, bool descending, bool /*stable: every sort here is*/) {
  dim = wrap_dim(dim, self.dim(), "sort");
  check_sortable(self, "sort");
  if (!self.device().is_cpu()) return sort_on_device(self, dim, descending, "sort");
  ValuesIndices r = alloc_like(self, dim, self.dim() == 0 ? 1 : self.size(dim));
  run_sort_lines(cpu::SortOp::Sort, self, dim, r, 0, descending, "sort");
  return r;
}

Tensor argsort(const Tensor& self, int64_t dim, bool descending, bool stable) {
  return sort(self, dim, descending, stable).indices;
}

Tensor msort(const Tensor& self) { return sort(self, 0, false, true).values; }

ValuesIndices topk(const Tensor& self, int64_t k, int64_t dim, bool largest, bool /*sorted: always*/) {
  dim = wrap_dim(dim, self.dim(), "topk");
  check_sortable(self, "topk");
  EMBER_CHECK(self.dtype() != DType::Bool, Runtime, "topk does not support bool dtypes on ",
              self.device().is_cpu() ? "CPU" : "CUDA");
  const int64_t n = self.dim() == 0 ? 1 : self.size(dim);
  EMBER_CHECK(k >= 0 && k <= n, Runtime, "topk: selected index k out of range (k = ", k, ", but dimension ", dim,
              " of input shape ", shape_str(self.sizes()), " has size ", n, ")");
  if (!self.device().is_cpu() && k > 0) {
    const ValuesIndices sorted = sort_on_device(self, dim, largest, "topk");
    if (self.dim() == 0) return sorted;
    return {contiguous(narrow(sorted.values, dim, 0, k)), contiguous(narrow(sorted.indices, dim, 0, k))};
  }
  ValuesIndices r = alloc_like(self, dim, k);
  if (k > 0) run_sort_lines(cpu::SortOp::TopK, self, dim, r, k, largest, "topk");
  return r;
}

ValuesIndices kthvalue(const Tensor& self, int64_t k, int64_t dim, bool keepdim) {
  dim = wrap_dim(dim, self.dim(), "kthvalue");
  EMBER_CHECK(self.dtype() != DType::Bool, NotImplemented, "kthvalue(): not implemented for bool input");
  check_line_nonempty(self, dim, "kthvalue");
  const int64_t n = self.dim() == 0 ? 1 : self.size(dim);
  EMBER_CHECK(k >= 1 && k <= n, Runtime, "kthvalue(): selected number k out of range for dimension ", dim, " (k = ", k,
              ", but input shape ", shape_str(self.sizes()), " has size ", n, " there)");
  return select_one(cpu::SortOp::Kth, self, dim, k - 1, keepdim, "kthvalue");
}

Tensor median(const Tensor& self) { return median_all(self, false, "median"); }
Tensor nanmedian(const Tensor& self) { return median_all(self, true, "nanmedian"); }

ValuesIndices median(const Tensor& self, int64_t dim, bool keepdim) {
  check_median_dtype(self, "median");
  check_line_nonempty(self, wrap_dim(dim, self.dim(), "median"), "median");
  return select_one(cpu::SortOp::Median, self, dim, 0, keepdim, "median");
}

ValuesIndices nanmedian(const Tensor& self, int64_t dim, bool keepdim) {
  check_median_dtype(self, "nanmedian");
  check_line_nonempty(self, wrap_dim(dim, self.dim(), "nanmedian"), "nanmedian");
  return select_one(cpu::SortOp::NanMedian, self, dim, 0, keepdim, "nanmedian");
}

ValuesIndices mode(const Tensor& self, int64_t dim, bool keepdim) {
  check_line_nonempty(self, wrap_dim(dim, self.dim(), "mode"), "mode");
  return select_one(cpu::SortOp::Mode, self, dim, 0, keepdim, "mode");
}

}  // namespace ember
