// Sorting and search (Tensor core II: sorting): module functions and Tensor
// methods with PyTorch's signatures; results with two parts are the named
// tuples of ember.return_types, as torch.return_types.
#include <algorithm>
#include <iterator>
#include <string>
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

py::handle g_types;  // ember._C.return_types

py::object named(const char* type, const ValuesIndices& r) {
  return g_types.attr(type)(py::cast(r.values), py::cast(r.indices));
}

template <class F, class... Arg>
void def_both(py::module_& m, py::object& cls, const char* name, F fn, const Arg&... args) {
  m.def(name, fn, py::arg("input"), args...);
  cls.attr(name) = py::cpp_function(fn, py::is_method(cls), py::name(name), args...);
}

// A tensor argument that may be a Python number: a 0-d tensor of the number's own dtype.
Tensor tensor_or_number(py::handle h, const char* op) {
  if (py::isinstance<TensorImpl>(h)) return h.cast<Tensor>();
  const Scalar s = to_scalar(h, op);
  switch (s.kind()) {
    case Scalar::Kind::Bool: return scalar_tensor(s, DType::Bool);
    case Scalar::Kind::Int: return scalar_tensor(s, DType::Int64);
    case Scalar::Kind::Float: return scalar_tensor(s, default_dtype());
    case Scalar::Kind::Complex: return scalar_tensor(s, DType::Complex64);
  }
  return {};
}

}  // namespace

