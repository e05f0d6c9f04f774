#include "ember/tensor.h"

#include <limits>
#include <string>

#include "cuda_backend.h"
#include "ember/grad_mode.h"

namespace ember {
namespace {

bool compute_contiguous(IntArrayRef sizes, IntArrayRef strides) {
  for (int64_t s : sizes)
    if (s == 0) return true;  // no elements: any strides will do
  int64_t expected = 1;
  for (int64_t d = static_cast<int64_t>(sizes.size()) - 1; d >= 0; --d) {
    if (sizes[d] == 1) continue;  // a size-1 dim's stride never matters
    if (strides[d] != expected) return false;
    expected *= sizes[d];
  }
  return true;
}

}  // namespace

TensorImpl::TensorImpl(Storage storage, DType dtype, IntArrayRef sizes, IntArrayRef strides, int64_t offset)
    : is_inference(inference_mode()),
      storage_(std::move(storage)),
      sizes_(sizes),
      strides_(strides),
      offset_(offset),
      numel_(1),
      dtype_(dtype),
      contiguous_(compute_contiguous(sizes, strides)) {
  for (int64_t s : sizes) numel_ *= s;
}

DimVector contiguous_strides(IntArrayRef sizes) {
  DimVector strides(static_cast<int64_t>(sizes.size()));
  int64_t running = 1;
  for (int64_t d = static_cast<int64_t>(sizes.size()) - 1; d >= 0; --d) {
    strides[d] = running;
    running *= std::max<int64_t>(sizes[d], 1);
  }
  return strides;
}

int64_t checked_numel(IntArrayRef sizes, const char* op) {
  int64_t n = 1;
  for (int64_t s : sizes) {
    EMBER_CHECK(s >= 0, Runtime, op, ": negative dimension ", s, " in size ", shape_str(sizes));
    EMBER_CHECK(!__builtin_mul_overflow(n, s, &n), Runtime, op, ": size ", shape_str(sizes),
                " has more elements than int64 can count");
  }
  return n;
}

std::string shape_str(IntArrayRef sizes) {
  std::string s = "(";
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(sizes[i]);
  }
  if (sizes.size() == 1) s += ",";
  return s + ")";
}

std::string list_str(IntArrayRef values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + std::to_string(values[i]);
  return s + "]";
}

Storage new_storage(size_t nbytes, Device device) {
  if (device.is_cpu()) return make_intrusive<StorageImpl>(cpu_allocator()->allocate(nbytes), nbytes);
  cuda::Backend& backend = cuda::backend();
  const int index = device.index < 0 ? backend.current_device() : device.index;
  EMBER_CHECK(index < backend.device_count(), Runtime, "cannot allocate on device '", device.str(), "': there are ",
              backend.device_count(), " CUDA devices");
  return make_intrusive<StorageImpl>(backend.allocate(nbytes, index), nbytes);
}

Tensor empty(IntArrayRef sizes, DType dtype, Device device) {
  int64_t n = checked_numel(sizes, "empty");
  int64_t nbytes = 0;
  EMBER_CHECK(!__builtin_mul_overflow(n, itemsize(dtype), &nbytes), Runtime, "empty: size ", shape_str(sizes), " of ",
              name(dtype), " is too large");
  auto strides = contiguous_strides(sizes);
  return Tensor(make_intrusive<TensorImpl>(new_storage(static_cast<size_t>(nbytes), device), dtype, sizes, strides, 0));
}

Tensor make_view(const Tensor& base, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  return Tensor(make_intrusive<TensorImpl>(base.impl()->storage(), base.dtype(), sizes, strides, offset));
}

}  // namespace ember
