// The native recorder (native_recorder.h). It makes the Python objects the
// engine reads (OpNode, AutogradMeta, SavedTensor, TensorMeta) by filling
// their __slots__ directly, exactly as ember.autograd's recorder would, so the
// graph is the same whichever recorder built it; the Python recorder stays the
// reference and handles every case this file declines.
#include "native_recorder.h"

#include <structmember.h>

#include <array>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "autograd_slot.h"
#include "casters.h"
#include "ember/grad_mode.h"

namespace ember::python {

struct RecordPlan {
  py::object formula;
  bool reflected = false;                            // __r*__: the formula's first input is the second argument
  bool save_result = false;                          // the formula reads the op's output
  std::vector<Py_ssize_t> inputs;                    // positional index of each formula input
  std::vector<py::object> input_names;               // and its parameter name
  std::vector<char> save;                            // per positional parameter: saved, else a TensorMeta
  std::vector<std::pair<Py_ssize_t, int>> save_for;  // (parameter, the input whose gradient alone reads it)
};

namespace {

// A Python class with __slots__, instantiated and filled from C++ without
// running its __init__. init() checks that the names given are all the slots
// the class has, so a slot added in Python cannot be left unset here.
class SlotClass {
 public:
  void init(py::handle type, std::initializer_list<const char*> names) {
    type_ = reinterpret_cast<PyTypeObject*>(type.inc_ref().ptr());
    offsets_.clear();
    for (const char* name : names) offsets_.push_back(offset(name));
    for (py::handle base : py::reinterpret_borrow<py::tuple>(type_->tp_mro)) {
      auto* base_type = reinterpret_cast<PyTypeObject*>(base.ptr());
      // slots come from Python classes; a builtin base (object) has none, and from 3.12 no tp_dict here
      if (!(base_type->tp_flags & Py_TPFLAGS_HEAPTYPE) || base_type->tp_dict == nullptr) continue;
      for (auto item : py::reinterpret_borrow<py::dict>(base_type->tp_dict)) {
        if (!Py_IS_TYPE(item.second.ptr(), &PyMemberDescr_Type)) continue;
        auto attr = item.first.cast<std::string>();
        py::object effective = type.attr(attr.c_str());
        if (!Py_IS_TYPE(effective.ptr(), &PyMemberDescr_Type)) continue;  // shadowed by a property
        bool known = false;
        for (const char* name : names) known = known || attr == name;
        if (!known)
          throw py::type_error("native recorder: " + std::string(type_->tp_name) + " has slot '" + attr +
                               "' that the native recorder does not set");
      }
    }
  }
  PyTypeObject* type() const { return type_; }
  Py_ssize_t operator[](int k) const { return offsets_[k]; }

  // A new instance with every slot None (a new reference, or nullptr on error).
  PyObject* make() const {
    PyObject* obj = type_->tp_alloc(type_, 0);
    if (obj == nullptr) return nullptr;
    for (Py_ssize_t off : offsets_) at(obj, off) = Py_NewRef(Py_None);
    return obj;
  }
  // Sets a slot, stealing value.
  static void set(PyObject* obj, Py_ssize_t off, PyObject* value) { Py_XSETREF(at(obj, off), value); }
  static PyObject* get(PyObject* obj, Py_ssize_t off) { return at(obj, off); }  // borrowed, may be null

 private:
  static PyObject*& at(PyObject* obj, Py_ssize_t off) {
    return *reinterpret_cast<PyObject**>(reinterpret_cast<char*>(obj) + off);
  }
  Py_ssize_t offset(const char* name) const {
    py::object d = py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(type_)).attr(name);
    if (!Py_IS_TYPE(d.ptr(), &PyMemberDescr_Type))
      throw py::type_error("native recorder: " + std::string(type_->tp_name) + "." + name + " is not a slot");
    return reinterpret_cast<PyMemberDescrObject*>(d.ptr())->d_member->offset;
  }