void bind_sort(py::module_& m) {
  py::object cls = m.attr("Tensor");
  py::module_ rt = m.attr("return_types");
  py::object namedtuple = py::module_::import("collections").attr("namedtuple");
  for (const char* type : {"sort", "topk", "kthvalue", "median", "nanmedian", "mode"}) {
    py::object t = namedtuple(type, py::make_tuple("values", "indices"));
    t.attr("__module__") = "ember.return_types";
    rt.attr(type) = t;
  }
  g_types = rt.inc_ref();

  // sort(input, dim=-1, descending=False, *, stable=None)
  def_both(
      m, cls, "sort",
      [](const Tensor& a, int64_t dim, bool descending, std::optional<bool> stable) {
        return named("sort", nogil([&] { return sort(a, dim, descending, stable.value_or(false)); }));
      },
      py::arg("dim") = -1, py::arg("descending") = false, py::kw_only(), py::arg("stable") = py::none());
  def_both(
      m, cls, "argsort",
      [](const Tensor& a, int64_t dim, bool descending, bool stable) {
        return nogil([&] { return argsort(a, dim, descending, stable); });
      },
      py::arg("dim") = -1, py::arg("descending") = false, py::arg("stable") = false);
  def_both(m, cls, "msort", [](const Tensor& a) { return nogil([&] { return msort(a); }); });
  def_both(
      m, cls, "topk",
      [](const Tensor& a, int64_t k, int64_t dim, bool largest, bool sorted) {
        return named("topk", nogil([&] { return topk(a, k, dim, largest, sorted); }));
      },
      py::arg("k"), py::arg("dim") = -1, py::arg("largest") = true, py::arg("sorted") = true);
  def_both(
      m, cls, "kthvalue",
      [](const Tensor& a, int64_t k, int64_t dim, bool keepdim) {
        return named("kthvalue", nogil([&] { return kthvalue(a, k, dim, keepdim); }));
      },
      py::arg("k"), py::arg("dim") = -1, py::arg("keepdim") = false);
  // median(input) -> Tensor; median(input, dim, keepdim=False) -> (values, indices)
  for (bool nan : {false, true}) {
    const char* name = nan ? "nanmedian" : "median";
    def_both(
        m, cls, name,
        [nan, name](const Tensor& a, std::optional<int64_t> dim, bool keepdim) -> py::object {
          if (!dim) return py::cast(nogil([&] { return nan ? nanmedian(a) : median(a); }));
          return named(name, nogil([&] { return nan ? nanmedian(a, *dim, keepdim) : median(a, *dim, keepdim); }));
        },
        py::arg("dim") = py::none(), py::arg("keepdim") = false);
  }
  def_both(
      m, cls, "mode",
      [](const Tensor& a, int64_t dim, bool keepdim) {
        return named("mode", nogil([&] { return mode(a, dim, keepdim); }));
      },
      py::arg("dim") = -1, py::arg("keepdim") = false);

  // searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None)
  m.def(
      "searchsorted",
      [](const Tensor& seq, py::handle input, bool out_int32, bool right, std::optional<std::string> side,
         std::optional<Tensor> sorter) {
        const char* op = "torch.searchsorted()";
        if (side) {
          EMBER_CHECK(*side == "left" || *side == "right", Runtime, op, ": side can only be 'left' or 'right' but got ",
                      *side);
          EMBER_CHECK(!right || *side == "right", Runtime, op,
                      ": side and right can't be set to opposites, got side of ", *side, " while right was True");
          right = *side == "right";
        }
        const Tensor v = tensor_or_number(input, op);
        EMBER_CHECK(py::isinstance<TensorImpl>(input) || seq.dim() == 1, Runtime, op,
                    ": input value can be a scalar only when boundaries tensor dimension is 1, but we got boundaries "
                    "tensor dim(",
                    seq.dim(), ")");
        return nogil([&] { return searchsorted(seq, v, out_int32, right, sorter.value_or(Tensor())); });
      },
      py::arg("sorted_sequence"), py::arg("input"), py::kw_only(), py::arg("out_int32") = false,
      py::arg("right") = false, py::arg("side") = py::none(), py::arg("sorter") = py::none());
  m.def(
      "bucketize",
      [](py::handle input, const Tensor& boundaries, bool out_int32, bool right) {
        const Tensor v = tensor_or_number(input, "bucketize");
        return nogil([&] { return bucketize(v, boundaries, out_int32, right); });
      },
      py::arg("input"), py::arg("boundaries"), py::kw_only(), py::arg("out_int32") = false, py::arg("right") = false);
  m.def(
      "isin",
      [](py::handle elements, py::handle test_elements, bool assume_unique, bool invert) {
        const Tensor e = tensor_or_number(elements, "isin"), t = tensor_or_number(test_elements, "isin");
        return nogil([&] { return isin(e, t, assume_unique, invert); });
      },
      py::arg("elements"), py::arg("test_elements"), py::kw_only(), py::arg("assume_unique") = false,
      py::arg("invert") = false);

  // quantile(input, q, dim=None, keepdim=False, *, interpolation='linear'), and nanquantile.
  for (bool nan : {false, true}) {
    const char* name = nan ? "nanquantile" : "quantile";
    def_both(
        m, cls, name,
        [nan, name](const Tensor& a, py::handle q, std::optional<int64_t> dim, bool keepdim,
                    const std::string& interpolation) {
          static const std::pair<const char*, QuantileInterpolation> kModes[] = {
              {"linear", QuantileInterpolation::Linear},
              {"lower", QuantileInterpolation::Lower},
              {"higher", QuantileInterpolation::Higher},
              {"midpoint", QuantileInterpolation::Midpoint},
              {"nearest", QuantileInterpolation::Nearest}};
          const auto* mode = std::find_if(std::begin(kModes), std::end(kModes),
                                          [&](const auto& p) { return interpolation == p.first; });
          EMBER_CHECK(mode != std::end(kModes), Runtime, name,
                      "() interpolation must be one of linear, lower, higher, midpoint or nearest, but got ",
                      interpolation);
          Tensor qt;
          if (py::isinstance<TensorImpl>(q)) {
            qt = q.cast<Tensor>();
          } else {
            const double v = to_scalar(q, name).to_double();
            EMBER_CHECK(v >= 0 && v <= 1, Runtime, name, "() q must be in the range [0, 1] but got ", v);
            qt = scalar_tensor(Scalar(v), is_floating(a.dtype()) ? a.dtype() : DType::Float64);
          }
          return nogil([&] { return quantile(a, qt, dim, keepdim, mode->second, nan); });
        },
        py::arg("q"), py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(),
        py::arg("interpolation") = "linear");
  }

  // unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
  // the values alone, or a tuple with the parts asked for.
  auto unique_result = [](const UniqueResult& r, bool inverse, bool counts) -> py::object {
    if (!inverse && !counts) return py::cast(r.values);
    if (inverse && counts) return py::make_tuple(r.values, r.inverse, r.counts);
    return py::make_tuple(r.values, inverse ? r.inverse : r.counts);
  };
  def_both(
      m, cls, "unique",
      [unique_result](const Tensor& a, bool /*sorted: always*/, bool inverse, bool counts, std::optional<int64_t> dim) {
        return unique_result(nogil([&] { return unique(a, dim); }), inverse, counts);
      },
      py::arg("sorted") = true, py::arg("return_inverse") = false, py::arg("return_counts") = false,
      py::arg("dim") = py::none());
  def_both(
      m, cls, "unique_consecutive",
      [unique_result](const Tensor& a, bool inverse, bool counts, std::optional<int64_t> dim) {
        return unique_result(nogil([&] { return unique_consecutive(a, dim); }), inverse, counts);
      },
      py::arg("return_inverse") = false, py::arg("return_counts") = false, py::arg("dim") = py::none());
  def_both(
      m, cls, "bincount",
      [](const Tensor& a, std::optional<Tensor> weights, int64_t minlength) {
        return nogil([&] { return bincount(a, weights.value_or(Tensor()), minlength); });
      },
      py::arg("weights") = py::none(), py::arg("minlength") = 0);
  def_both(
      m, cls, "histc",
      [](const Tensor& a, int64_t bins, double min, double max) {
        return nogil([&] { return histc(a, bins, min, max); });
      },
      py::arg("bins") = 100, py::arg("min") = 0, py::arg("max") = 0);
  def_both(m, cls, "trace", [](const Tensor& a) { return nogil([&] { return trace(a); }); });
  m.def(
      "cdist",
      [](const Tensor& x1, const Tensor& x2, double p, std::optional<std::string> compute_mode) {
        CdistMode mode = CdistMode::Auto;
        if (compute_mode) {
          if (*compute_mode == "use_mm_for_euclid_dist")
            mode = CdistMode::MatMul;
          else if (*compute_mode == "donot_use_mm_for_euclid_dist")
            mode = CdistMode::Direct;
          else
            EMBER_CHECK(*compute_mode == "use_mm_for_euclid_dist_if_necessary", Value, *compute_mode,
                        " is not a valid value for compute_mode (cdist takes use_mm_for_euclid_dist_if_necessary, "
                        "use_mm_for_euclid_dist or donot_use_mm_for_euclid_dist)");
        }
        return nogil([&] { return cdist(x1, x2, p, mode); });
      },
      py::arg("x1"), py::arg("x2"), py::arg("p") = 2.0, py::arg("compute_mode") = py::none());
}

}  // namespace ember::python
