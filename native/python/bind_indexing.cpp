// Indexing ops: module functions, Tensor methods and their in-place forms.
// Tensor.__getitem__/__setitem__ (ember/_tensor.py) parse the index and call
// _index / _index_put_ here.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "casters.h"
#include "ember/ops.h"

namespace ember::python {
namespace {

std::vector<Tensor> index_list(const py::sequence& seq) {
  std::vector<Tensor> out;
  for (py::handle h : seq) out.push_back(h.is_none() ? Tensor() : h.cast<Tensor>());
  return out;
}

// A value argument: a tensor as it is, a number as a 0-d tensor of `dtype`.
Tensor value_tensor(py::handle h, DType dtype, const char* op) {
  if (py::isinstance<TensorImpl>(h)) return h.cast<Tensor>();
  return scalar_tensor(to_scalar(h, op), dtype);
}

ScatterReduce reduce_arg(const std::string& reduce, bool legacy, const char* op) {
  if (legacy) {  // scatter_(..., reduce=): 'add' or 'multiply'
    if (reduce == "add") return ScatterReduce::Sum;
    if (reduce == "multiply") return ScatterReduce::Prod;
    EMBER_FAIL(Runtime, op, ": reduce argument must be either add or multiply, got ", reduce);
  }
  if (reduce == "sum") return ScatterReduce::Sum;
  if (reduce == "prod") return ScatterReduce::Prod;
  if (reduce == "mean") return ScatterReduce::Mean;
  if (reduce == "amax") return ScatterReduce::Amax;
  if (reduce == "amin") return ScatterReduce::Amin;
  EMBER_FAIL(Runtime, op, ": reduce argument must be either sum, prod, mean, amax or amin, got ", reduce);
}

// scatter(dim, index, src | value, reduce=None) as PyTorch overloads it.
void scatter_args(const Tensor& self, int64_t dim, const Tensor& index, py::handle src, py::handle value,
                  py::handle reduce) {
  py::handle v = src.is_none() ? value : src;
  EMBER_CHECK(!v.is_none(), Type, "scatter: expected a src tensor or a value");
  const ScatterReduce r =
      reduce.is_none() ? ScatterReduce::None : reduce_arg(reduce.cast<std::string>(), true, "scatter_");
  scatter_(self, dim, index, value_tensor(v, self.dtype(), "scatter"), r, true, "scatter");
}

// The out-of-place form of an in-place op: it writes into a copy.
template <class... A>
auto copying_fn(std::function<Tensor(const Tensor&, A...)> f) {
  return [f](const Tensor& self, A... args) {
    Tensor out = clone(self);
    f(out, args...);
    return out;
  };
}
template <class F>
auto copying(F f) {
  return copying_fn(std::function(f));
}

py::object nonzero_args(const Tensor& self, bool as_tuple) {
  const Tensor coords = nonzero(self);
  if (!as_tuple) return py::cast(coords);
  if (self.dim() == 0) return py::make_tuple(zeros(DimVector{coords.size(0)}, DType::Int64));  // answers as 1-D
  py::tuple out(self.dim());
  for (int64_t d = 0; d < self.dim(); ++d) out[d] = py::cast(contiguous(select(coords, 1, d)));
  return out;
}

}  // namespace

void bind_indexing(py::module_& m) {
  py::object cls = m.attr("Tensor");
  auto method = [&](const char* name, auto fn, auto... extra) {
    cls.attr(name) = py::cpp_function(fn, py::is_method(cls), py::name(name), extra...);
  };
  auto both = [&](const char* name, auto fn, auto... extra) {
    m.def(name, fn, py::arg("input"), extra...);
    method(name, fn, extra...);
  };

  m.def("_index", [](const Tensor& self, const py::sequence& indices) { return index(self, index_list(indices)); });
  m.def("_index_put_", [](const Tensor& self, const py::sequence& indices, const Tensor& values, bool accumulate) {
    index_put_(self, index_list(indices), values, accumulate);
  });
  auto put = [](const Tensor& self, const py::sequence& indices, const Tensor& values, bool accumulate) {
    index_put_(self, index_list(indices), values, accumulate);
    return self;
  };
  method("index_put_", put, py::arg("indices"), py::arg("values"), py::arg("accumulate") = false);
  both("index_put", copying(put), py::arg("indices"), py::arg("values"), py::arg("accumulate") = false);

  both("index_select", &index_select, py::arg("dim"), py::arg("index"));
  both(
      "gather", [](const Tensor& self, int64_t dim, const Tensor& index, bool) { return gather(self, dim, index); },
      py::arg("dim"), py::arg("index"), py::kw_only(), py::arg("sparse_grad") = false);

  auto scatter_in_place = [](const Tensor& self, int64_t dim, const Tensor& index, py::handle src, py::handle value,
                             py::handle reduce) {
    scatter_args(self, dim, index, src, value, reduce);
    return self;
  };
  method("scatter_", scatter_in_place, py::arg("dim"), py::arg("index"), py::arg("src") = py::none(),
         py::arg("value") = py::none(), py::kw_only(), py::arg("reduce") = py::none());
  both("scatter", copying(scatter_in_place), py::arg("dim"), py::arg("index"), py::arg("src") = py::none(),
       py::arg("value") = py::none(), py::kw_only(), py::arg("reduce") = py::none());
  auto scatter_add = [](const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
    scatter_(self, dim, index, src, ScatterReduce::Sum, true, "scatter_add");
    return self;
  };
  method("scatter_add_", scatter_add, py::arg("dim"), py::arg("index"), py::arg("src"));
  both("scatter_add", copying(scatter_add), py::arg("dim"), py::arg("index"), py::arg("src"));
  auto scatter_reduce = [](const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                           const std::string& reduce, bool include_self) {
    scatter_(self, dim, index, src, reduce_arg(reduce, false, "scatter_reduce"), include_self, "scatter_reduce");
    return self;
  };
  method("scatter_reduce_", scatter_reduce, py::arg("dim"), py::arg("index"), py::arg("src"), py::arg("reduce"),
         py::kw_only(), py::arg("include_self") = true);
  both("scatter_reduce", copying(scatter_reduce), py::arg("dim"), py::arg("index"), py::arg("src"), py::arg("reduce"),
       py::kw_only(), py::arg("include_self") = true);

  both("take", &take, py::arg("index"));
  both("take_along_dim", &take_along_dim, py::arg("indices"), py::arg("dim") = py::none());
  auto put_fn = [](const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate) {
    put_(self, index, source, accumulate);
    return self;
  };
  method("put_", put_fn, py::arg("index"), py::arg("source"), py::arg("accumulate") = false);
  both("put", copying(put_fn), py::arg("index"), py::arg("source"), py::arg("accumulate") = false);

  auto index_add = [](const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, py::handle alpha) {
    index_add_(self, dim, index, source, to_scalar(alpha, "index_add"));
    return self;
  };
  method("index_add_", index_add, py::arg("dim"), py::arg("index"), py::arg("source"), py::kw_only(),
         py::arg("alpha") = 1);
  both("index_add", copying(index_add), py::arg("dim"), py::arg("index"), py::arg("source"), py::kw_only(),
       py::arg("alpha") = 1);
  auto index_copy = [](const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source) {
    index_copy_(self, dim, index, source);
    return self;
  };
  method("index_copy_", index_copy, py::arg("dim"), py::arg("index"), py::arg("source"));
  both("index_copy", copying(index_copy), py::arg("dim"), py::arg("index"), py::arg("source"));
  auto index_fill = [](const Tensor& self, int64_t dim, const Tensor& index, py::handle value) {
    index_fill_(self, dim, index, value_tensor(value, self.dtype(), "index_fill_"));
    return self;
  };
  method("index_fill_", index_fill, py::arg("dim"), py::arg("index"), py::arg("value"));
  both("index_fill", copying(index_fill), py::arg("dim"), py::arg("index"), py::arg("value"));

  auto masked_fill = [](const Tensor& self, const Tensor& mask, py::handle value) {
    masked_fill_(self, mask, value_tensor(value, self.dtype(), "masked_fill_"));
    return self;
  };
  method("masked_fill_", masked_fill, py::arg("mask"), py::arg("value"));
  both("masked_fill", copying(masked_fill), py::arg("mask"), py::arg("value"));
  both("masked_select", &masked_select, py::arg("mask"));
  auto masked_scatter = [](const Tensor& self, const Tensor& mask, const Tensor& source) {
    masked_scatter_(self, mask, source);
    return self;
  };
  method("masked_scatter_", masked_scatter, py::arg("mask"), py::arg("source"));
  both("masked_scatter", copying(masked_scatter), py::arg("mask"), py::arg("source"));

  both("nonzero", &nonzero_args, py::kw_only(), py::arg("as_tuple") = false);
  both("argwhere", [](const Tensor& self) { return nonzero(self); });
  // where(condition): the one-argument form, an overload of elementwise where.
  m.def("where", [](const Tensor& cond) { return nonzero_args(cond, true); }, py::arg("condition"));
}

}  // namespace ember::python