  PyTypeObject* type_ = nullptr;
  std::vector<Py_ssize_t> offsets_;
};

// Slot indices, in the order init() is given the names.
enum NodeSlot {
  kNext,
  kInputMeta,
  kPreHooks,
  kPostHooks,
  kTensorHooks,
  kRetained,
  kMetadata,
  kFormula,
  kArgs,
  kKwargs,
  kLayout,
  kOutputs,
  kResult,
  kFreed,
  kTrace
};
enum MetaSlot { kGrad, kGradFn, kOutputNr, kRetainsGrad, kHooks, kPostAccumulateHooks, kAccumulator };
enum SavedSlot { kData, kVersion, kIsOutput, kPacked, kUnpack, kRequiresGrad };
enum TensorMetaSlot { kShape, kDType, kDevice, kStrides };

struct State {
  unsigned generation = 0;  // 0: no native recorder installed
  py::object planner;       // plan(name) -> recorder.native_plan's tuple, or None
  py::object accumulator;   // accumulator(leaf) -> its AccumulateGrad node
  py::object finish;        // finish(out, node, args): attaches an output other than one tensor
  py::object anomaly;       // anomaly._state: {"enabled": ...}
  py::object saved_hooks;   // graph._saved_hooks: a list, non-empty inside saved_tensors_hooks
  py::object one_output;    // (True,), shared by every one-output node
  py::object grad_fn_name, output_nr_name, enabled_name;
  SlotClass node, meta, saved, tensor_meta;
};
State& g = *new State;  // never destroyed: its Python objects must not outlive the interpreter

constexpr const char* kInferenceSaved =
    "Inference tensors cannot be saved for backward. To work around you can make a clone to get a normal tensor "
    "and use it in autograd.";

bool differentiable(DType t) { return is_floating(t) || is_complex(t); }

// tensors inside a list argument (cat, stack, einsum) take the Python recorder
bool has_tensor_list(PyObject* const* args, Py_ssize_t n) {
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* a = args[i];
    if ((PyList_Check(a) || PyTuple_Check(a)) && PySequence_Fast_GET_SIZE(a) > 0 &&
        is_tensor(PySequence_Fast_ITEMS(a)[0]))
      return true;
  }
  return false;
}

// (grad_fn, output_nr) of an input that requires grad, or (its AccumulateGrad, 0) for a leaf
PyObject* gradient_edge(PyObject* v, TensorImpl* t) {
  PyAutogradSlot* s = autograd_slot(t);
  PyObject* m = s != nullptr ? s->meta.ptr() : nullptr;
  if (m != nullptr && m != Py_None) {
    py::object prev, nr;
    if (Py_IS_TYPE(m, g.meta.type())) {
      prev = py::reinterpret_borrow<py::object>(SlotClass::get(m, g.meta[kGradFn]));
      nr = py::reinterpret_borrow<py::object>(SlotClass::get(m, g.meta[kOutputNr]));
    } else {  // a view's meta computes grad_fn
      prev = py::reinterpret_steal<py::object>(PyObject_GetAttr(m, g.grad_fn_name.ptr()));
      if (!prev) return nullptr;
      nr = py::reinterpret_steal<py::object>(PyObject_GetAttr(m, g.output_nr_name.ptr()));
      if (!nr) return nullptr;
    }
    if (prev && prev.ptr() != Py_None) return PyTuple_Pack(2, prev.ptr(), nr.ptr());
  }
  py::object acc = py::reinterpret_steal<py::object>(PyObject_CallOneArg(g.accumulator.ptr(), v));
  if (!acc) return nullptr;
  py::object zero = py::reinterpret_steal<py::object>(PyLong_FromLong(0));
  return PyTuple_Pack(2, acc.ptr(), zero.ptr());
}

PyObject* version_of(const TensorImpl* t) { return PyLong_FromUnsignedLong(t->storage()->version()); }

