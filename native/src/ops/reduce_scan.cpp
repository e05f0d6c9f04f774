// Ops along one dim: softmax, the cumulative scans and diff.
#include <array>

#include "../core/cuda_backend.h"
#include "../core/elementwise_loop.h"
#include "ember/promotion.h"
#include "reduce_common.h"

namespace ember {
namespace {

// Runs `fn` on every line of in along dim (out and idx shaped like in).
void scan_lines(cpu::ScanOp op, const Tensor& out, const Tensor& idx, const Tensor& in, int64_t dim, const char* name) {
  const cpu::ScanFn fn = cpu::reduce_kernels().scan[static_cast<int>(op)][static_cast<int>(in.dtype())];
  EMBER_CHECK(fn != nullptr, NotImplemented, name, ": not implemented for ", ember::name(in.dtype()), " input");
  if (in.numel() == 0) return;
  if (in.dim() == 0) {
    fn(static_cast<char*>(out.data_ptr()), 0, idx.defined() ? static_cast<char*>(idx.data_ptr()) : nullptr, 0,
       static_cast<const char*>(in.data_ptr()), 0, 1);
    return;
  }
  DimVector lines(in.sizes());
  lines[dim] = 1;
  std::array<Tensor, 3> ops{out, in, idx.defined() ? idx : out};
  std::array<DimVector, 3> strides{DimVector(out.strides()), DimVector(in.strides()),
                                   DimVector(idx.defined() ? idx.strides() : out.strides())};
  ElementwiseLoop loop(lines, ops, strides);
  const int64_t n = in.size(dim);
  const int64_t so = out.stride(dim) * itemsize(out.dtype()), si = in.stride(dim) * itemsize(in.dtype());
  const int64_t sx = idx.defined() ? idx.stride(dim) * 8 : 0;
  loop.run(
      [&](char** d, const int64_t* s, int64_t m) {
        for (int64_t i = 0; i < m; ++i) fn(d[0] + i * s[0], so, d[2] + i * s[2], sx, d[1] + i * s[1], si, n);
      },
      std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1)));
}

// A device tensor's scan along dim: moved last, made contiguous, scanned by the
// backend, moved back (and made contiguous, as the CPU's results are).
ValuesIndices scan_on_device(cpu::ScanOp op, const Tensor& in, int64_t dim, bool with_indices, const char* name) {
  const int64_t last = std::max<int64_t>(in.dim(), 1) - 1;
  const std::array<int64_t, 1> src{dim}, dst{last};
  const Tensor x = contiguous(in.dim() == 0 ? in : movedim(in, src, dst));
  ValuesIndices r{empty(x.sizes(), x.dtype(), x.device()),
                  with_indices ? empty(x.sizes(), DType::Int64, x.device()) : Tensor()};
  const int64_t n = in.dim() == 0 ? 1 : x.size(last), rows = n == 0 ? 0 : x.numel() / n;
  EMBER_CHECK(
      cuda::backend().scan(static_cast<int>(op), x.dtype(), r.values.data_ptr(),
                           with_indices ? static_cast<int64_t*>(r.indices.data_ptr()) : nullptr, x.data_ptr(), rows, n),
      NotImplemented, name, ": no CUDA kernel for ", ember::name(x.dtype()), " input in this build");
  if (in.dim() == 0 || dim == last) return r;
  return {contiguous(movedim(r.values, dst, src)), with_indices ? contiguous(movedim(r.indices, dst, src)) : Tensor()};
}

Tensor scan(cpu::ScanOp op, const Tensor& self, int64_t dim, DType dtype, const char* name) {
  dim = wrap_dim(dim, self.dim(), name);
  const Tensor in = to_dtype(self, dtype);
  if (!self.device().is_cpu()) return scan_on_device(op, in, dim, false, name).values;
  Tensor out = empty(in.sizes(), dtype);
  scan_lines(op, out, Tensor(), in, dim, name);
  return out;
}

DType cumulative_dtype(const Tensor& self, std::optional<DType> dtype) {
  if (dtype) return *dtype;
  return is_integral(self.dtype(), true) ? DType::Int64 : self.dtype();
}

ValuesIndices cum_extreme(const Tensor& self, int64_t dim, bool is_max, const char* name) {
  dim = wrap_dim(dim, self.dim(), name);
  EMBER_CHECK(!is_complex(self.dtype()), NotImplemented, name, ": not implemented for complex input (got ",
              ember::name(self.dtype()), ")");
  const cpu::ScanOp op = is_max ? cpu::ScanOp::CumMax : cpu::ScanOp::CumMin;
  if (!self.device().is_cpu()) return scan_on_device(op, self, dim, true, name);
  ValuesIndices r{empty(self.sizes(), self.dtype()), empty(self.sizes(), DType::Int64)};
  scan_lines(op, r.values, r.indices, self, dim, name);
  return r;
}

}  // namespace

