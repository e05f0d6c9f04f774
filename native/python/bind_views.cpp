// View ops: Tensor methods, properties and their module functions, taking
// sizes and dims the ways PyTorch does (varargs, a tuple/list or ember.Size).
#include <string>
#include <vector>

#include "casters.h"
#include "ember/ops.h"

namespace ember::python {
namespace {

using TensorClass = py::class_<TensorImpl, intrusive_ptr<TensorImpl>>;

// f(2, 3), f((2, 3)), f([2, 3]), f(ember.Size(...)), or f(key=(2, 3)).
DimVector size_args(const py::args& args, const py::kwargs& kwargs, const char* key, const char* op) {
  EMBER_CHECK(!args.empty() || !kwargs.empty(), Type, op, "() missing 1 required positional argument: '", key, "'");
  for (auto item : kwargs) {
    const std::string k = py::str(item.first);
    EMBER_CHECK(k == key && args.empty(), Type, op, "() got an unexpected keyword argument '", k, "'");
    return to_dims(item.second, op);
  }
  if (args.size() == 1 && !PyIndex_Check(args[0].ptr()) && PySequence_Check(args[0].ptr())) return to_dims(args[0], op);
  return to_dims(args, op);
}

// An int or a sequence of ints (movedim's source, squeeze's dim).
DimVector int_or_dims(py::handle h, const char* op) {
  if (PyIndex_Check(h.ptr()) && !PyBool_Check(h.ptr())) return DimVector{h.cast<int64_t>()};
  EMBER_CHECK(PySequence_Check(h.ptr()), Type, op, ": expected an int or a sequence of ints, got ",
              Py_TYPE(h.ptr())->tp_name);
  return to_dims(h, op);
}

Tensor squeeze_arg(const Tensor& t, py::handle dim) {
  return dim.is_none() ? squeeze(t) : squeeze(t, int_or_dims(dim, "squeeze"));
}

Tensor movedim_args(const Tensor& t, py::handle source, py::handle destination) {
  EMBER_CHECK(PyIndex_Check(source.ptr()) == PyIndex_Check(destination.ptr()), Type,
              "movedim: source and destination must both be ints or both be sequences of ints, got ",
              Py_TYPE(source.ptr())->tp_name, " and ", Py_TYPE(destination.ptr())->tp_name);
  return movedim(t, int_or_dims(source, "movedim"), int_or_dims(destination, "movedim"));
}

void warn(const char* message) {
  if (PyErr_WarnEx(PyExc_UserWarning, message, 1) < 0) throw py::error_already_set();
}

py::tuple unbind(const Tensor& t, int64_t dim) {
  EMBER_CHECK(t.dim() > 0, Index, "unbind: cannot be applied to a 0-dim tensor");
  dim = wrap_dim(dim, t.dim(), "unbind");
  py::tuple out(t.size(dim));
  for (int64_t i = 0; i < t.size(dim); ++i) out[i] = py::cast(select(t, dim, i));
  return out;
}

void bind_methods(TensorClass& cls) {
  cls.def(
         "view",
         [](const Tensor& t, const py::args& args, const py::kwargs& kwargs) {
           DType dtype;
           if (kwargs.contains("dtype") && args.empty() && kwargs.size() == 1)
             return view_dtype(t, kwargs["dtype"].cast<DType>());
           if (args.size() == 1 && kwargs.empty() && dtype_from_object(args[0], &dtype)) return view_dtype(t, dtype);
           return view(t, size_args(args, kwargs, "size", "view"));
         },
         "view(*shape) or view(dtype): a view with a new shape or element type.")
      .def(
          "view_as", [](const Tensor& t, const Tensor& other) { return view(t, other.sizes()); }, py::arg("other"))
      .def(
          "reshape",
          [](const Tensor& t, const py::args& args, const py::kwargs& kwargs) {
            return reshape(t, size_args(args, kwargs, "shape", "reshape"));
          },
          "reshape(*shape): a view when the strides allow it, else a copy.")
      .def(
          "reshape_as", [](const Tensor& t, const Tensor& other) { return reshape(t, other.sizes()); },
          py::arg("other"))
      .def("flatten", &flatten, py::arg("start_dim") = 0, py::arg("end_dim") = -1)
      .def(
          "unflatten",
          [](const Tensor& t, int64_t dim, py::handle sizes) { return unflatten(t, dim, to_dims(sizes, "unflatten")); },
          py::arg("dim"), py::arg("sizes"))
      .def(
          "squeeze",
          [](const Tensor& t, const py::args& args, const py::kwargs& kwargs) {
            if (args.empty() && kwargs.empty()) return squeeze(t);
            if (args.size() == 1 && kwargs.empty()) return squeeze_arg(t, args[0]);
            if (args.empty() && kwargs.size() == 1 && kwargs.contains("dim")) return squeeze_arg(t, kwargs["dim"]);
            return squeeze(t, size_args(args, kwargs, "dim", "squeeze"));
          },
          "squeeze(), squeeze(dim) or squeeze(dims): drops size-1 dims.")
      .def(
          "permute",
          [](const Tensor& t, const py::args& args, const py::kwargs& kwargs) {
            return permute(t, size_args(args, kwargs, "dims", "permute"));
          },
          "permute(*dims): the dims reordered.")
      .def("movedim", &movedim_args, py::arg("source"), py::arg("destination"))
      .def("moveaxis", &movedim_args, py::arg("source"), py::arg("destination"))
      .def("swapaxes", &transpose, py::arg("axis0"), py::arg("axis1"))
      .def("swapdims", &transpose, py::arg("dim0"), py::arg("dim1"))
      .def_property_readonly("T",
                             [](const Tensor& t) {
                               if (t.dim() == 0)
                                 warn(
                                     "Tensor.T is deprecated on 0-D tensors. This function is the identity in these "
                                     "cases.");
                               if (t.dim() > 2)
                                 warn(
                                     "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
                                     "deprecated and it will throw an error in a future release. Consider `x.mT` to "
                                     "transpose batches of matrices or `x.permute(*range(x.ndim - 1, -1, -1))` to "
                                     "reverse the dimensions of a tensor.");
                               return reverse_dims(t);
                             })
      .def_property_readonly("mT",
                             [](const Tensor& t) {
                               if (t.dim() == 0)
                                 warn(
                                     "Tensor.mT is deprecated on 0-D tensors. This function is the identity in these "
                                     "cases.");
                               return matrix_transpose(t);
                             })
      .def(
          "expand",
          [](const Tensor& t, const py::args& args, const py::kwargs& kwargs) {
            return expand(t, size_args(args, kwargs, "size", "expand"));
          },
          "expand(*sizes): size-1 dims repeated without copying; -1 keeps a size.")
      .def(
          "expand_as", [](const Tensor& t, const Tensor& other) { return expand(t, other.sizes()); }, py::arg("other"))
      .def(
          "broadcast_to",
          [](const Tensor& t, py::handle size) { return broadcast_to(t, to_dims(size, "broadcast_to")); },
          py::arg("size"))
      .def("unfold", &unfold, py::arg("dimension"), py::arg("size"), py::arg("step"))
      .def("diagonal", &diagonal, py::arg("offset") = 0, py::arg("dim1") = 0, py::arg("dim2") = 1)
      .def_property_readonly("real", &real)
      .def_property_readonly("imag", &imag)
      .def("unbind", &unbind, py::arg("dim") = 0)
      .def("untyped_storage", [](const Tensor& t) { return t.impl()->storage(); });
}

void bind_functions(py::module_& m) {
  m.def(
      "reshape", [](const Tensor& t, py::handle shape) { return reshape(t, to_dims(shape, "reshape")); },
      py::arg("input"), py::arg("shape"));
  m.def("flatten", &flatten, py::arg("input"), py::arg("start_dim") = 0, py::arg("end_dim") = -1);
  m.def(
      "unflatten",
      [](const Tensor& t, int64_t dim, py::handle sizes) { return unflatten(t, dim, to_dims(sizes, "unflatten")); },
      py::arg("input"), py::arg("dim"), py::arg("sizes"));
  m.def("squeeze", &squeeze_arg, py::arg("input"), py::arg("dim") = py::none());
  m.def("unsqueeze", &unsqueeze, py::arg("input"), py::arg("dim"));
  m.def("transpose", &transpose, py::arg("input"), py::arg("dim0"), py::arg("dim1"));
  m.def("swapaxes", &transpose, py::arg("input"), py::arg("axis0"), py::arg("axis1"));
  m.def("swapdims", &transpose, py::arg("input"), py::arg("dim0"), py::arg("dim1"));
  m.def("t", &t, py::arg("input"));
  m.def(
      "permute", [](const Tensor& t, py::handle dims) { return permute(t, to_dims(dims, "permute")); },
      py::arg("input"), py::arg("dims"));
  m.def("movedim", &movedim_args, py::arg("input"), py::arg("source"), py::arg("destination"));
  m.def("moveaxis", &movedim_args, py::arg("input"), py::arg("source"), py::arg("destination"));
  m.def("narrow", &narrow, py::arg("input"), py::arg("dim"), py::arg("start"), py::arg("length"));
  m.def("select", &select, py::arg("input"), py::arg("dim"), py::arg("index"));
  m.def("diagonal", &diagonal, py::arg("input"), py::arg("offset") = 0, py::arg("dim1") = 0, py::arg("dim2") = 1);
  m.def(
      "broadcast_to", [](const Tensor& t, py::handle size) { return broadcast_to(t, to_dims(size, "broadcast_to")); },
      py::arg("input"), py::arg("size"));
  m.def("broadcast_shapes", [](const py::args& shapes) {
    std::vector<DimVector> dims;
    for (py::handle s : shapes) {
      // PyTorch raises RuntimeError (not TypeError) for a shape that isn't one.
      const bool ok = PyIndex_Check(s.ptr()) || (PySequence_Check(s.ptr()) && !PyUnicode_Check(s.ptr()));
      EMBER_CHECK(ok, Runtime, "broadcast_shapes: input shapes should be ints, tuples of ints or lists of ints, got ",
                  Py_TYPE(s.ptr())->tp_name);
      dims.push_back(int_or_dims(s, "broadcast_shapes"));
    }
    return make_size(broadcast_shapes(dims, "broadcast_shapes"));
  });
  m.def("broadcast_tensors", [](const py::args& tensors) {
    std::vector<Tensor> in;
    for (py::handle t : tensors) in.push_back(t.cast<Tensor>());
    return py::tuple(py::cast(broadcast_tensors(in)));
  });
  m.def("real", &real, py::arg("input"));
  m.def("imag", &imag, py::arg("input"));
  m.def("view_as_real", &view_as_real, py::arg("input"));
  m.def("view_as_complex", &view_as_complex, py::arg("input"));
  m.def("unbind", &unbind, py::arg("input"), py::arg("dim") = 0);
  m.def(
      "as_strided",
      [](const Tensor& t, py::handle size, py::handle stride, std::optional<int64_t> offset) {
        return as_strided(t, to_dims(size, "as_strided"), to_dims(stride, "as_strided"), offset);
      },
      py::arg("input"), py::arg("size"), py::arg("stride"), py::arg("storage_offset") = py::none());
}

}  // namespace

void bind_views(py::module_& m) {
  // The bytes under a tensor and its views: PyTorch's UntypedStorage, read-only here.
  py::class_<StorageImpl, intrusive_ptr<StorageImpl>>(m, "UntypedStorage", "The memory a tensor and its views share.")
      .def("nbytes", &StorageImpl::nbytes)
      .def("size", &StorageImpl::nbytes)
      .def("__len__", &StorageImpl::nbytes)
      .def("element_size", [](const StorageImpl&) { return 1; })
      .def("data_ptr", [](const StorageImpl& s) { return reinterpret_cast<uintptr_t>(s.data()); })
      .def_property_readonly("device", &StorageImpl::device);
  auto cls = py::reinterpret_borrow<TensorClass>(m.attr("Tensor"));
  bind_methods(cls);
  bind_functions(m);
}

}  // namespace ember::python
