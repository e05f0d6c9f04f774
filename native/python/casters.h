// How core types cross into Python. Tensors are held by intrusive pointer and
// a TensorImpl knows its live Python object, so the same TensorImpl always
// maps back to the same Python object; dtypes are twelve singleton objects
// compared by identity.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "ember/scalar.h"
#include "ember/tensor.h"

PYBIND11_DECLARE_HOLDER_TYPE(T, ember::intrusive_ptr<T>, true)

namespace ember::python {

namespace py = pybind11;

// The Python face of a dtype (`ember.float32`); instances are made once.
struct PyDType {
  DType value;
};
py::handle dtype_object(DType t);                  // borrowed
bool dtype_from_object(py::handle h, DType* out);  // true if h is an ember.dtype

// The Python face of a device (`ember.device`), made once per device and shared (devices are immutable).
py::object device_object(Device d);
// "cpu", "cuda:0" or an ember.device; raises TypeError otherwise.
Device to_device(py::handle h, const char* op);
// bool, int, float, complex or a 1-element tensor; raises TypeError otherwise.
Scalar to_scalar(py::handle h, const char* op);
py::object scalar_to_python(const Tensor& t, int64_t element_offset);
// If o is a NumPy scalar (np.float32(1), np.bool_(True), ...), its dtype.
bool numpy_scalar_dtype(PyObject* o, DType* out);

// ember._C.Tensor's type object (set once bind_tensor has made the class), and a fast check for it.
PyTypeObject* tensor_type();
inline bool is_tensor(PyObject* o) { return PyObject_TypeCheck(o, tensor_type()); }

// tensor_object.cpp: a tensor's Python object (a new reference; the live one
// if there is one, None for an undefined tensor), made without pybind11's
// instance registry; install_tensor_object sets up ember._C.Tensor for it.
PyObject* wrap_tensor(const Tensor& t);
void install_tensor_object(PyTypeObject* type);
// The impl of an ember._C.Tensor object (its exact type, not a subclass), read
// from pybind11's simple instance layout; nullptr for anything else.
inline TensorImpl* exact_tensor_impl(PyObject* o) {
  if (Py_TYPE(o) != tensor_type()) return nullptr;
  return static_cast<TensorImpl*>(reinterpret_cast<py::detail::instance*>(o)->simple_value_holder[0]);
}
// The impl of a tensor object (is_tensor(o) must hold).
inline TensorImpl* impl_of(PyObject* o) {
  if (TensorImpl* t = exact_tensor_impl(o)) return t;
  return py::handle(o).cast<TensorImpl*>();
}

// tp_descr_get of a C callable type stored on a class: it binds like a
// function, so t.add is a bound method.
inline PyObject* bind_as_method(PyObject* self, PyObject* obj, PyObject*) {
  if (obj == nullptr || obj == Py_None) return Py_NewRef(self);
  return PyMethod_New(self, obj);
}

// A shape as Python sees it (an ember.Size).
py::object make_size(IntArrayRef sizes);
// A sequence of ints as dims; raises TypeError naming op otherwise.
DimVector to_dims(const py::handle& seq, const char* op);

// Registration of each binding file, called from module.cpp.
void bind_errors(py::module_& m);
void bind_dtypes(py::module_& m);
void bind_tensor(py::module_& m);
void bind_creation(py::module_& m);
void bind_from_python(py::module_& m);
void bind_numpy(py::module_& m);
void bind_linalg(py::module_& m);
void bind_elementwise(py::module_& m);
void bind_views(py::module_& m);
void bind_registry(py::module_& m);
void bind_dlpack(py::module_& m);
void bind_shape(py::module_& m);
void bind_random(py::module_& m);    // Tensor core II: random
void bind_indexing(py::module_& m);  // after bind_elementwise: overloads where
void bind_reduce(py::module_& m);
void bind_sort(py::module_& m);  // Tensor core II: sorting; after bind_reduce (return_types)
void bind_nn(py::module_& m);    // issue 5: conv, pool, norm (bind_nn*.cpp)
void bind_autograd(py::module_& m);
void bind_cuda(py::module_& m);  // ember.cuda's functions; .to(device), pin_memory  // RecordedOp, grad modes and the
                                 // autograd slot

}  // namespace ember::python

namespace pybind11::detail {

template <>
struct type_caster<ember::DType> {
  PYBIND11_TYPE_CASTER(ember::DType, const_name("ember.dtype"));
  bool load(handle src, bool) { return ember::python::dtype_from_object(src, &value); }
  static handle cast(ember::DType t, return_value_policy, handle) { return ember::python::dtype_object(t).inc_ref(); }
};

template <>
struct type_caster<ember::Tensor> {
  PYBIND11_TYPE_CASTER(ember::Tensor, const_name("ember.Tensor"));
  bool load(handle src, bool convert) {
    if (src.is_none()) return false;  // pybind would load None as a null tensor
    if (ember::TensorImpl* fast = ember::python::exact_tensor_impl(src.ptr())) {
      value = ember::Tensor(ember::intrusive_ptr<ember::TensorImpl>(fast));
      return true;
    }
    make_caster<ember::TensorImpl> impl;
    if (!impl.load(src, convert)) return false;
    value = ember::Tensor(ember::intrusive_ptr<ember::TensorImpl>(cast_op<ember::TensorImpl*>(impl)));
    return true;
  }
  static handle cast(const ember::Tensor& t, return_value_policy, handle) { return ember::python::wrap_tensor(t); }
};

}  // namespace pybind11::detail
