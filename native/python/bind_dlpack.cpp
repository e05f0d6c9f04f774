// DLPack: zero-copy exchange with NumPy, PyTorch, JAX and any other library
// that speaks the protocol. Tensor.__dlpack__ hands out a capsule whose
// deleter keeps the tensor's storage alive; from_dlpack wraps the producer's
// memory in a storage that calls the producer's deleter when freed.
#include <string>
#include <type_traits>
#include <vector>

#include "casters.h"
#include "dlpack.h"
#include "ember/ops.h"

namespace ember::python {
namespace {

using namespace dlpack;

constexpr const char* kLegacyName = "dltensor";
constexpr const char* kVersionedName = "dltensor_versioned";

// The protocol's failures are BufferErrors (the spec's and PyTorch's choice).
[[noreturn]] void buffer_error(const std::string& msg) {
  PyErr_SetString(PyExc_BufferError, msg.c_str());
  throw py::error_already_set();
}

DLDataType to_dl(DType t) {
  const auto bits = static_cast<uint8_t>(itemsize(t) * 8);
  if (t == DType::Bool) return {kDLBool, 8, 1};
  if (t == DType::UInt8) return {kDLUInt, 8, 1};
  if (t == DType::BFloat16) return {kDLBfloat, 16, 1};
  if (is_complex(t)) return {kDLComplex, bits, 1};
  if (is_floating(t)) return {kDLFloat, bits, 1};
  return {kDLInt, bits, 1};
}

DType from_dl(const DLDataType& d) {
  if (d.lanes == 1) {
    for (int i = 0; i < kNumDTypes; ++i) {
      const DLDataType e = to_dl(static_cast<DType>(i));
      if (e.code == d.code && e.bits == d.bits) return static_cast<DType>(i);
    }
  }
  buffer_error("from_dlpack: unsupported DLPack dtype (code " + std::to_string(d.code) + ", bits " +
               std::to_string(d.bits) + ", lanes " + std::to_string(d.lanes) +
               "); ember takes bool, uint8, int8/16/32/64, float16/32/64, bfloat16 and complex64/128");
}

// ------------------------------------------------------------------ export

template <class Managed>
struct Exported {
  Managed managed{};
  Tensor tensor;  // holds the storage while the consumer uses it
  std::vector<int64_t> shape, strides;
};

template <class Managed>
void delete_exported(Managed* m) {
  delete static_cast<Exported<Managed>*>(m->manager_ctx);
}

template <class Managed>
constexpr const char* capsule_name() {
  return std::is_same_v<Managed, DLManagedTensorVersioned> ? kVersionedName : kLegacyName;
}

// Frees a capsule nobody consumed; a consumer renames it "used_..." first.
template <class Managed>
void capsule_destructor(PyObject* capsule) {
  if (!PyCapsule_IsValid(capsule, capsule_name<Managed>())) return;
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  auto* m = static_cast<Managed*>(PyCapsule_GetPointer(capsule, capsule_name<Managed>()));
  if (m && m->deleter) m->deleter(m);
  PyErr_Restore(type, value, traceback);
}

template <class Managed>
py::capsule export_tensor(const Tensor& t, bool copied) {
  auto* ctx = new Exported<Managed>;
  ctx->tensor = t;
  ctx->shape.assign(t.sizes().begin(), t.sizes().end());
  ctx->strides.assign(t.strides().begin(), t.strides().end());
  DLTensor& dl = ctx->managed.dl_tensor;
  dl.data = t.data_ptr();
  dl.device = {kDLCPU, 0};
  dl.ndim = static_cast<int32_t>(t.dim());
  dl.dtype = to_dl(t.dtype());
  dl.shape = ctx->shape.data();
  dl.strides = ctx->strides.data();
  dl.byte_offset = 0;
  ctx->managed.manager_ctx = ctx;
  ctx->managed.deleter = &delete_exported<Managed>;
  if constexpr (std::is_same_v<Managed, DLManagedTensorVersioned>) {
    ctx->managed.version = {kMajorVersion, kMinorVersion};
    ctx->managed.flags = copied ? kFlagIsCopied : 0;
  }
  PyObject* capsule = PyCapsule_New(&ctx->managed, capsule_name<Managed>(), &capsule_destructor<Managed>);
  if (!capsule) {
    delete ctx;
    throw py::error_already_set();
  }
  return py::reinterpret_steal<py::capsule>(capsule);
}

std::string device_str(py::handle dev) { return std::string(py::str(dev)); }

py::capsule dunder_dlpack(const Tensor& self, py::handle stream, py::handle max_version, py::handle dl_device,
                          py::handle copy) {
  if (self.impl()->requires_grad)
    buffer_error("__dlpack__: can't export a tensor that requires grad; export tensor.detach() instead");
  if (!self.device().is_cpu())
    buffer_error("__dlpack__: exporting a tensor on device '" + self.device().str() + "' is not supported yet");
  // CPU data needs no synchronisation: the spec has consumers pass None (-1 also means "none").
  if (!stream.is_none() && !(py::isinstance<py::int_>(stream) && stream.cast<int64_t>() == -1))
    buffer_error("__dlpack__: stream must be None for a tensor on the CPU, got " + device_str(stream));
  if (!dl_device.is_none()) {
    py::tuple dev(py::reinterpret_borrow<py::object>(dl_device));
    if (dev.size() != 2 || dev[0].cast<int64_t>() != kDLCPU)
      buffer_error("__dlpack__: ember can only export a CPU tensor to the CPU (kDLCPU, 1), not to dl_device " +
                   device_str(dl_device));
  }
  const bool copied = !copy.is_none() && py::cast<bool>(copy);
  const Tensor t = copied ? clone(self) : self;
  bool versioned = false;
  if (!max_version.is_none()) {
    auto v = py::reinterpret_borrow<py::object>(max_version);
    if (!py::isinstance<py::tuple>(v) || py::len(v) != 2)
      throw py::type_error("__dlpack__: max_version must be a (major, minor) tuple, got " + device_str(v));
    versioned = v.cast<py::tuple>()[0].cast<int64_t>() >= 1;
  }
  return versioned ? export_tensor<DLManagedTensorVersioned>(t, copied) : export_tensor<DLManagedTensor>(t, copied);
}

// ------------------------------------------------------------------ import

template <class Managed>
void call_deleter(void* m) {
  auto* managed = static_cast<Managed*>(m);
  if (managed->deleter) managed->deleter(managed);
}

// A tensor over the DLTensor's memory whose storage, when freed, calls the
// producer's deleter through `release(ctx)`. Validates before owning, so a
// failure leaves the capsule to its own destructor.
Tensor wrap(const DLTensor& dl, void* ctx, void (*release)(void*)) {
  if (dl.device.device_type != kDLCPU && dl.device.device_type != kDLCUDAHost)
    buffer_error("from_dlpack: the data is on DLPack device (" + std::to_string(dl.device.device_type) + ", " +
                 std::to_string(dl.device.device_id) + "); ember can only import CPU memory (kDLCPU)");
  const DType dtype = from_dl(dl.dtype);
  if (dl.ndim < 0) buffer_error("from_dlpack: negative ndim " + std::to_string(dl.ndim));
  DimVector sizes(IntArrayRef(dl.shape, static_cast<size_t>(dl.ndim)));
  DimVector strides =
      dl.strides ? DimVector(IntArrayRef(dl.strides, static_cast<size_t>(dl.ndim))) : contiguous_strides(sizes);
  int64_t last = 0;  // furthest element reached, for the storage's extent
  bool empty_tensor = false;
  for (int64_t d = 0; d < dl.ndim; ++d) {
    if (strides[d] < 0)
      buffer_error("from_dlpack: negative strides are not supported (strides " + shape_str(strides) +
                   "); copy the array first");
    if (sizes[d] == 0) empty_tensor = true;
    last += (sizes[d] - 1) * strides[d];
  }
  const size_t nbytes = empty_tensor ? 0 : static_cast<size_t>((last + 1) * itemsize(dtype));
  void* data = static_cast<char*>(dl.data) + dl.byte_offset;
  auto storage = make_intrusive<StorageImpl>(DataPtr{data, ctx, release, Device{}}, nbytes);
  return Tensor(make_intrusive<TensorImpl>(std::move(storage), dtype, sizes, strides, 0));
}

Tensor consume_capsule(py::handle capsule) {
  PyObject* c = capsule.ptr();
  if (PyCapsule_IsValid(c, kVersionedName)) {
    auto* m = static_cast<DLManagedTensorVersioned*>(PyCapsule_GetPointer(c, kVersionedName));
    if (m->version.major != kMajorVersion)
      buffer_error("from_dlpack: DLPack version " + std::to_string(m->version.major) + "." +
                   std::to_string(m->version.minor) + " is not supported; ember reads major version " +
                   std::to_string(kMajorVersion));
    if (m->flags & kFlagReadOnly)
      buffer_error(
          "from_dlpack: the producer marked this data read-only, and ember tensors are always writable; copy it "
          "first (for a NumPy array: array.copy())");
    Tensor t = wrap(m->dl_tensor, m, &call_deleter<DLManagedTensorVersioned>);
    PyCapsule_SetName(c, "used_dltensor_versioned");
    return t;
  }
  if (PyCapsule_IsValid(c, kLegacyName)) {
    auto* m = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(c, kLegacyName));
    Tensor t = wrap(m->dl_tensor, m, &call_deleter<DLManagedTensor>);
    PyCapsule_SetName(c, "used_dltensor");
    return t;
  }
  const char* name = PyCapsule_GetName(c);
  if (!name) throw py::error_already_set();
  const std::string n(name);
  EMBER_CHECK(n != "used_dltensor" && n != "used_dltensor_versioned", Runtime,
              "from_dlpack: this DLPack capsule was already consumed; a capsule can be used only once");
  EMBER_FAIL(Type, "from_dlpack: expected a DLPack capsule named 'dltensor' or 'dltensor_versioned', got one named '",
             n, "'");
}

Tensor from_dlpack(py::object obj) {
  if (PyCapsule_CheckExact(obj.ptr())) return consume_capsule(obj);
  EMBER_CHECK(py::hasattr(obj, "__dlpack__"), Type,
              "from_dlpack: expected an object with __dlpack__ (a NumPy array, a tensor of another library) or a "
              "DLPack capsule, got ",
              Py_TYPE(obj.ptr())->tp_name);
  if (py::hasattr(obj, "__dlpack_device__")) {
    py::tuple dev = obj.attr("__dlpack_device__")();
    const int64_t type = dev[0].cast<int64_t>();
    if (type != kDLCPU && type != kDLCUDAHost)
      buffer_error("from_dlpack: the data is on DLPack device " + device_str(dev) +
                   "; ember can only import CPU memory (kDLCPU)");
  }
  py::object capsule;
  try {
    capsule = obj.attr("__dlpack__")(py::arg("max_version") = py::make_tuple(kMajorVersion, kMinorVersion));
  } catch (py::error_already_set& e) {
    if (!e.matches(PyExc_TypeError)) throw;  // a producer older than DLPack 1.0 has no max_version
    capsule = obj.attr("__dlpack__")();
  }
  return consume_capsule(capsule);
}

}  // namespace

