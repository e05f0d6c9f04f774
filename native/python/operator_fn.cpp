// operator_fn.h: a small vectorcall type in place of a pybind11 function.
#include "operator_fn.h"

#include <structmember.h>

#include <string>
#include <utility>

#include <pybind11/detail/exception_translation.h>

namespace ember::python {
namespace {

struct OperatorFn {
  PyObject_HEAD BinaryFn* fn;
  Form form;
  PyObject* name;
  vectorcallfunc vectorcall;
};

PyObject* operator_call(PyObject* self, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  auto* op = reinterpret_cast<OperatorFn*>(self);
  const Py_ssize_t n = PyVectorcall_NARGS(nargsf);
  if (n != 2 || kwnames != nullptr) {
    PyErr_Format(PyExc_TypeError, "%U() takes exactly one argument besides self (%zd given)", op->name,
                 n - 1 + (kwnames ? PyTuple_GET_SIZE(kwnames) : 0));
    return nullptr;
  }
  if (!is_tensor(args[0])) {
    PyErr_Format(PyExc_TypeError, "descriptor '%U' requires an 'ember.Tensor' object but received a '%s'", op->name,
                 Py_TYPE(args[0])->tp_name);
    return nullptr;
  }
  try {
    const auto self_tensor = py::handle(args[0]).cast<Tensor>();
    Operand other{Scalar()};
    if (!try_operand(args[1], &other)) return Py_NewRef(Py_NotImplemented);
    const BinaryFn& fn = *op->fn;
    switch (op->form) {
      case Form::Forward: return py::cast(fn(self_tensor, other, {})).release().ptr();
      case Form::Reflected: return py::cast(fn(other, self_tensor, {})).release().ptr();
      case Form::InPlace: return py::cast(fn(self_tensor, other, self_tensor)).release().ptr();
    }
    return nullptr;
  } catch (...) {
    py::detail::try_translate_exceptions();
    return nullptr;
  }
}

void operator_dealloc(PyObject* self) {
  auto* op = reinterpret_cast<OperatorFn*>(self);
  delete op->fn;
  Py_CLEAR(op->name);
  Py_TYPE(self)->tp_free(self);
}

PyObject* operator_repr(PyObject* self) {
  return PyUnicode_FromFormat("<ember operator %U>", reinterpret_cast<OperatorFn*>(self)->name);
}

PyMemberDef operator_members[] = {
    {"__name__", T_OBJECT_EX, offsetof(OperatorFn, name), READONLY, "the operator's name"},
    {"__qualname__", T_OBJECT_EX, offsetof(OperatorFn, name), READONLY, "the operator's name"},
    {nullptr, 0, 0, 0, nullptr},
};

PyTypeObject operator_type = [] {
  PyTypeObject t{PyVarObject_HEAD_INIT(nullptr, 0)};
  t.tp_name = "ember._C.Operator";
  t.tp_basicsize = sizeof(OperatorFn);
  t.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_METHOD_DESCRIPTOR;
  t.tp_doc = "A Tensor operator: self OP other, other OP self, or self OP= other.";
  t.tp_dealloc = operator_dealloc;
  t.tp_vectorcall_offset = offsetof(OperatorFn, vectorcall);
  t.tp_call = PyVectorcall_Call;
  t.tp_descr_get = bind_as_method;
  t.tp_repr = operator_repr;
  t.tp_members = operator_members;
  return t;
}();

}  // namespace

void def_operator(py::object& cls, const char* dunder, BinaryFn fn, Form form) {
  if (!(operator_type.tp_flags & Py_TPFLAGS_READY) && PyType_Ready(&operator_type) < 0) throw py::error_already_set();
  auto* op = PyObject_New(OperatorFn, &operator_type);
  if (op == nullptr) throw py::error_already_set();
  op->fn = new BinaryFn(std::move(fn));
  op->form = form;
  op->name = PyUnicode_FromString(dunder);
  op->vectorcall = operator_call;
  py::object obj = py::reinterpret_steal<py::object>(reinterpret_cast<PyObject*>(op));
  if (op->name == nullptr) throw py::error_already_set();
  cls.attr(dunder) = obj;
}

}  // namespace ember::python
