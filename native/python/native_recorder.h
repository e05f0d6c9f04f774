// Recording in C++ for the common op call (DESIGN.md section 3): a
// differentiable op with a formula, called out of place, not a view. It builds the same graph node that
// ember.autograd's Python recorder builds, without running Python code per call; every other call goes to that
// recorder.
#pragma once

#include <Python.h>
#include <pybind11/pybind11.h>

namespace ember::python {

struct RecordPlan;  // one op's recipe: its formula, where its inputs are, what it saves

// The op's plan under the installed native recorder, made on first use and
// cached in *slot (generation: when it was made); nullptr when the op must
// take the Python recorder. Raises (returns nullptr with an error) only if
// ember.autograd's planner does.
const RecordPlan* record_plan(PyObject* name, RecordPlan** slot, unsigned* generation);
void free_record_plan(RecordPlan* plan);

// Runs fn(*args, **kwargs) (a vectorcall: kwnames name the values after the
// nargs positional ones) and records it. Sets *declined and returns nullptr,
// having done nothing, when this call needs the Python recorder (anomaly mode,
// saved-tensor hooks, tensors inside a list, tensors or out= by keyword).
PyObject* record_natively(const RecordPlan& plan, PyObject* fn, PyObject* const* args, Py_ssize_t nargs,
                          PyObject* kwnames, bool* declined);

// _C._set_native_recorder, which ember.autograd calls once at import.
void bind_native_recorder(pybind11::module_& m);

}  // namespace ember::python