Tensor cumsum(const Tensor& self, int64_t dim, std::optional<DType> dtype) {
  return scan(cpu::ScanOp::CumSum, self, dim, cumulative_dtype(self, dtype), "cumsum");
}
Tensor cumprod(const Tensor& self, int64_t dim, std::optional<DType> dtype) {
  return scan(cpu::ScanOp::CumProd, self, dim, cumulative_dtype(self, dtype), "cumprod");
}
Tensor logcumsumexp(const Tensor& self, int64_t dim) {
  EMBER_CHECK(is_floating(self.dtype()), NotImplemented, "logcumsumexp: not implemented for ", name(self.dtype()),
              " input (expects a floating point dtype)");
  return scan(cpu::ScanOp::LogCumSumExp, self, dim, self.dtype(), "logcumsumexp");
}
ValuesIndices cummax(const Tensor& self, int64_t dim) { return cum_extreme(self, dim, true, "cummax"); }
ValuesIndices cummin(const Tensor& self, int64_t dim) { return cum_extreme(self, dim, false, "cummin"); }

// Rows along the last dim, made contiguous (dim moved there when it isn't).
Tensor softmax(const Tensor& self, int64_t dim, std::optional<DType> dtype, bool log) {
  const char* op = log ? "log_softmax" : "softmax";
  dim = wrap_dim(dim, self.dim(), op);
  const DType t = dtype.value_or(self.dtype());
  EMBER_CHECK(is_floating(t), NotImplemented, op, ": not implemented for ", name(t),
              " (expects a floating point dtype)");
  const cpu::SoftmaxFn fn = cpu::reduce_kernels().softmax[static_cast<int>(t)];
  const int64_t last = std::max<int64_t>(self.dim(), 1) - 1;
  const std::array<int64_t, 1> src{dim}, dst{last};
  const Tensor x = self.dim() == 0 ? self : movedim(self, src, dst);
  const Tensor in = contiguous(to_dtype(x, t));
  Tensor out = empty(in.sizes(), t, self.device());
  const int64_t n = self.dim() == 0 ? 1 : in.size(last), rows = n == 0 ? 0 : in.numel() / n;
  if (!self.device().is_cpu()) {
    EMBER_CHECK(rows == 0 || cuda::backend().softmax(out.data_ptr(), in.data_ptr(), rows, n, t, log), NotImplemented,
                op, ": no CUDA kernel for ", name(t), " in this build");
    return self.dim() == 0 ? out : movedim(out, dst, src);
  }
  const int64_t item = itemsize(t);
  auto* po = static_cast<char*>(out.data_ptr());
  const auto* pi = static_cast<const char*>(in.data_ptr());
  parallel_for(0, rows, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1)), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) fn(po + r * n * item, pi + r * n * item, n, log);
  });
  return self.dim() == 0 ? out : movedim(out, dst, src);
}

Tensor diff(const Tensor& self, int64_t n, int64_t dim, const Tensor& prepend, const Tensor& append) {
  EMBER_CHECK(self.dim() >= 1, Runtime, "diff expects input to be at least one-dimensional (got shape ",
              shape_str(self.sizes()), ")");
  EMBER_CHECK(n >= 0, Runtime, "diff: order must be non-negative but got ", n);
  dim = wrap_dim(dim, self.dim(), "diff");
  Tensor x = self;
  if (prepend.defined() || append.defined()) {
    DType t = self.dtype();
    int64_t len = self.size(dim);
    for (const Tensor* p : {&prepend, &append}) {
      if (!p->defined()) continue;
      EMBER_CHECK(p->dim() == self.dim(), Runtime, "diff expects prepend or append to be the same dimension as input (",
                  self.dim(), "), but got ", p->dim());
      for (int64_t d = 0; d < self.dim(); ++d)
        EMBER_CHECK(d == dim || p->size(d) == self.size(d), Runtime,
                    "diff expects the shape of tensor to prepend or append to match that of input except along the "
                    "differencing dimension; input.size(",
                    d, ") = ", self.size(d), ", but got tensor.size(", d, ") = ", p->size(d));
      t = promote_types(t, p->dtype());
      len += p->size(dim);
    }
    DimVector shape(self.sizes());
    shape[dim] = len;
    x = empty(shape, t);
    int64_t at = 0;
    for (const Tensor* p : {&prepend, &self, &append}) {
      if (!p->defined()) continue;
      copy_(narrow(x, dim, at, p->size(dim)), *p);
      at += p->size(dim);
    }
  }
  for (int64_t k = 0; k < n && x.size(dim) > 0; ++k) {
    const int64_t m = x.size(dim) - 1;
    const Tensor hi = narrow(x, dim, 1, m), lo = narrow(x, dim, 0, m);
    x = x.dtype() == DType::Bool ? compare(Comparison::LogicalXor, hi, lo) : sub(hi, lo);
  }
  return n == 0 ? clone(x) : x;
}

}  // namespace ember
