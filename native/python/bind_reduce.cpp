// Reductions, scans and softmax: module functions and Tensor methods with
// PyTorch's signatures. Arguments are read with the GIL held; the op runs
// without it.
#include <cmath>
#include <utility>

#include "casters.h"
#include "ember/ops.h"

namespace ember::python {
namespace {

template <class F>
auto nogil(F f) {
  py::gil_scoped_release release;
  return f();
}

bool is_int(py::handle h) { return PyIndex_Check(h.ptr()) && !PyBool_Check(h.ptr()); }

// None, an int, or a sequence of ints.
OptDims dims_arg(py::handle h, const char* op) {
  if (h.is_none()) return std::nullopt;
  if (is_int(h)) return DimVector{h.cast<int64_t>()};
  EMBER_CHECK(PySequence_Check(h.ptr()) && !PyUnicode_Check(h.ptr()), Type, op,
              "(): argument 'dim' must be int or tuple of ints, not ", Py_TYPE(h.ptr())->tp_name);
  return to_dims(h, op);
}

int64_t dim_arg(py::handle h, const char* op) {
  EMBER_CHECK(is_int(h), Type, op, "(): argument 'dim' must be int, not ", Py_TYPE(h.ptr())->tp_name);
  return h.cast<int64_t>();
}

std::optional<int64_t> opt_dim_arg(py::handle h, const char* op) {
  if (h.is_none()) return std::nullopt;
  return dim_arg(h, op);
}

std::optional<DType> dtype_arg(py::handle h, const char* op) {
  if (h.is_none()) return std::nullopt;
  DType t;
  EMBER_CHECK(dtype_from_object(h, &t), Type, op, "(): argument 'dtype' must be ember.dtype, not ",
              Py_TYPE(h.ptr())->tp_name);
  return t;
}

// var(input, dim, unbiased, keepdim, *, correction): unbiased may come first
// in dim's place (x.var(False)), correction overrides it.
double correction_arg(py::handle* dim, py::handle unbiased, py::handle correction, const char* op) {
  if (PyBool_Check(dim->ptr())) {
    unbiased = *dim;
    *dim = py::none();
  }
  EMBER_CHECK(unbiased.is_none() || correction.is_none(), Runtime, op,
              "(): can't take both unbiased and correction arguments");
  if (!correction.is_none()) return to_scalar(correction, op).to_double();
  if (!unbiased.is_none()) {
    EMBER_CHECK(PyBool_Check(unbiased.ptr()), Type, op, "(): argument 'unbiased' must be bool, not ",
                Py_TYPE(unbiased.ptr())->tp_name);
    return unbiased.cast<bool>() ? 1.0 : 0.0;
  }
  return 1.0;
}

// `ord` of the norms: a number (PyTorch's linalg.vector_norm takes no string).
double ord_arg(py::handle h, const char* op) {
  EMBER_CHECK(PyFloat_Check(h.ptr()) || PyLong_Check(h.ptr()), Type, op, "(): argument 'ord' must be Number, not ",
              Py_TYPE(h.ptr())->tp_name);
  return h.cast<double>();
}

// Named tuples as torch.return_types: max(values, indices) and the like.
py::handle g_return_types;  // ember._C.return_types, kept alive for the process
py::object named(const char* type, py::object a, py::object b) { return g_return_types.attr(type)(a, b); }
py::object values_indices(const char* type, const ValuesIndices& r) {
  return named(type, py::cast(r.values), py::cast(r.indices));
}

// Registers fn as module function `name` (first argument `input`) and as a Tensor method.
template <class F, class... Arg>
void def_both(py::module_& m, py::object& cls, const char* name, F fn, const Arg&... args) {
  m.def(name, fn, py::arg("input"), args...);
  cls.attr(name) = py::cpp_function(fn, py::is_method(cls), py::name(name), args...);
}

}  // namespace

void bind_reduce(py::module_& m) {
  py::object cls = m.attr("Tensor");
  py::module_ rt = m.def_submodule("return_types", "Named tuples that reductions return, as torch.return_types.");
  py::object namedtuple = py::module_::import("collections").attr("namedtuple");
  for (auto [type, a, b] : {std::tuple{"max", "values", "indices"}, std::tuple{"min", "values", "indices"},
                            std::tuple{"aminmax", "min", "max"}, std::tuple{"cummax", "values", "indices"},
                            std::tuple{"cummin", "values", "indices"}}) {
    py::object t = namedtuple(type, py::make_tuple(a, b));
    t.attr("__module__") = "ember.return_types";
    rt.attr(type) = t;
  }
  g_return_types = rt.inc_ref();

  // sum(input, dim=None, keepdim=False, *, dtype=None) and kin.
  using AccFn = Tensor (*)(const Tensor&, const OptDims&, bool, std::optional<DType>);
  for (auto [name, fn] : {std::pair<const char*, AccFn>{"sum", &sum},
                          {"nansum", &nansum},
                          {"prod", &prod},
                          {"mean", &mean},
                          {"nanmean", &nanmean}}) {
    def_both(
        m, cls, name,
        [fn, name](const Tensor& a, py::handle dim, bool keepdim, py::handle dtype) {
          OptDims d = dims_arg(dim, name);
          std::optional<DType> t = dtype_arg(dtype, name);
          return nogil([&] { return fn(a, d, keepdim, t); });
        },
        py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(), py::arg("dtype") = py::none());
  }

  using DimsFn = Tensor (*)(const Tensor&, const OptDims&, bool);
  for (auto [name, fn] : {std::pair<const char*, DimsFn>{"amax", &amax},
                          {"amin", &amin},
                          {"all", &all},
                          {"any", &any},
                          {"logsumexp", &logsumexp}}) {
    def_both(
        m, cls, name,
        [fn, name](const Tensor& a, py::handle dim, bool keepdim) {
          OptDims d = dims_arg(dim, name);
          return nogil([&] { return fn(a, d, keepdim); });
        },
        py::arg("dim") = py::none(), py::arg("keepdim") = false);
  }
  def_both(
      m, cls, "count_nonzero",
      [](const Tensor& a, py::handle dim) {
        OptDims d = dims_arg(dim, "count_nonzero");
        return nogil([&] { return count_nonzero(a, d); });
      },
      py::arg("dim") = py::none());

  // max(input), max(input, dim, keepdim=False) -> (values, indices); max(input, other) is maximum.
  for (bool is_max : {true, false}) {
    const char* name = is_max ? "max" : "min";
    def_both(
        m, cls, name,
        [is_max, name](const Tensor& a, py::handle dim, bool keepdim) -> py::object {
          if (dim.is_none()) return py::cast(nogil([&] { return is_max ? max(a) : min(a); }));
          if (py::isinstance<TensorImpl>(dim)) {
            const Tensor b = dim.cast<Tensor>();
            return py::cast(nogil([&] { return binary(is_max ? BinaryMath::Maximum : BinaryMath::Minimum, a, b); }));
          }
          const int64_t d = dim_arg(dim, name);
          return values_indices(name, nogil([&] { return is_max ? max(a, d, keepdim) : min(a, d, keepdim); }));
        },
        py::arg("dim") = py::none(), py::arg("keepdim") = false);
  }
  for (bool is_max : {true, false}) {
    const char* name = is_max ? "argmax" : "argmin";
    def_both(
        m, cls, name,
        [is_max, name](const Tensor& a, py::handle dim, bool keepdim) {
          std::optional<int64_t> d = opt_dim_arg(dim, name);
          return nogil([&] { return is_max ? argmax(a, d, keepdim) : argmin(a, d, keepdim); });
        },
        py::arg("dim") = py::none(), py::arg("keepdim") = false);
  }
  def_both(
      m, cls, "aminmax",
      [](const Tensor& a, py::handle dim, bool keepdim) {
        std::optional<int64_t> d = opt_dim_arg(dim, "aminmax");
        auto [lo, hi] = nogil([&] { return aminmax(a, d, keepdim); });
        return named("aminmax", py::cast(lo), py::cast(hi));
      },
      py::kw_only(), py::arg("dim") = py::none(), py::arg("keepdim") = false);

  // var(input, dim=None, unbiased=None, keepdim=False, *, correction=None) and kin.
  for (int which = 0; which < 4; ++which) {
    static const char* kNames[] = {"var", "std", "var_mean", "std_mean"};
    const char* name = kNames[which];
    def_both(
        m, cls, name,
        [which, name](const Tensor& a, py::handle dim, py::handle unbiased, bool keepdim,
                      py::handle correction) -> py::object {
          const double c = correction_arg(&dim, unbiased, correction, name);
          OptDims d = dims_arg(dim, name);
          if (which < 2)
            return py::cast(nogil([&] { return which == 0 ? var(a, d, c, keepdim) : std(a, d, c, keepdim); }));
          auto [x, mu] = nogil([&] { return which == 2 ? var_mean(a, d, c, keepdim) : std_mean(a, d, c, keepdim); });
          return py::make_tuple(x, mu);
        },
        py::arg("dim") = py::none(), py::arg("unbiased") = py::none(), py::arg("keepdim") = false, py::kw_only(),
        py::arg("correction") = py::none());
  }

  // norm(input, p='fro', dim=None, keepdim=False, dtype=None): 'fro' is the 2-norm.
  def_both(
      m, cls, "norm",
      [](const Tensor& a, py::handle p, py::handle dim, bool keepdim, py::handle dtype) {
        double ord = 2;
        if (PyUnicode_Check(p.ptr())) {
          const std::string s = p.cast<std::string>();
          EMBER_CHECK(s != "nuc", NotImplemented, "norm(): the nuclear norm (p='nuc') is not implemented");
          EMBER_CHECK(s == "fro", Runtime, "norm(): p must be a number, 'fro' or 'nuc', got '", s, "'");
        } else if (!p.is_none()) {
          ord = ord_arg(p, "norm");
        }
        OptDims d = dims_arg(dim, "norm");
        std::optional<DType> t = dtype_arg(dtype, "norm");
        return nogil([&] { return vector_norm(a, ord, d, keepdim, t); });
      },
      py::arg("p") = "fro", py::arg("dim") = py::none(), py::arg("keepdim") = false, py::arg("dtype") = py::none());
  py::module_ linalg = m.def_submodule("linalg", "Linear algebra functions (ember.linalg).");
  linalg.def(
      "vector_norm",
      [](const Tensor& a, py::handle ord, py::handle dim, bool keepdim, py::handle dtype) {
        const double o = ord_arg(ord, "linalg_vector_norm");
        OptDims d = dims_arg(dim, "linalg_vector_norm");
        std::optional<DType> t = dtype_arg(dtype, "linalg_vector_norm");
        return nogil([&] { return vector_norm(a, o, d, keepdim, t); });
      },
      py::arg("x"), py::arg("ord") = 2, py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(),
      py::arg("dtype") = py::none());

  for (bool log : {false, true}) {
    const char* name = log ? "log_softmax" : "softmax";
    def_both(
        m, cls, name,
        [log, name](const Tensor& a, py::handle dim, py::handle dtype) {
          const int64_t d = dim_arg(dim, name);
          std::optional<DType> t = dtype_arg(dtype, name);
          return nogil([&] { return softmax(a, d, t, log); });
        },
        py::arg("dim"), py::arg("dtype") = py::none());
  }
  for (bool is_sum : {true, false}) {
    const char* name = is_sum ? "cumsum" : "cumprod";
    def_both(
        m, cls, name,
        [is_sum, name](const Tensor& a, py::handle dim, py::handle dtype) {
          const int64_t d = dim_arg(dim, name);
          std::optional<DType> t = dtype_arg(dtype, name);
          return nogil([&] { return is_sum ? cumsum(a, d, t) : cumprod(a, d, t); });
        },
        py::arg("dim"), py::kw_only(), py::arg("dtype") = py::none());
  }
  def_both(
      m, cls, "logcumsumexp",
      [](const Tensor& a, py::handle dim) {
        const int64_t d = dim_arg(dim, "logcumsumexp");
        return nogil([&] { return logcumsumexp(a, d); });
      },
      py::arg("dim"));
  for (bool is_max : {true, false}) {
    const char* name = is_max ? "cummax" : "cummin";
    def_both(
        m, cls, name,
        [is_max, name](const Tensor& a, py::handle dim) {
          const int64_t d = dim_arg(dim, name);
          return values_indices(name, nogil([&] { return is_max ? cummax(a, d) : cummin(a, d); }));
        },
        py::arg("dim"));
  }
  def_both(
      m, cls, "diff",
      [](const Tensor& a, int64_t n, int64_t dim, std::optional<Tensor> prepend, std::optional<Tensor> append) {
        return nogil([&] { return diff(a, n, dim, prepend.value_or(Tensor()), append.value_or(Tensor())); });
      },
      py::arg("n") = 1, py::arg("dim") = -1, py::arg("prepend") = py::none(), py::arg("append") = py::none());
}

}  // namespace ember::python
