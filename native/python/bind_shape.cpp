// Shape ops (join, split, flip, repeat, triangles, pad): module functions and
// Tensor methods, taking tensor lists, ints and dims the ways PyTorch does.
#include <string>
#include <vector>

#include "casters.h"
#include "ember/ops.h"

namespace ember::python {
namespace {

using TensorClass = py::class_<TensorImpl, intrusive_ptr<TensorImpl>>;

bool is_tensor(py::handle h) { return py::isinstance<TensorImpl>(h); }
bool is_int(py::handle h) { return PyIndex_Check(h.ptr()) && !PyBool_Check(h.ptr()) && !is_tensor(h); }

// A tuple or list of tensors (not a tensor: PyTorch's TypeError).
std::vector<Tensor> tensor_list(py::handle seq, const char* op) {
  EMBER_CHECK(!is_tensor(seq) && PySequence_Check(seq.ptr()) && !PyUnicode_Check(seq.ptr()), Type, op,
              "(): argument 'tensors' must be tuple of Tensors, not ", Py_TYPE(seq.ptr())->tp_name);
  std::vector<Tensor> out;
  size_t i = 0;
  for (py::handle item : seq) {
    EMBER_CHECK(is_tensor(item), Type, op, "(): expected Tensor as element ", i, " in argument 0, but got ",
                Py_TYPE(item.ptr())->tp_name);
    out.push_back(item.cast<Tensor>());
    ++i;
  }
  return out;
}

// f(t0, t1, ...) or f([t0, t1, ...]).
std::vector<Tensor> tensor_args(const py::args& args, const char* op) {
  if (args.size() == 1 && !is_tensor(args[0])) return tensor_list(args[0], op);
  return tensor_list(args, op);
}

// An int or a sequence of ints.
DimVector int_or_ints(py::handle h, const char* op) {
  if (is_int(h)) return DimVector{h.cast<int64_t>()};
  return to_dims(h, op);
}

// m(1, 2), m((1, 2)) or m([1, 2]) for Tensor methods that take varargs.
DimVector varargs_dims(const py::args& args, const char* op) {
  if (args.size() == 1 && !is_int(args[0])) return to_dims(args[0], op);
  return to_dims(args, op);
}

py::tuple as_tuple(const std::vector<Tensor>& tensors) { return py::tuple(py::cast(tensors)); }

py::tuple split_any(const Tensor& t, py::handle size_or_sizes, int64_t dim) {
  if (is_int(size_or_sizes)) return as_tuple(split(t, size_or_sizes.cast<int64_t>(), dim));
  return as_tuple(split_with_sizes(t, to_dims(size_or_sizes, "split"), dim));
}

py::tuple tensor_split_any(const Tensor& t, py::handle arg, int64_t dim) {
  if (is_tensor(arg)) return as_tuple(tensor_split(t, arg.cast<Tensor>(), dim));
  if (is_int(arg)) return as_tuple(tensor_split(t, arg.cast<int64_t>(), dim));
  return as_tuple(tensor_split_indices(t, to_dims(arg, "tensor_split"), dim));
}

// tensor_split(x, 3), tensor_split(x, sections=3), tensor_split(x, indices=[1, 2]) and
// tensor_split(x, tensor_indices_or_sections=t), each with dim.
py::tuple tensor_split_call(const Tensor& t, const py::args& args, const py::kwargs& kwargs) {
  py::object arg;
  int64_t dim = 0;
  if (!args.empty()) arg = args[0];
  if (args.size() > 1) dim = args[1].cast<int64_t>();
  EMBER_CHECK(args.size() <= 2, Type, "tensor_split() takes at most 3 arguments");
  for (auto item : kwargs) {
    const std::string key = py::str(item.first);
    if (key == "dim") {
      dim = item.second.cast<int64_t>();
      continue;
    }
    EMBER_CHECK(!arg && (key == "sections" || key == "indices" || key == "tensor_indices_or_sections"), Type,
                "tensor_split() got an unexpected keyword argument '", key, "'");
    arg = py::reinterpret_borrow<py::object>(item.second);
  }
  EMBER_CHECK(arg, Type, "tensor_split() missing 1 required positional argument: 'indices_or_sections'");
  return tensor_split_any(t, arg, dim);
}

py::tuple axis_split_any(const Tensor& t, SplitAxis axis, py::handle arg, const char* op) {
  if (is_int(arg)) return as_tuple(axis_split(t, axis, arg.cast<int64_t>()));
  return as_tuple(axis_split(t, axis, to_dims(arg, op)));
}

Tensor roll_any(const Tensor& t, py::handle shifts, py::handle dims) {
  return roll(t, int_or_ints(shifts, "roll"), dims.is_none() ? DimVector{} : int_or_ints(dims, "roll"));
}

Tensor repeat_interleave_any(const Tensor& t, py::handle repeats, std::optional<int64_t> dim,
                             std::optional<int64_t> output_size) {
  if (is_tensor(repeats)) return repeat_interleave(t, repeats.cast<Tensor>(), dim, output_size);
  EMBER_CHECK(is_int(repeats), Type, "repeat_interleave(): argument 'repeats' must be int or Tensor, not ",
              Py_TYPE(repeats.ptr())->tp_name);
  return repeat_interleave(t, repeats.cast<int64_t>(), dim, output_size);
}

// atleast_1d(t) -> t; atleast_1d(t0, t1) and atleast_1d([t0, t1]) -> a tuple.
py::object atleast_call(const py::args& args, Tensor (*f)(const Tensor&), const char* op) {
  if (args.size() == 1 && is_tensor(args[0])) return py::cast(f(args[0].cast<Tensor>()));
  std::vector<Tensor> out;
  for (const Tensor& t : tensor_args(args, op)) out.push_back(f(t));
  return as_tuple(out);
}

PadMode pad_mode(const std::string& mode) {
  if (mode == "constant") return PadMode::Constant;
  if (mode == "reflect") return PadMode::Reflect;
  if (mode == "replicate") return PadMode::Replicate;
  if (mode == "circular") return PadMode::Circular;
  EMBER_FAIL(NotImplemented, "pad: Unrecognised padding mode ", mode,
             " (expected constant, reflect, replicate or circular)");
}

void bind_methods(TensorClass& cls) {
  cls.def("split", &split_any, py::arg("split_size"), py::arg("dim") = 0)
      .def(
          "split_with_sizes",
          [](const Tensor& t, py::handle sizes, int64_t dim) {
            return as_tuple(split_with_sizes(t, to_dims(sizes, "split_with_sizes"), dim));
          },
          py::arg("split_sizes"), py::arg("dim") = 0)
      .def(
          "chunk", [](const Tensor& t, int64_t chunks, int64_t dim) { return as_tuple(chunk(t, chunks, dim)); },
          py::arg("chunks"), py::arg("dim") = 0)
      .def("tensor_split", &tensor_split_call)
      .def(
          "hsplit", [](const Tensor& t, py::handle s) { return axis_split_any(t, SplitAxis::H, s, "hsplit"); },
          py::arg("indices_or_sections"))
      .def(
          "vsplit", [](const Tensor& t, py::handle s) { return axis_split_any(t, SplitAxis::V, s, "vsplit"); },
          py::arg("indices_or_sections"))
      .def(
          "dsplit", [](const Tensor& t, py::handle s) { return axis_split_any(t, SplitAxis::D, s, "dsplit"); },
          py::arg("indices_or_sections"))
      .def(
          "flip", [](const Tensor& t, const py::args& dims) { return flip(t, varargs_dims(dims, "flip")); },
          "flip(*dims): a copy with the order of elements reversed along dims.")
      .def("fliplr", &fliplr)
      .def("flipud", &flipud)
      .def("roll", &roll_any, py::arg("shifts"), py::arg("dims") = py::none())
      .def(
          "rot90", [](const Tensor& t, int64_t k, py::handle dims) { return rot90(t, k, to_dims(dims, "rot90")); },
          py::arg("k") = 1, py::arg("dims") = py::make_tuple(0, 1))
      .def(
          "repeat",
          [](const Tensor& t, const py::args& repeats) {
            EMBER_CHECK(!repeats.empty(), Type, "repeat() missing 1 required positional arguments: \"repeats\"");
            return repeat(t, varargs_dims(repeats, "repeat"));
          },
          "repeat(*repeats): a copy with self tiled repeats[i] times along dim i.")
      .def(
          "tile", [](const Tensor& t, const py::args& dims) { return tile(t, varargs_dims(dims, "tile")); },
          "tile(*dims): repeat(), with missing leading repeats taken as 1.")
      .def("repeat_interleave", &repeat_interleave_any, py::arg("repeats"), py::arg("dim") = py::none(), py::kw_only(),
           py::arg("output_size") = py::none())
      .def("tril", &tril, py::arg("diagonal") = 0)
      .def("triu", &triu, py::arg("diagonal") = 0)
      .def(
          "tril_",
          [](const Tensor& t, int64_t diagonal) {
            tril_(t, diagonal);
            return t;
          },
          py::arg("diagonal") = 0)
      .def(
          "triu_",
          [](const Tensor& t, int64_t diagonal) {
            triu_(t, diagonal);
            return t;
          },
          py::arg("diagonal") = 0)
      .def("diag", &diag, py::arg("diagonal") = 0)
      .def("diag_embed", &diag_embed, py::arg("offset") = 0, py::arg("dim1") = -2, py::arg("dim2") = -1)
      .def("diagflat", &diagflat, py::arg("offset") = 0)
      .def("kron", &kron, py::arg("other"));
}

void bind_functions(py::module_& m) {
  auto join = [](const char* op, int64_t dim_default, const char* dim_name) {
    return std::make_tuple(op, dim_default, dim_name);
  };
  for (const auto& [name, dim_default, dim_name] :
       {join("cat", 0, "dim"), join("concat", 0, "dim"), join("concatenate", 0, "axis"), join("stack", 0, "dim")}) {
    const char* op = name;
    const bool is_stack = std::string(op) == "stack";
    m.def(
        op,
        [op, is_stack](py::handle tensors, int64_t dim) {
          const std::vector<Tensor> list = tensor_list(tensors, op);
          return is_stack ? stack(list, dim) : cat(list, dim, "cat");
        },
        py::arg("tensors"), py::arg(dim_name) = dim_default);
  }
  m.def("hstack", [](py::handle tensors) { return hstack(tensor_list(tensors, "hstack")); }, py::arg("tensors"));
  m.def("vstack", [](py::handle tensors) { return vstack(tensor_list(tensors, "vstack")); }, py::arg("tensors"));
  m.def("row_stack", [](py::handle tensors) { return vstack(tensor_list(tensors, "row_stack")); }, py::arg("tensors"));
  m.def("dstack", [](py::handle tensors) { return dstack(tensor_list(tensors, "dstack")); }, py::arg("tensors"));
  m.def(
      "column_stack", [](py::handle tensors) { return column_stack(tensor_list(tensors, "column_stack")); },
      py::arg("tensors"));
  m.def("atleast_1d", [](const py::args& args) { return atleast_call(args, atleast_1d, "atleast_1d"); });
  m.def("atleast_2d", [](const py::args& args) { return atleast_call(args, atleast_2d, "atleast_2d"); });
  m.def("atleast_3d", [](const py::args& args) { return atleast_call(args, atleast_3d, "atleast_3d"); });
  m.def("split", &split_any, py::arg("tensor"), py::arg("split_size_or_sections"), py::arg("dim") = 0);
  m.def(
      "split_with_sizes",
      [](const Tensor& t, py::handle sizes, int64_t dim) {
        return as_tuple(split_with_sizes(t, to_dims(sizes, "split_with_sizes"), dim));
      },
      py::arg("input"), py::arg("split_sizes"), py::arg("dim") = 0);
  m.def(
      "chunk", [](const Tensor& t, int64_t chunks, int64_t dim) { return as_tuple(chunk(t, chunks, dim)); },
      py::arg("input"), py::arg("chunks"), py::arg("dim") = 0);
  m.def("tensor_split", &tensor_split_call);
  m.def(
      "hsplit", [](const Tensor& t, py::handle s) { return axis_split_any(t, SplitAxis::H, s, "hsplit"); },
      py::arg("input"), py::arg("indices_or_sections"));
  m.def(
      "vsplit", [](const Tensor& t, py::handle s) { return axis_split_any(t, SplitAxis::V, s, "vsplit"); },
      py::arg("input"), py::arg("indices_or_sections"));
  m.def(
      "dsplit", [](const Tensor& t, py::handle s) { return axis_split_any(t, SplitAxis::D, s, "dsplit"); },
      py::arg("input"), py::arg("indices_or_sections"));
  m.def(
      "flip", [](const Tensor& t, py::handle dims) { return flip(t, to_dims(dims, "flip")); }, py::arg("input"),
      py::arg("dims"));
  m.def("fliplr", &fliplr, py::arg("input"));
  m.def("flipud", &flipud, py::arg("input"));
  m.def("roll", &roll_any, py::arg("input"), py::arg("shifts"), py::arg("dims") = py::none());
  m.def(
      "rot90", [](const Tensor& t, int64_t k, py::handle dims) { return rot90(t, k, to_dims(dims, "rot90")); },
      py::arg("input"), py::arg("k") = 1, py::arg("dims") = py::make_tuple(0, 1));
  m.def(
      "tile", [](const Tensor& t, py::handle dims) { return tile(t, to_dims(dims, "tile")); }, py::arg("input"),
      py::arg("dims"));
  m.def(
      "repeat_interleave",
      [](const Tensor& t, py::handle repeats, std::optional<int64_t> dim, std::optional<int64_t> output_size) {
        // repeat_interleave(repeats): the indices, each repeated.
        if (repeats.is_none()) return repeat_interleave(t, output_size);
        return repeat_interleave_any(t, repeats, dim, output_size);
      },
      py::arg("input"), py::arg("repeats") = py::none(), py::arg("dim") = py::none(), py::kw_only(),
      py::arg("output_size") = py::none());
  m.def("tril", &tril, py::arg("input"), py::arg("diagonal") = 0);
  m.def("triu", &triu, py::arg("input"), py::arg("diagonal") = 0);
  for (const auto& [name, is_lower] : {std::pair{"tril_indices", true}, std::pair{"triu_indices", false}}) {
    const char* op = name;
    const bool lower = is_lower;
    m.def(
        op,
        [op, lower](int64_t row, int64_t col, int64_t offset, std::optional<DType> dtype, py::handle device) {
          const DType d = dtype.value_or(DType::Int64);
          const Device dev = to_device(device, op);
          return lower ? tril_indices(row, col, offset, d, dev) : triu_indices(row, col, offset, d, dev);
        },
        py::arg("row"), py::arg("col"), py::arg("offset") = 0, py::kw_only(), py::arg("dtype") = py::none(),
        py::arg("device") = py::none());
  }
  m.def("diag", &diag, py::arg("input"), py::arg("diagonal") = 0);
  m.def("diag_embed", &diag_embed, py::arg("input"), py::arg("offset") = 0, py::arg("dim1") = -2, py::arg("dim2") = -1);
  m.def("diagflat", &diagflat, py::arg("input"), py::arg("offset") = 0);
  m.def("block_diag", [](const py::args& tensors) { return block_diag(tensor_list(tensors, "block_diag")); });
  m.def(
      "meshgrid",
      [](const py::args& tensors, std::optional<std::string> indexing) {
        if (!indexing) {
          if (PyErr_WarnEx(PyExc_UserWarning,
                           "torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
                           "argument.",
                           1) < 0)
            throw py::error_already_set();
          indexing = "ij";
        }
        return as_tuple(meshgrid(tensor_args(tensors, "meshgrid"), *indexing));
      },
      py::kw_only(), py::arg("indexing") = py::none());
  m.def("cartesian_prod",
        [](const py::args& tensors) { return cartesian_prod(tensor_list(tensors, "cartesian_prod")); });
  m.def("kron", &kron, py::arg("input"), py::arg("other"));
  m.def(
      "pad",
      [](const Tensor& t, py::handle pads, const std::string& mode, py::handle value) {
        std::optional<Scalar> fill;
        if (!value.is_none()) fill = to_scalar(value, "pad");
        return pad(t, to_dims(pads, "pad"), pad_mode(mode), fill);
      },
      py::arg("input"), py::arg("pad"), py::arg("mode") = "constant", py::arg("value") = py::none());
  m.def(
      "constant_pad_nd",
      [](const Tensor& t, py::handle pads, py::handle value) {
        return pad(t, to_dims(pads, "constant_pad_nd"), PadMode::Constant, to_scalar(value, "constant_pad_nd"));
      },
      py::arg("input"), py::arg("pad"), py::arg("value") = 0);
}

}  // namespace

void bind_shape(py::module_& m) {
  auto cls = py::reinterpret_borrow<TensorClass>(m.attr("Tensor"));
  bind_methods(cls);
  bind_functions(m);
}

}  // namespace ember::python
