// ember._C's CUDA functions (ember.cuda wraps them) and the tensor methods
// that move data between devices. Everything here answers sensibly on a
// machine without CUDA: is_available() is False and says why.
#include "../src/core/cuda_backend.h"
#include "casters.h"
#include "ember/ops.h"

namespace ember::python {
namespace {

cuda::Backend& backend() { return cuda::backend(); }

int device_index(std::optional<int> index) { return index.value_or(backend().current_device()); }

py::dict stats_dict(int device) {
  const cuda::MemoryStats s = backend().memory_stats(device);
  py::dict d;
  d["allocated_bytes.all.current"] = s.allocated;
  d["allocated_bytes.all.peak"] = s.peak_allocated;
  d["reserved_bytes.all.current"] = s.reserved;
  d["reserved_bytes.all.peak"] = s.peak_reserved;
  d["allocation.all.allocated"] = s.allocations;
  d["allocation.all.freed"] = s.frees;
  d["segment.all.current"] = s.segments;
  d["num_alloc_retries"] = s.cache_flushes;
  d["num_ooms"] = s.ooms;
  return d;
}

Tensor pin_memory(const Tensor& self) {
  EMBER_CHECK(self.device().is_cpu(), Runtime, "pin_memory: cannot pin '", self.device().str(),
              "' memory: only dense CPU tensors can be pinned");
  const int64_t nbytes = self.numel() * itemsize(self.dtype());
  Storage storage =
      make_intrusive<StorageImpl>(backend().allocate_pinned(static_cast<size_t>(nbytes)), static_cast<size_t>(nbytes));
  Tensor out(
      make_intrusive<TensorImpl>(std::move(storage), self.dtype(), self.sizes(), contiguous_strides(self.sizes()), 0));
  copy_(out, self);
  return out;
}

}  // namespace

void bind_cuda(py::module_& m) {
  m.def("_cuda_set_library_dirs", &cuda::set_library_dirs, py::arg("dirs"));
  m.def("_cuda_is_available", &cuda::is_available);
  m.def("_cuda_unavailable_reason", &cuda::unavailable_reason);
  m.def("_cuda_device_count", [] { return cuda::is_available() ? backend().device_count() : 0; });
  m.def("_cuda_current_device", [] { return backend().current_device(); });
  m.def("_cuda_set_device", [](int i) { backend().set_device(i); });
  m.def("_cuda_device_name", [](int i) { return backend().device_name(i); });
  m.def("_cuda_capability", [](int i) {
    const int c = backend().capability(i);
    return py::make_tuple(c / 10, c % 10);
  });
  m.def("_cuda_total_memory", [](int i) { return backend().total_memory(i); });
  m.def(
      "_cuda_synchronize",
      [](std::optional<int> i) {
        py::gil_scoped_release unlocked;
        backend().synchronize(i.value_or(-1));
      },
      py::arg("device") = py::none());
  m.def(
      "_cuda_memory_stats", [](std::optional<int> i) { return stats_dict(device_index(i)); },
      py::arg("device") = py::none());
  m.def(
      "_cuda_reset_peak_memory_stats", [](std::optional<int> i) { backend().reset_peak_stats(device_index(i)); },
      py::arg("device") = py::none());
  m.def("_cuda_empty_cache", [] {
    if (!cuda::is_available()) return;
    py::gil_scoped_release unlocked;
    backend().empty_cache();
  });
  m.def("_cuda_set_allow_tf32", [](bool allow) {
    if (cuda::is_available()) backend().set_allow_tf32(allow);
  });
  m.def("_cuda_set_conv_allow_tf32", [](bool allow) {
    if (cuda::is_available()) backend().set_conv_allow_tf32(allow);
  });
  m.def("_cuda_cudnn_version", [] { return cuda::is_available() ? backend().cudnn_version() : 0; });
  m.def("_cuda_cudnn_unavailable_reason", [] {
    return cuda::is_available() ? backend().cudnn_unavailable_reason()
                                : "CUDA is not available: " + cuda::unavailable_reason();
  });
  m.def("_cuda_set_cudnn_enabled", [](bool enabled) {
    if (cuda::is_available()) backend().set_cudnn_enabled(enabled);
  });

  // Streams and events: opaque handles, owned by ember.cuda.Stream / Event.
  m.def("_cuda_stream_create", [](int device, int priority) { return backend().stream_create(device, priority); });
  m.def("_cuda_stream_destroy", [](uintptr_t s) { backend().stream_destroy(s); });
  m.def("_cuda_current_stream", [](int device) { return backend().current_stream(device); });
  m.def("_cuda_set_current_stream", [](int device, uintptr_t s) { backend().set_current_stream(device, s); });
  m.def("_cuda_stream_synchronize", [](uintptr_t s) {
    py::gil_scoped_release unlocked;
    backend().stream_synchronize(s);
  });
  m.def("_cuda_stream_query", [](uintptr_t s) { return backend().stream_query(s); });
  m.def("_cuda_event_create", [](bool timing) { return backend().event_create(timing); });
  m.def("_cuda_event_destroy", [](uintptr_t e) { backend().event_destroy(e); });
  m.def("_cuda_event_record", [](uintptr_t e, uintptr_t s) { backend().event_record(e, s); });
  m.def("_cuda_stream_wait_event", [](uintptr_t s, uintptr_t e) { backend().stream_wait_event(s, e); });
  m.def("_cuda_event_synchronize", [](uintptr_t e) {
    py::gil_scoped_release unlocked;
    backend().event_synchronize(e);
  });
  m.def("_cuda_event_query", [](uintptr_t e) { return backend().event_query(e); });
  m.def("_cuda_event_elapsed_ms", [](uintptr_t a, uintptr_t b) { return backend().event_elapsed_ms(a, b); });

  py::object tensor_cls = m.attr("Tensor");
  tensor_cls.attr("_to_device") =
      py::cpp_function([](const Tensor& self, const Device& device, bool non_blocking,
                          bool copy) { return to_device(self, device, non_blocking, copy); },
                       py::is_method(tensor_cls), py::name("_to_device"), py::arg("device"),
                       py::arg("non_blocking") = false, py::arg("copy") = false);
  tensor_cls.attr("pin_memory") =
      py::cpp_function(&pin_memory, py::is_method(tensor_cls), py::name("pin_memory"),
                       py::doc("A copy of this CPU tensor in page-locked (pinned) memory."));
  tensor_cls.attr("is_pinned") = py::cpp_function(
      [](const Tensor& self) {
        return self.device().is_cpu() && cuda::is_available() && backend().is_pinned(self.data_ptr());
      },
      py::is_method(tensor_cls), py::name("is_pinned"));
  tensor_cls.attr("_record_stream") = py::cpp_function(
      [](const Tensor& self, uintptr_t stream) {
        const StorageImpl* s = self.impl()->storage().get();
        backend().record_stream(s->data_ptr(), stream);
      },
      py::is_method(tensor_cls), py::name("_record_stream"));
}

}  // namespace ember::python
