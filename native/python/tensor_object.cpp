// casters.h's wrap_tensor: the Python object of a tensor, made
// and read without pybind11's instance registry. Every op result is cast to
// Python, and the registry's hash insert, lookup and erase (with a node malloc
// and free) cost about as much as a small kernel; TensorImpl::python_object
// finds a live wrapper instead. The object is still a pybind11 instance of
// ember._C.Tensor (simple layout: value pointer then holder), so bound methods
// load it as usual; it is just never registered, which pybind11's deallocator
// allows (it deregisters only instances flagged as registered).
#include <new>

#include "casters.h"

namespace ember::python {
namespace {

using Holder = intrusive_ptr<TensorImpl>;
destructor g_pybind_dealloc = nullptr;

py::detail::instance* as_instance(PyObject* o) { return reinterpret_cast<py::detail::instance*>(o); }

// pybind11's deallocator, after the impl forgets its wrapper.
void tensor_dealloc(PyObject* self) {
  auto* impl = static_cast<TensorImpl*>(as_instance(self)->simple_value_holder[0]);
  if (impl != nullptr && impl->python_object == self) impl->python_object = nullptr;
  g_pybind_dealloc(self);
}

}  // namespace

void install_tensor_object(PyTypeObject* type) {
  const py::detail::type_info* info = py::detail::get_type_info(type);
  // The layout written by wrap_tensor: one pybind11 base, the holder inline.
  if (info == nullptr || info->holder_size_in_ptrs > py::detail::instance_simple_holder_in_ptrs() ||
      py::detail::all_type_info(type).size() != 1)
    throw std::runtime_error("ember._C.Tensor: unexpected pybind11 instance layout");
  g_pybind_dealloc = type->tp_dealloc;
  type->tp_dealloc = tensor_dealloc;
}

PyObject* wrap_tensor(const Tensor& t) {
  TensorImpl* impl = t.impl();
  if (impl == nullptr) return Py_NewRef(Py_None);
  if (impl->python_object != nullptr) return Py_NewRef(static_cast<PyObject*>(impl->python_object));
  PyTypeObject* type = tensor_type();
  PyObject* self = type->tp_alloc(type, 0);  // zeroed: no holder, not registered
  if (self == nullptr) throw py::error_already_set();
  py::detail::instance* inst = as_instance(self);
  inst->simple_layout = true;
  inst->owned = true;
  inst->simple_value_holder[0] = impl;
  new (&inst->simple_value_holder[1]) Holder(t.impl_ptr());
  inst->simple_holder_constructed = true;
  impl->python_object = self;
  return self;
}

}  // namespace ember::python
