// searchsorted, bucketize and isin: binary search in sorted rows
// (cpu/search_kernels.h, or the CUDA backend's search.cu), after promoting
// both sides to one dtype.
#include <algorithm>
#include <array>

#include "../core/cuda_backend.h"
#include "../cpu/search_kernels.h"
#include "device_check.h"
#include "ember/ops.h"
#include "ember/promotion.h"

namespace ember {
namespace {

DType search_dtype(const Tensor& a, const Tensor& b, const char* op) {
  const DType t = promote_types(a.dtype(), b.dtype());
  EMBER_CHECK(!is_complex(t), Runtime, op, ": complex values have no order (got ", name(a.dtype()), " and ",
              name(b.dtype()), ")");
  return t;
}

}  // namespace

Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& values, bool out_int32, bool right,
                    const Tensor& sorter) {
  const char* op = "torch.searchsorted()";
  // A CPU 0-d tensor of values may join device boundaries (PyTorch's rule).
  const Device device = OpDevice(op).add(sorted_sequence).add(values).add(sorter).device();
  const Tensor& b = sorted_sequence;
  EMBER_CHECK(b.dim() >= 1, Runtime, op,
              ": boundaries tensor should be 1 dimension or the first N-1 dimensions of "
              "boundaries tensor and input value tensor must match, but we got a 0-d boundaries tensor");
  bool leading_match = b.dim() == 1 || b.dim() == values.dim();
  for (int64_t d = 0; leading_match && b.dim() > 1 && d + 1 < b.dim(); ++d) leading_match = b.size(d) == values.size(d);
  EMBER_CHECK(leading_match, Runtime, op,
              ": boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input "
              "value tensor must match, but we got boundaries tensor ",
              shape_str(b.sizes()), " and input value tensor ", shape_str(values.sizes()));
  const int64_t n = b.size(b.dim() - 1);
  Tensor sorted = b;
  if (sorter.defined()) {
    EMBER_CHECK(sorter.dtype() == DType::Int64, Runtime, op, ": sorter must be a tensor of long dtype but got ",
                name(sorter.dtype()));
    EMBER_CHECK(same_dims(sorter.sizes(), b.sizes()), Runtime, op,
                ": boundary and sorter must have the same size, but got "
                "boundary tensor ",
                shape_str(b.sizes()), " and sorter tensor ", shape_str(sorter.sizes()));
    if (sorter.numel() > 0) {
      const bool in_range = host_int64(amin(sorter)) >= 0 && host_int64(amax(sorter)) < n;
      EMBER_CHECK(in_range, Runtime, op, ": sorter index out of range (every index must be in [0, ", n, "))");
    }
    sorted = gather(b, b.dim() - 1, sorter);
  }
  const DType t = search_dtype(b, values, op);
  EMBER_CHECK(t != DType::Bool, NotImplemented, op, ": not implemented for bool");
  const Tensor bc = contiguous(to_dtype(sorted, t)), vc = contiguous(to_dtype(to_device(values, device), t));
  Tensor out = empty(values.sizes(), out_int32 ? DType::Int32 : DType::Int64, device);
  const int64_t m = values.dim() == 0 ? 1 : values.size(values.dim() - 1);
  const int64_t rows = m == 0 ? 0 : values.numel() / m;
  // One boundary row for every value (1-D), or row r for the values of row r.
  const int64_t row_stride = b.dim() == 1 ? 0 : n;
  if (device.is_cpu()) {
    cpu::search_sorted(t, bc.data_ptr(), n, row_stride, vc.data_ptr(), m, rows, out.data_ptr(), out_int32, right);
  } else {
    EMBER_CHECK(cuda::backend().search_sorted(t, bc.data_ptr(), n, row_stride, vc.data_ptr(), m, rows, out.data_ptr(),
                                              out_int32, right),
                NotImplemented, op, ": no CUDA kernel for ", name(t), " in this build");
  }
  return out;
}

Tensor bucketize(const Tensor& input, const Tensor& boundaries, bool out_int32, bool right) {
  EMBER_CHECK(boundaries.dim() == 1, Runtime, "bucketize: boundaries tensor must be 1 dimension, but got dim(",
              boundaries.dim(), ") (shape ", shape_str(boundaries.sizes()), ")");
  return searchsorted(boundaries, input, out_int32, right, Tensor());
}

// Each element looked up in the sorted test elements: found where the
// insertion point holds an equal value (NaN equals nothing).
Tensor isin(const Tensor& elements, const Tensor& test_elements, bool /*assume_unique*/, bool invert) {
  const DType t = search_dtype(elements, test_elements, "isin");
  EMBER_CHECK(t != DType::Bool, Runtime, "Unsupported input type encountered for isin(): bool");
  const Device device = OpDevice("isin").add(elements).add(test_elements).device();
  const Tensor e = to_dtype(to_device(elements, device), t);
  Tensor found;
  if (test_elements.numel() == 0) {
    found = full(elements.sizes(), Scalar(false), DType::Bool, device);
  } else {
    // NaN sorts last and matches nothing: searching only the numbers keeps
    // the binary search's comparisons meaningful.
    const std::array<int64_t, 1> flat{-1};
    Tensor s = sort(to_dtype(reshape(to_device(test_elements, device), flat), t)).values;
    int64_t n = s.numel();
    if (is_floating(t)) {
      n = host_int64(sum(compare(Comparison::Eq, s, s)));
      s = narrow(s, 0, 0, std::max<int64_t>(n, 1));
    }
    const Tensor pos = searchsorted(s, e, false, false, Tensor());
    const Tensor at = take(s, clamp_max(pos, Scalar(std::max<int64_t>(n, 1) - 1)));
    found = compare(Comparison::Eq, at, e);
  }
  return invert ? predicate(Predicate::LogicalNot, found) : found;
}

}  // namespace ember
