// Python data <-> tensors: ember.tensor(nested lists), Tensor.tolist(), .item().
#include <string>

#include "../src/cpu/cast.h"
#include "casters.h"
#include "ember/ops.h"
#include "ember/promotion.h"

namespace ember::python {
namespace {

bool is_nested_sequence(PyObject* o) { return PyList_Check(o) || PyTuple_Check(o); }

std::string index_str(const DimVector& index) {
  std::string s = "[";
  for (int64_t i = 0; i < index.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(index[i]);
  }
  return s + "]";
}

// The dtype a leaf asks for: Python numbers by kind (floats take the default
// dtype), NumPy scalars and one-element tensors their own dtype.
DType leaf_dtype(PyObject* o, const DimVector& where) {
  if (PyBool_Check(o)) return DType::Bool;
  if (py::isinstance<TensorImpl>(o)) {
    Tensor t = py::handle(o).cast<Tensor>();
    EMBER_CHECK(t.numel() == 1, Value, "tensor: only one-element tensors can be converted to Python scalars; ",
                "got a tensor of shape ", shape_str(t.sizes()), " at index ", index_str(where));
    return t.dtype();
  }
  DType numpy_dtype;
  if (numpy_scalar_dtype(o, &numpy_dtype)) return numpy_dtype;
  const DType complex_default = default_dtype() == DType::Float64 ? DType::Complex128 : DType::Complex64;
  if (PyLong_Check(o) || PyIndex_Check(o)) return DType::Int64;
  if (PyFloat_Check(o)) return default_dtype();
  if (PyComplex_Check(o)) return complex_default;
  if (PyObject_HasAttrString(o, "__float__")) return default_dtype();
  if (PyObject_HasAttrString(o, "__complex__")) return complex_default;
  EMBER_FAIL(Type, "tensor: could not convert an element of type ", Py_TYPE(o)->tp_name, " at index ", index_str(where),
             " to a number");
}

// Walks the nested data once: checks every sequence at depth d has length
// shape[d] and promotes the leaves' dtypes.
void scan(PyObject* o, DimVector& shape, int64_t depth, DimVector& where, std::optional<DType>& widest) {
  if (depth == shape.size()) {
    EMBER_CHECK(!is_nested_sequence(o), Value, "tensor: ragged nested sequence: expected a number at index ",
                index_str(where), " (depth ", depth, "), got a sequence");
    const DType t = leaf_dtype(o, where);
    widest = widest ? promote_types(*widest, t) : t;
    return;
  }
  EMBER_CHECK(is_nested_sequence(o), Value, "tensor: ragged nested sequence: expected a sequence of length ",
              shape[depth], " at index ", index_str(where), " (dim ", depth, "), got ", Py_TYPE(o)->tp_name);
  const int64_t n = PySequence_Fast_GET_SIZE(o);
  EMBER_CHECK(n == shape[depth], Value, "tensor: ragged nested sequence: expected a sequence of length ", shape[depth],
              " at dim ", depth, " (index ", index_str(where), "), got length ", n);
  PyObject** items = PySequence_Fast_ITEMS(o);
  where.push_back(0);
  for (int64_t i = 0; i < n; ++i) {
    where[depth] = i;
    scan(items[i], shape, depth + 1, where, widest);
  }
  where.erase(depth);
}

template <class T>
void fill_leaves(PyObject* o, int64_t ndim, int64_t depth, T*& out) {
  if (depth == ndim) {
    if constexpr (!is_complex_t<T>::value) {
      EMBER_CHECK(!PyComplex_Check(o), Type, "tensor: can't convert complex to a real dtype");
    }
    if constexpr (!std::is_integral_v<T>) {
      // Ints too large for int64 still fit a float dtype (PyTorch allows it).
      if (PyLong_Check(o) && !PyBool_Check(o)) {
        const double v = PyLong_AsDouble(o);
        if (v == -1.0 && PyErr_Occurred()) throw py::error_already_set();
        *out++ = Scalar(v).template to<T>();
        return;
      }
    }
    const Scalar value = to_scalar(o, "tensor");
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      check_value_fits(value, dtype_of<T>(), false, "tensor");
    }
    *out++ = value.template to<T>();
    return;
  }
  const int64_t n = PySequence_Fast_GET_SIZE(o);
  PyObject** items = PySequence_Fast_ITEMS(o);
  for (int64_t i = 0; i < n; ++i) fill_leaves(items[i], ndim, depth + 1, out);
}

Tensor tensor_from_data(py::handle data, std::optional<DType> dtype, Device device) {
  if (!device.is_cpu()) return to_device(tensor_from_data(data, dtype, Device{}), device);  // built on the host
  DimVector shape;
  for (PyObject* o = data.ptr(); is_nested_sequence(o);) {
    shape.push_back(PySequence_Fast_GET_SIZE(o));
    if (shape.back() == 0) break;
    o = PySequence_Fast_ITEMS(o)[0];
  }
  DimVector where;
  std::optional<DType> widest;
  scan(data.ptr(), shape, 0, where, widest);
  if (!dtype) dtype = widest.value_or(default_dtype());  // empty data: the default dtype
  Tensor out = empty(shape, *dtype, Device{});
  visit_dtype(*dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = out.data<T>();
    fill_leaves<T>(data.ptr(), shape.size(), 0, p);
  });
  return out;
}