PyObject* saved_tensor(PyObject* v, const TensorImpl* t) {
  if (t->is_inference) {
    PyErr_SetString(PyExc_RuntimeError, kInferenceSaved);
    return nullptr;
  }
  PyObject* s = g.saved.make();
  if (s == nullptr) return nullptr;
  SlotClass::set(s, g.saved[kData], Py_NewRef(v));
  SlotClass::set(s, g.saved[kVersion], version_of(t));
  SlotClass::set(s, g.saved[kIsOutput], Py_NewRef(Py_False));
  SlotClass::set(s, g.saved[kRequiresGrad], Py_NewRef(Py_False));
  return s;
}

PyObject* tensor_meta(PyObject* shape, const TensorImpl* t) {
  PyObject* m = g.tensor_meta.make();
  if (m == nullptr) return nullptr;
  SlotClass::set(m, g.tensor_meta[kShape], Py_NewRef(shape));
  SlotClass::set(m, g.tensor_meta[kDType], dtype_object(t->dtype()).inc_ref().ptr());
  SlotClass::set(m, g.tensor_meta[kDevice], device_object(t->device()).release().ptr());
  return m;
}

// The op's output, saved for a formula that reads it: an alias when it is the
// node's own recorded output (its grad_fn would make a cycle), as SavedTensor does.
PyObject* saved_result(PyObject* out, TensorImpl* o, bool recorded) {
  PyObject* s = g.saved.make();
  if (s == nullptr) return nullptr;
  PyObject* data = out;
  py::object alias;
  if (recorded) {
    Tensor t{intrusive_ptr<TensorImpl>(o)};
    alias = py::cast(make_view(t, t.sizes(), t.strides(), o->storage_offset()));
    data = alias.ptr();
  }
  SlotClass::set(s, g.saved[kData], Py_NewRef(data));
  SlotClass::set(s, g.saved[kVersion], version_of(o));
  SlotClass::set(s, g.saved[kIsOutput], PyBool_FromLong(recorded));
  SlotClass::set(s, g.saved[kRequiresGrad], PyBool_FromLong(recorded && o->requires_grad));
  return s;
}

// Makes node the grad_fn of out, one tensor; false when out is not differentiable.
bool attach(PyObject* out, TensorImpl* o, PyObject* node, PyObject* const* call_args, Py_ssize_t nargs) {
  if (!differentiable(o->dtype())) return false;
  for (Py_ssize_t i = 0; i < nargs; ++i)
    if (call_args[i] == out) return false;  // the op returned an input itself
  o->requires_grad = true;
  PyAutogradSlot* s = autograd_slot(o);
  if (s != nullptr && s->meta && s->meta.ptr() != Py_None) {
    py::object zero = py::reinterpret_steal<py::object>(PyLong_FromLong(0));
    if (PyObject_SetAttr(s->meta.ptr(), g.grad_fn_name.ptr(), node) < 0 ||
        PyObject_SetAttr(s->meta.ptr(), g.output_nr_name.ptr(), zero.ptr()) < 0)
      throw py::error_already_set();
    return true;
  }
  PyObject* m = g.meta.make();
  if (m == nullptr) throw py::error_already_set();
  SlotClass::set(m, g.meta[kGradFn], Py_NewRef(node));
  SlotClass::set(m, g.meta[kOutputNr], PyLong_FromLong(0));
  SlotClass::set(m, g.meta[kRetainsGrad], Py_NewRef(Py_False));
  if (s == nullptr) {
    o->autograd = std::make_unique<PyAutogradSlot>();
    s = autograd_slot(o);
  }
  s->meta = py::reinterpret_steal<py::object>(m);
  return true;
}

// Keywords the native recorder takes: none that is out=, names a formula
// input, or holds tensors (the Python recorder saves those).
bool plain_keywords(const RecordPlan& plan, PyObject* const* values, PyObject* kwnames) {
  const Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
  for (Py_ssize_t i = 0; i < nkw; ++i) {
    PyObject* name = PyTuple_GET_ITEM(kwnames, i);
    if (PyUnicode_CompareWithASCIIString(name, "out") == 0 || is_tensor(values[i])) return false;
    for (const py::object& input : plan.input_names)
      if (PyUnicode_Compare(name, input.ptr()) == 0) return false;
  }
  return !has_tensor_list(values, nkw);
}

