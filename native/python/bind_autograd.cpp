// Autograd's hook into the binding (DESIGN.md section 3). Every
// differentiable op callable from Python is wrapped once, at import, in a
// RecordedOp: a vectorcall object that calls the op straight through unless a
// recorder is installed, grad mode is on and some tensor argument requires
// grad. Only then does the call go to Python, to ember.autograd's recorder,
// which runs the op and records it. The no-grad path never leaves C++.
#include <Python.h>
#include <structmember.h>

#include <array>
#include <cstddef>
#include <vector>

#include "autograd_slot.h"
#include "casters.h"
#include "ember/grad_mode.h"
#include "native_recorder.h"

namespace ember::python {
namespace {

PyObject* g_recorder = nullptr;  // the installed recorder, or none

struct RecordedOp {
  PyObject_HEAD PyObject* fn;  // the op itself
  PyObject* name;              // its Python name, e.g. "add_" or "__radd__"
  PyObject* doc;               // its docstring once ember's docs attach one, else null
  vectorcallfunc vectorcall;
  RecordPlan* plan;          // the native recorder's recipe for it (native_recorder.h)
  unsigned plan_generation;  // which native recorder made plan; 0: none yet
};

bool requires_grad(PyObject* o) {
  if (!is_tensor(o)) return false;
  return impl_of(o)->requires_grad;
}

// Tensors come as arguments or inside a list/tuple argument (cat, stack, einsum).
bool any_requires_grad(PyObject* const* args, Py_ssize_t n) {
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* a = args[i];
    if (requires_grad(a)) return true;
    if (PyList_Check(a) || PyTuple_Check(a)) {
      PyObject* seq = a;
      const Py_ssize_t len = PySequence_Fast_GET_SIZE(seq);
      PyObject** items = PySequence_Fast_ITEMS(seq);
      for (Py_ssize_t j = 0; j < len; ++j)
        if (requires_grad(items[j])) return true;
    }
  }
  return false;
}

PyObject* recorded_call(PyObject* self, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  auto* op = reinterpret_cast<RecordedOp*>(self);
  const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  const Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
  if (g_recorder == nullptr || !grad_enabled() || !any_requires_grad(args, nargs + nkw))
    return PyObject_Vectorcall(op->fn, args, nargsf, kwnames);
  const RecordPlan* plan = record_plan(op->name, &op->plan, &op->plan_generation);
  if (plan != nullptr) {
    bool declined = false;
    PyObject* out = record_natively(*plan, op->fn, args, nargs, kwnames, &declined);
    if (!declined) return out;
  } else if (PyErr_Occurred()) {
    return nullptr;
  }
  // recorder(op, *args, **kwargs)
  std::array<PyObject*, 16> small;
  std::vector<PyObject*> large;
  PyObject** stack = small.data();
  if (nargs + nkw + 1 > static_cast<Py_ssize_t>(small.size())) {
    large.resize(nargs + nkw + 1);
    stack = large.data();
  }
  stack[0] = self;
  for (Py_ssize_t i = 0; i < nargs + nkw; ++i) stack[i + 1] = args[i];
  return PyObject_Vectorcall(g_recorder, stack, nargs + 1, kwnames);
}

void recorded_dealloc(PyObject* self) {
  auto* op = reinterpret_cast<RecordedOp*>(self);
  PyObject_GC_UnTrack(self);
  Py_CLEAR(op->fn);
  Py_CLEAR(op->name);
  Py_CLEAR(op->doc);
  free_record_plan(op->plan);
  Py_TYPE(self)->tp_free(self);
}

int recorded_traverse(PyObject* self, visitproc visit, void* arg) {
  Py_VISIT(reinterpret_cast<RecordedOp*>(self)->fn);
  return 0;
}

// __name__, __doc__, ... come from the wrapped op.
PyObject* recorded_getattr(PyObject* self, PyObject* attr) {
  PyObject* found = PyObject_GenericGetAttr(self, attr);
  if (found != nullptr || !PyErr_ExceptionMatches(PyExc_AttributeError)) return found;
  PyErr_Clear();
  return PyObject_GetAttr(reinterpret_cast<RecordedOp*>(self)->fn, attr);
}

PyObject* recorded_repr(PyObject* self) {
  return PyUnicode_FromFormat("<ember op %U>", reinterpret_cast<RecordedOp*>(self)->name);
}

// The docstring is per op (help(ember.add), Sphinx): the wrapped function's until one is set.
PyObject* recorded_doc_get(PyObject* self, void*) {
  auto* op = reinterpret_cast<RecordedOp*>(self);
  if (op->doc != nullptr) return Py_NewRef(op->doc);
  return PyObject_GetAttrString(op->fn, "__doc__");
}

int recorded_doc_set(PyObject* self, PyObject* value, void*) {
  auto* op = reinterpret_cast<RecordedOp*>(self);
  Py_XSETREF(op->doc, Py_XNewRef(value));
  return 0;
}

PyGetSetDef recorded_getset[] = {
    {"__doc__", recorded_doc_get, recorded_doc_set, "the op's docstring", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyMemberDef recorded_members[] = {
    {"__wrapped__", T_OBJECT_EX, offsetof(RecordedOp, fn), READONLY, "the op without recording"},
    {"__name__", T_OBJECT_EX, offsetof(RecordedOp, name), READONLY, "the name it was called by"},
    {nullptr, 0, 0, 0, nullptr},
};

PyTypeObject recorded_type = [] {
  PyTypeObject t{PyVarObject_HEAD_INIT(nullptr, 0)};
  t.tp_name = "ember._C.RecordedOp";
  t.tp_basicsize = sizeof(RecordedOp);
  t.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_METHOD_DESCRIPTOR;
  t.tp_doc = "An ember op that ember.autograd records when an argument requires grad.";
  t.tp_dealloc = recorded_dealloc;
  t.tp_traverse = recorded_traverse;
  t.tp_vectorcall_offset = offsetof(RecordedOp, vectorcall);
  t.tp_call = PyVectorcall_Call;
  t.tp_descr_get = bind_as_method;
  t.tp_getattro = recorded_getattr;
  t.tp_repr = recorded_repr;
  t.tp_members = recorded_members;
  t.tp_getset = recorded_getset;
  return t;
}();

py::object wrap(py::object fn, py::str name) {
  // A method stored on the class is an instancemethod around the function.
  if (PyInstanceMethod_Check(fn.ptr()))
    fn = py::reinterpret_borrow<py::object>(PyInstanceMethod_GET_FUNCTION(fn.ptr()));
  auto* op = PyObject_GC_New(RecordedOp, &recorded_type);
  if (op == nullptr) throw py::error_already_set();
  op->fn = fn.release().ptr();
  op->name = name.release().ptr();
  op->doc = nullptr;
  op->vectorcall = recorded_call;
  op->plan = nullptr;
  op->plan_generation = 0;
  PyObject_GC_Track(reinterpret_cast<PyObject*>(op));
  return py::reinterpret_steal<py::object>(reinterpret_cast<PyObject*>(op));
}

PyAutogradSlot* slot(const Tensor& t) { return autograd_slot(t.impl()); }

}  // namespace

void bind_autograd(py::module_& m) {
  if (PyType_Ready(&recorded_type) < 0) throw py::error_already_set();
  m.attr("RecordedOp") = py::handle(reinterpret_cast<PyObject*>(&recorded_type));
  m.def("_record_op", &wrap, py::arg("fn"), py::arg("name"),
        "fn wrapped so that ember.autograd's recorder sees its calls with tensors that require grad.");
  m.def(
      "_set_recorder",
      [](py::object recorder) {
        Py_XDECREF(g_recorder);
        g_recorder = recorder.is_none() ? nullptr : recorder.release().ptr();
      },
      py::arg("recorder"), "Installs recorder(op, *args, **kwargs) (None removes it).");
  m.def("is_grad_enabled", &grad_enabled, "Whether ops on tensors that require grad are recorded (this thread).");
  m.def("_set_grad_enabled", &set_grad_enabled, py::arg("mode"));
  m.def("is_inference_mode_enabled", &inference_mode, "Whether this thread is inside inference_mode.");
  m.def("_set_inference_mode", &set_inference_mode, py::arg("mode"));

  auto tensor = m.attr("Tensor");
  auto cls = py::reinterpret_borrow<py::object>(tensor);
  cls.attr("_autograd_meta") = py::cpp_function(
      [](const Tensor& t) -> py::object {
        PyAutogradSlot* s = slot(t);
        return s ? s->meta : py::none();
      },
      py::is_method(cls), py::name("_autograd_meta"), "ember.autograd's record for this tensor, or None.");
  cls.attr("_set_autograd_meta") = py::cpp_function(
      [](const Tensor& t, py::object meta) {
        if (meta.is_none()) {
          t.impl()->autograd.reset();
          return;
        }
        if (slot(t) == nullptr) t.impl()->autograd = std::make_unique<PyAutogradSlot>();
        slot(t)->meta = std::move(meta);
      },
      py::is_method(cls), py::name("_set_autograd_meta"));
  m.def(
      "_alias", [](const Tensor& t) { return make_view(t, t.sizes(), t.strides(), t.impl()->storage_offset()); },
      py::arg("input"), "A new tensor over the same memory, with no autograd state (detach's view).");
  cls.attr("is_inference") = py::cpp_function([](const Tensor& t) { return t.impl()->is_inference; },
                                              py::is_method(cls), py::name("is_inference"));
}

}  // namespace ember::python