template <class T>
py::object element_to_python(const T& v) {
  if constexpr (std::is_same_v<T, bool>)
    return py::bool_(v);
  else if constexpr (std::is_integral_v<T>)
    return py::int_(static_cast<int64_t>(v));
  else if constexpr (is_complex_t<T>::value)
    return py::reinterpret_steal<py::object>(PyComplex_FromDoubles(v.real(), v.imag()));
  else if constexpr (std::is_same_v<T, double>)
    return py::float_(v);
  else
    return py::float_(static_cast<double>(static_cast<float>(v)));  // float, Half, BFloat16
}

template <class T>
py::object to_nested_list(const T* p, IntArrayRef sizes, IntArrayRef strides, int64_t depth) {
  if (depth == static_cast<int64_t>(sizes.size())) return element_to_python(*p);
  py::list out(sizes[depth]);
  for (int64_t i = 0; i < sizes[depth]; ++i) out[i] = to_nested_list(p + i * strides[depth], sizes, strides, depth + 1);
  return out;
}

}  // namespace

py::object scalar_to_python(const Tensor& t, int64_t element_offset) {
  return visit_dtype(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    return element_to_python(t.data<T>()[element_offset]);
  });
}

void bind_from_python(py::module_& m) {
  // A number or nested lists/tuples of numbers; NumPy arrays go through from_numpy.
  m.def(
      "_tensor_from_data",
      [](py::handle data, std::optional<DType> dtype, py::handle device) {
        return tensor_from_data(data, dtype, to_device(device, "tensor"));
      },
      py::arg("data"), py::arg("dtype") = py::none(), py::arg("device") = py::none());

  auto tensor_cls = py::reinterpret_borrow<py::object>(m.attr("Tensor"));
  tensor_cls.attr("tolist") = py::cpp_function(
      [](const Tensor& device_tensor) {
        const Tensor t = to_device(device_tensor, Device{});
        return visit_dtype(t.dtype(), [&](auto tag) {
          using T = typename decltype(tag)::type;
          return to_nested_list(t.data<T>(), t.sizes(), t.strides(), 0);
        });
      },
      py::is_method(tensor_cls), py::name("tolist"), py::doc("The tensor as nested Python lists (a number if 0-d)."));
  tensor_cls.attr("item") = py::cpp_function(
      [](const Tensor& t) {
        EMBER_CHECK(t.numel() == 1, Runtime, "item: a Tensor with ", t.numel(),
                    " elements cannot be converted to Scalar (shape ", shape_str(t.sizes()), ")");
        return scalar_to_python(to_device(t, Device{}), 0);
      },
      py::is_method(tensor_cls), py::name("item"), py::doc("The value of a one-element tensor as a Python number."));
}

}  // namespace ember::python