PyObject* record(const RecordPlan& plan, PyObject* fn, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames,
                 bool* declined) {
  constexpr Py_ssize_t kMaxArgs = 16;
  PyObject* enabled = PyDict_GetItemWithError(g.anomaly.ptr(), g.enabled_name.ptr());
  if (nargs > kMaxArgs || (plan.reflected && nargs < 2) || (enabled != nullptr && enabled != Py_False) ||
      PyList_GET_SIZE(g.saved_hooks.ptr()) > 0 || has_tensor_list(args, nargs) ||
      !plain_keywords(plan, args + nargs, kwnames)) {
    *declined = true;
    return nullptr;
  }
  std::array<PyObject*, kMaxArgs> call_args;  // the formula's order: __r*__ swaps the first two
  for (Py_ssize_t i = 0; i < nargs; ++i) call_args[i] = args[i];
  if (plan.reflected) std::swap(call_args[0], call_args[1]);

  // edges to the nodes that made the inputs, and their shapes for the engine
  const auto n_inputs = static_cast<Py_ssize_t>(plan.inputs.size());
  std::array<py::object, kMaxArgs> shapes;  // each tensor argument's Size, made once
  auto shape_of = [&](Py_ssize_t i, const TensorImpl* t) -> PyObject* {
    if (!shapes[i]) shapes[i] = make_size(t->sizes());
    return shapes[i].ptr();
  };
  std::array<py::object, kMaxArgs> edge_items;
  Py_ssize_t n_edges = 0;
  py::list layout(n_inputs), input_meta;
  unsigned mask = 0;
  for (Py_ssize_t k = 0; k < n_inputs; ++k) {
    const Py_ssize_t index = plan.inputs[k];
    PyObject* v = index < nargs ? call_args[index] : nullptr;
    if (v == nullptr || !is_tensor(v)) {
      PyList_SET_ITEM(layout.ptr(), k, Py_NewRef(Py_None));
      continue;
    }
    TensorImpl* t = impl_of(v);
    if (t->requires_grad) {
      edge_items[n_edges] = py::reinterpret_steal<py::object>(gradient_edge(v, t));
      if (!edge_items[n_edges]) return nullptr;
      mask |= 1u << k;
    } else {
      edge_items[n_edges] = py::none();
    }
    ++n_edges;
    input_meta.append(py::make_tuple(py::handle(shape_of(index, t)), dtype_object(t->dtype())));
    PyList_SET_ITEM(layout.ptr(), k, PyLong_FromLong(-1));
  }
  py::tuple edges(n_edges);
  for (Py_ssize_t e = 0; e < n_edges; ++e) PyTuple_SET_ITEM(edges.ptr(), e, edge_items[e].release().ptr());
  if (mask == 0) return PyObject_Vectorcall(fn, args, nargs, kwnames);

  // what the formula reads: saved tensors, or only their metadata
  std::array<char, kMaxArgs> save{};
  for (size_t i = 0; i < plan.save.size() && i < save.size(); ++i) save[i] = plan.save[i];
  for (auto [position, reader] : plan.save_for)
    if (!((mask >> reader) & 1u) && position < kMaxArgs) save[position] = 0;
  py::list saved_args(nargs);
  for (Py_ssize_t i = 0; i < nargs; ++i) {
    PyObject* v = call_args[i];
    PyObject* item;
    if (is_tensor(v)) {
      TensorImpl* t = impl_of(v);
      item = save[i] ? saved_tensor(v, t) : tensor_meta(shape_of(i, t), t);
      if (item == nullptr) return nullptr;
    } else {
      item = Py_NewRef(v);
    }
    PyList_SET_ITEM(saved_args.ptr(), i, item);
  }

  set_grad_enabled(false);  // the op's own inner ops are not recorded separately
  py::object kwargs;        // the node keeps the keywords, as the Python recorder does
  if (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) > 0) {
    kwargs = py::dict();
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(kwnames); ++i)
      if (PyDict_SetItem(kwargs.ptr(), PyTuple_GET_ITEM(kwnames, i), args[nargs + i]) < 0) return nullptr;
  }
  py::object out = py::reinterpret_steal<py::object>(PyObject_Vectorcall(fn, args, nargs, kwnames));
  set_grad_enabled(true);
  if (!out) return nullptr;

  py::object node = py::reinterpret_steal<py::object>(g.node.make());
  if (!node) return nullptr;
  PyObject* n = node.ptr();
  SlotClass::set(n, g.node[kNext], edges.release().ptr());
  SlotClass::set(n, g.node[kInputMeta], input_meta.release().ptr());
  SlotClass::set(n, g.node[kFormula], plan.formula.inc_ref().ptr());
  SlotClass::set(n, g.node[kArgs], saved_args.release().ptr());
  SlotClass::set(n, g.node[kLayout], layout.release().ptr());
  if (kwargs) SlotClass::set(n, g.node[kKwargs], kwargs.release().ptr());
  SlotClass::set(n, g.node[kFreed], Py_NewRef(Py_False));

  if (!Py_IS_TYPE(out.ptr(), tensor_type())) {  // several outputs (or none): Python attaches them
    py::tuple cargs(nargs);
    for (Py_ssize_t i = 0; i < nargs; ++i) PyTuple_SET_ITEM(cargs.ptr(), i, Py_NewRef(call_args[i]));
    PyObject* done = PyObject_CallFunctionObjArgs(g.finish.ptr(), out.ptr(), n, cargs.ptr(), nullptr);
    if (done == nullptr) return nullptr;
    Py_DECREF(done);
    return out.release().ptr();
  }
  TensorImpl* o = impl_of(out.ptr());
  const bool recorded = attach(out.ptr(), o, n, call_args.data(), nargs);
  if (recorded) {
    SlotClass::set(n, g.node[kOutputs], g.one_output.inc_ref().ptr());
  } else {
    PyObject* none_output = PyList_New(1);
    if (none_output == nullptr) return nullptr;
    PyList_SET_ITEM(none_output, 0, Py_NewRef(Py_None));
    SlotClass::set(n, g.node[kOutputs], none_output);
  }
  if (plan.save_result) {
    PyObject* result = saved_result(out.ptr(), o, recorded);
    if (result == nullptr) return nullptr;
    PyObject* results = PyList_New(1);
    if (results == nullptr) {
      Py_DECREF(result);
      return nullptr;
    }
    PyList_SET_ITEM(results, 0, result);
    SlotClass::set(n, g.node[kResult], results);
  }
  return out.release().ptr();
}

