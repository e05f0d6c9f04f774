#include <array>
#include <string>

#include "casters.h"

namespace ember::python {
namespace {

std::array<PyObject*, kNumDTypes> g_dtype_objects{};

}  // namespace

py::handle dtype_object(DType t) { return g_dtype_objects[static_cast<int>(t)]; }

bool dtype_from_object(py::handle h, DType* out) {
  for (int i = 0; i < kNumDTypes; ++i) {
    if (g_dtype_objects[i] == h.ptr()) {
      *out = static_cast<DType>(i);
      return true;
    }
  }
  return false;
}

py::object device_object(Device d) {
  constexpr int kCached = 64;  // indices -1 ("current") .. 62 of each device type
  static std::array<std::array<PyObject*, kCached>, 2> cache{};
  const int i = d.index + 1;
  if (i < 0 || i >= kCached) return py::cast(d);
  PyObject*& slot = cache[static_cast<int>(d.type)][i];
  if (slot == nullptr) slot = py::cast(d).release().ptr();  // lives as long as the process
  return py::reinterpret_borrow<py::object>(slot);
}

Device to_device(py::handle h, const char* op) {
  if (h.is_none()) return Device{};
  if (py::isinstance<Device>(h)) return h.cast<Device>();
  if (py::isinstance<py::str>(h)) return parse_device(h.cast<std::string>());
  throw py::type_error(std::string(op) + ": expected a device ('cpu', 'cuda:0' or ember.device), got " +
                       std::string(py::str(py::type::handle_of(h).attr("__name__"))));
}

void bind_dtypes(py::module_& m) {
  py::class_<PyDType>(m, "dtype", "The element type of a tensor, like ember.float32.")
      .def_property_readonly("itemsize", [](const PyDType& d) { return itemsize(d.value); })
      .def_property_readonly("is_floating_point", [](const PyDType& d) { return is_floating(d.value); })
      .def_property_readonly("is_complex", [](const PyDType& d) { return is_complex(d.value); })
      .def_property_readonly("is_signed",
                             [](const PyDType& d) { return d.value != DType::Bool && d.value != DType::UInt8; })
      .def("__repr__", [](const PyDType& d) { return "ember." + std::string(name(d.value)); })
      // pickle looks the name up in the class's module, ember (set below)
      .def("__reduce__", [](const PyDType& d) { return std::string(name(d.value)); });
  m.attr("dtype").attr("__module__") = "ember";
  for (int i = 0; i < kNumDTypes; ++i) {
    auto t = static_cast<DType>(i);
    py::object obj = py::cast(PyDType{t});
    g_dtype_objects[i] = obj.inc_ref().ptr();  // lives as long as the process
    m.attr(std::string(name(t)).c_str()) = obj;
  }

  py::class_<Device>(m, "device", "Where a tensor's memory lives: ember.device('cpu'), ember.device('cuda', 0).")
      .def(py::init([](const std::string& spec, std::optional<int> index) {
             Device d = parse_device(spec);
             if (index) {
               EMBER_CHECK(d.index < 0, Value, "device: index given twice in ('", spec, "', ", *index, ")");
               EMBER_CHECK(*index >= 0 && *index < 32768, Value, "device: invalid index ", *index);
               d.index = static_cast<int16_t>(*index);
             }
             return d;
           }),
           py::arg("type"), py::arg("index") = py::none())
      .def_property_readonly("type", [](const Device& d) { return d.is_cpu() ? "cpu" : "cuda"; })
      .def_property_readonly(
          "index",
          [](const Device& d) -> py::object { return d.index < 0 ? py::object(py::none()) : py::int_(d.index); })
      .def("__str__", &Device::str)
      .def("__repr__",
           [](const Device& d) {
             std::string s = "device(type='" + std::string(d.is_cpu() ? "cpu" : "cuda") + "'";
             if (d.index >= 0) s += ", index=" + std::to_string(d.index);
             return s + ")";
           })
      .def("__eq__",
           [](const Device& a, py::handle b) {
             if (py::isinstance<Device>(b)) return a == b.cast<Device>();
             if (py::isinstance<py::str>(b)) return a.str() == b.cast<std::string>();
             return false;
           })
      .def("__hash__", [](const Device& d) { return static_cast<int>(d.type) * 65536 + d.index; });
}

}  // namespace ember::python
