// A tensor is a strided view of a storage: sizes, strides (in elements),
// an element offset into the storage and a dtype. Views share the storage.
#pragma once

#include <cstdint>
#include <memory>

#include "ember/dim_vector.h"
#include "ember/dtype.h"
#include "ember/storage.h"

namespace ember {

// What ember.autograd keeps on a tensor (grad, grad_fn, hooks): opaque to the
// core, which only owns it so that it lives and dies with the tensor.
struct AutogradSlot {
  virtual ~AutogradSlot() = default;
};

class TensorImpl : public RefCounted {
 public:
  TensorImpl(Storage storage, DType dtype, IntArrayRef sizes, IntArrayRef strides, int64_t offset);

  const Storage& storage() const { return storage_; }
  DType dtype() const { return dtype_; }
  Device device() const { return storage_->device(); }
  IntArrayRef sizes() const { return sizes_; }
  IntArrayRef strides() const { return strides_; }
  int64_t storage_offset() const { return offset_; }
  int64_t numel() const { return numel_; }
  int64_t dim() const { return sizes_.size(); }
  bool is_contiguous() const { return contiguous_; }
  void* data() const { return static_cast<char*>(storage_->data()) + offset_ * itemsize(dtype_); }

  // Autograd's slots: the core only stores them; ember.autograd gives them meaning.
  bool requires_grad = false;
  bool is_inference;  // made inside inference_mode (set by the constructor)
  std::unique_ptr<AutogradSlot> autograd;
  // The Python object wrapping this tensor while one is alive: the binding
  // layer sets and clears it (one wrapper per tensor); the core never reads it.
  void* python_object = nullptr;

 private:
  Storage storage_;
  DimVector sizes_;
  DimVector strides_;
  int64_t offset_;
  int64_t numel_;
  DType dtype_;
  bool contiguous_;
};

// The value handle that C++ code passes around; copying it shares the impl.
class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(intrusive_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  bool defined() const { return static_cast<bool>(impl_); }
  TensorImpl* impl() const { return impl_.get(); }
  const intrusive_ptr<TensorImpl>& impl_ptr() const { return impl_; }

  DType dtype() const { return impl_->dtype(); }
  Device device() const { return impl_->device(); }
  IntArrayRef sizes() const { return impl_->sizes(); }
  IntArrayRef strides() const { return impl_->strides(); }
  int64_t size(int64_t d) const { return impl_->sizes()[d]; }
  int64_t stride(int64_t d) const { return impl_->strides()[d]; }
  int64_t dim() const { return impl_->dim(); }
  int64_t numel() const { return impl_->numel(); }
  bool is_contiguous() const { return impl_->is_contiguous(); }
  void* data_ptr() const { return impl_->data(); }
  // Host access to the elements: raises for a device tensor (an op that lacks
  // a kernel for the device, rather than a segfault).
  template <class T>
  T* data() const {
    EMBER_CHECK(impl_->device().is_cpu(), NotImplemented, "this op has no kernel for device '", impl_->device().str(),
                "' (it read the tensor's elements on the host)");
    return static_cast<T*>(impl_->data());
  }
  // The elements' address on whatever device holds them (device kernels use this).
  template <class T>
  T* device_data() const {
    return static_cast<T*>(impl_->data());
  }

 private:
  intrusive_ptr<TensorImpl> impl_;
};

// Row-major strides for `sizes`.
DimVector contiguous_strides(IntArrayRef sizes);
// Product of sizes; raises if it overflows int64.
int64_t checked_numel(IntArrayRef sizes, const char* op);
// "(2, 3)" as Python prints a tuple, for error messages.
std::string shape_str(IntArrayRef sizes);
// "[2, 3]": how PyTorch prints shapes and int lists in most messages.
std::string list_str(IntArrayRef values);

// A new tensor of `sizes` over fresh, uninitialised memory.
Tensor empty(IntArrayRef sizes, DType dtype, Device device = {});
// A view of `base`'s storage with new geometry (no checks: callers validate).
Tensor make_view(const Tensor& base, IntArrayRef sizes, IntArrayRef strides, int64_t offset);

}  // namespace ember