void install(py::object planner, py::object accumulator, py::object finish, py::object anomaly, py::object saved_hooks,
             py::object one_output, py::handle node_type, py::handle meta_type, py::handle saved_type,
             py::handle tensor_meta_type) {
  if (planner.is_none()) {
    g.generation = 0;
    return;
  }
  if (!PyDict_Check(anomaly.ptr()) || !PyList_Check(saved_hooks.ptr()))
    throw py::type_error("_set_native_recorder: anomaly must be a dict and saved_hooks a list");
  SlotClass node, meta, saved, tensor_meta;  // all checked before any is installed
  node.init(node_type, {"next_functions", "input_meta", "_pre_hooks", "_post_hooks", "_tensor_hooks", "_retained",
                        "_metadata", "formula", "args", "kwargs", "layout", "outputs", "result", "freed", "trace"});
  meta.init(meta_type,
            {"grad", "grad_fn", "output_nr", "retains_grad", "hooks", "post_accumulate_hooks", "accumulator"});
  saved.init(saved_type, {"data", "version", "is_output", "packed", "unpack", "requires_grad"});
  tensor_meta.init(tensor_meta_type, {"shape", "dtype", "device", "_strides"});
  g.node = node;
  g.meta = meta;
  g.saved = saved;
  g.tensor_meta = tensor_meta;
  g.planner = std::move(planner);
  g.accumulator = std::move(accumulator);
  g.finish = std::move(finish);
  g.anomaly = std::move(anomaly);
  g.saved_hooks = std::move(saved_hooks);
  g.one_output = std::move(one_output);
  g.grad_fn_name = py::reinterpret_steal<py::object>(PyUnicode_InternFromString("grad_fn"));
  g.output_nr_name = py::reinterpret_steal<py::object>(PyUnicode_InternFromString("output_nr"));
  g.enabled_name = py::reinterpret_steal<py::object>(PyUnicode_InternFromString("enabled"));
  ++g.generation;
}

}  // namespace