void bind_dlpack(py::module_& m) {
  m.def("from_dlpack", &from_dlpack, py::arg("ext_tensor"),
        "A tensor sharing memory with a DLPack producer (an object with __dlpack__, such as a NumPy array) or "
        "a DLPack capsule: writes to either show in both.");
  py::object tensor_cls = m.attr("Tensor");
  tensor_cls.attr("__dlpack__") = py::cpp_function(
      &dunder_dlpack, py::is_method(tensor_cls), py::name("__dlpack__"), py::kw_only(), py::arg("stream") = py::none(),
      py::arg("max_version") = py::none(), py::arg("dl_device") = py::none(), py::arg("copy") = py::none(),
      py::doc("A DLPack capsule sharing this tensor's memory (the DLPack protocol)."));
  tensor_cls.attr("__dlpack_device__") = py::cpp_function(
      [](const Tensor& self) {
        EMBER_CHECK(self.device().is_cpu(), NotImplemented, "__dlpack_device__: device '", self.device().str(),
                    "' is not supported yet");
        return py::make_tuple(static_cast<int>(kDLCPU), 0);
      },
      py::is_method(tensor_cls), py::name("__dlpack_device__"),
      py::doc("(device type, device id) of this tensor, as DLPack numbers them."));
}

}  // namespace ember::python