namespace {

RecordPlan* make_plan(PyObject* name, RecordPlan** slot, unsigned* generation) {
  free_record_plan(*slot);
  *slot = nullptr;
  py::object spec = py::reinterpret_steal<py::object>(PyObject_CallOneArg(g.planner.ptr(), name));
  if (!spec) return nullptr;
  *generation = g.generation;
  if (spec.is_none()) return nullptr;
  auto t = spec.cast<py::tuple>();
  auto* plan = new RecordPlan;
  plan->formula = t[0];
  plan->reflected = t[1].cast<bool>();
  for (auto i : t[2]) plan->inputs.push_back(i.cast<Py_ssize_t>());
  for (auto name : t[6]) plan->input_names.push_back(py::reinterpret_borrow<py::object>(name));
  for (auto s : t[3]) plan->save.push_back(static_cast<char>(s.cast<bool>()));
  for (auto pair : t[4]) {
    auto p = pair.cast<py::tuple>();
    plan->save_for.emplace_back(p[0].cast<Py_ssize_t>(), p[1].cast<int>());
  }
  plan->save_result = t[5].cast<bool>();
  if (plan->inputs.size() > 32) {  // the input mask is 32 bits
    delete plan;
    return nullptr;
  }
  *slot = plan;
  return plan;
}

}  // namespace

const RecordPlan* record_plan(PyObject* name, RecordPlan** slot, unsigned* generation) {
  if (g.generation == 0) return nullptr;
  if (*generation == g.generation) return *slot;
  try {
    return make_plan(name, slot, generation);
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (std::exception& e) {
    PyErr_Format(PyExc_RuntimeError, "native recorder: bad plan for %S: %s", name, e.what());
  }
  return nullptr;
}

void free_record_plan(RecordPlan* plan) { delete plan; }

PyObject* record_natively(const RecordPlan& plan, PyObject* fn, PyObject* const* args, Py_ssize_t nargs,
                          PyObject* kwnames, bool* declined) {
  try {
    return record(plan, fn, args, nargs, kwnames, declined);
  } catch (py::error_already_set& e) {
    set_grad_enabled(true);
    e.restore();
    return nullptr;
  } catch (...) {
    set_grad_enabled(true);
    PyErr_SetString(PyExc_RuntimeError, "native recorder: unexpected C++ exception");
    return nullptr;
  }
}

void bind_native_recorder(py::module_& m) {
  m.def("_set_native_recorder", &install, py::arg("planner"), py::arg("accumulator") = py::none(),
        py::arg("finish") = py::none(), py::arg("anomaly") = py::none(), py::arg("saved_hooks") = py::none(),
        py::arg("one_output") = py::none(), py::arg("node_type") = py::none(), py::arg("meta_type") = py::none(),
        py::arg("saved_type") = py::none(), py::arg("tensor_meta_type") = py::none(),
        "Installs the C++ recorder for ember.autograd's common op calls (planner None removes it).");
  m.def(
      "_native_plans_stale", [] { g.generation += g.generation != 0 ? 1 : 0; },
      "Makes the native recorder ask ember.autograd again for each op's plan (its formula table changed).");
}

}  // namespace ember::python
