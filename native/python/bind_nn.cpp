// Neural-network primitives (nn_ops.h): convolution and pooling. Names that
// torch has at top level (torch.conv2d, torch.max_pool2d, ...) go on the
// module; the rest (im2col, backward ops, avg_pool2d, ...) on ember._C._nn,
// as torch keeps them in torch._C._nn or aten.
#include "bind_nn.h"

namespace ember::python {
namespace nn_bind {

bool is_int(py::handle h) { return PyIndex_Check(h.ptr()) && !PyBool_Check(h.ptr()); }

DimVector ints(py::handle h, const char* what, const char* op) {
  if (is_int(h)) return DimVector{h.cast<int64_t>()};
  EMBER_CHECK(PySequence_Check(h.ptr()) && !PyUnicode_Check(h.ptr()), Type, op, "(): argument '", what,
              "' must be int or tuple of ints, not ", Py_TYPE(h.ptr())->tp_name);
  DimVector v;
  for (py::handle item : py::reinterpret_borrow<py::sequence>(h)) {
    EMBER_CHECK(is_int(item), Type, op, "(): argument '", what, "' must be a tuple of ints, but found element of type ",
                Py_TYPE(item.ptr())->tp_name);
    v.push_back(item.cast<int64_t>());
  }
  return v;
}

DimVector opt_ints(py::handle h, const char* what, const char* op) {
  return h.is_none() ? DimVector() : ints(h, what, op);
}

Tensor opt_tensor(py::handle h) { return h.is_none() ? Tensor() : h.cast<Tensor>(); }

Mask3 mask(py::handle h, const char* op) {
  Mask3 m{};
  auto seq = py::reinterpret_borrow<py::sequence>(h);
  EMBER_CHECK(py::len(seq) == 3, Runtime, op, ": expected output_mask of 3 bools, got ", py::len(seq));
  for (int i = 0; i < 3; ++i) m[i] = seq[i].cast<bool>();
  return m;
}

py::module_ nn_module(py::module_& m) {
  if (py::hasattr(m, "_nn")) return m.attr("_nn").cast<py::module_>();
  return m.def_submodule("_nn", "Functional primitives that torch keeps in torch._C._nn or aten.");
}

py::object tensors(const Tensor3& t) {
  auto obj = [](const Tensor& x) { return x.defined() ? py::cast(x) : py::none(); };
  return py::make_tuple(obj(std::get<0>(t)), obj(std::get<1>(t)), obj(std::get<2>(t)));
}

}  // namespace nn_bind

using namespace nn_bind;

void bind_nn(py::module_& m) {
  py::module_ nn = nn_module(m);

  // conv1d/2d/3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1); padding may be 'same'/'valid'.
  for (int64_t spatial = 1; spatial <= 3; ++spatial) {
    static const char* names[] = {"", "conv1d", "conv2d", "conv3d"};
    const char* name = names[spatial];
    m.def(
        name,
        [spatial, name](const Tensor& input, const Tensor& weight, py::handle bias, py::handle stride,
                        py::handle padding, py::handle dilation, int64_t groups) {
          std::string mode;
          DimVector pad;
          if (PyUnicode_Check(padding.ptr())) {
            mode = padding.cast<std::string>();
          } else {
            pad = ints(padding, "padding", name);
          }
          const DimVector s = ints(stride, "stride", name), d = ints(dilation, "dilation", name);
          const Tensor b = opt_tensor(bias);
          py::gil_scoped_release release;
          return conv_nd(spatial, input, weight, b, s, pad, mode, d, groups);
        },
        py::arg("input"), py::arg("weight"), py::arg("bias") = py::none(), py::arg("stride") = 1,
        py::arg("padding") = 0, py::arg("dilation") = 1, py::arg("groups") = 1);
  }
  // conv_transpose1d/2d/3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)
  for (int64_t spatial = 1; spatial <= 3; ++spatial) {
    static const char* names[] = {"", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"};
    const char* name = names[spatial];
    m.def(
        name,
        [spatial, name](const Tensor& input, const Tensor& weight, py::handle bias, py::handle stride,
                        py::handle padding, py::handle output_padding, int64_t groups, py::handle dilation) {
          const DimVector s = ints(stride, "stride", name), p = ints(padding, "padding", name);
          const DimVector op = ints(output_padding, "output_padding", name), d = ints(dilation, "dilation", name);
          const Tensor b = opt_tensor(bias);
          py::gil_scoped_release release;
          return conv_transpose_nd(spatial, input, weight, b, s, p, op, groups, d);
        },
        py::arg("input"), py::arg("weight"), py::arg("bias") = py::none(), py::arg("stride") = 1,
        py::arg("padding") = 0, py::arg("output_padding") = 0, py::arg("groups") = 1, py::arg("dilation") = 1);
  }
  m.def(
      "convolution",
      [](const Tensor& input, const Tensor& weight, py::handle bias, py::handle stride, py::handle padding,
         py::handle dilation, bool transposed, py::handle output_padding, int64_t groups) {
        const char* name = "convolution";
        const DimVector s = ints(stride, "stride", name), p = ints(padding, "padding", name);
        const DimVector d = ints(dilation, "dilation", name), op = ints(output_padding, "output_padding", name);
        const Tensor b = opt_tensor(bias);
        py::gil_scoped_release release;
        return convolution(input, weight, b, s, p, d, transposed, op, groups);
      },
      py::arg("input"), py::arg("weight"), py::arg("bias"), py::arg("stride"), py::arg("padding"), py::arg("dilation"),
      py::arg("transposed"), py::arg("output_padding"), py::arg("groups"));
  nn.def(
      "convolution_backward",
      [](const Tensor& grad_output, const Tensor& input, const Tensor& weight, py::handle stride, py::handle padding,
         py::handle dilation, bool transposed, py::handle output_padding, int64_t groups, py::handle output_mask) {
        const char* name = "convolution_backward";
        const DimVector s = ints(stride, "stride", name), p = ints(padding, "padding", name);
        const DimVector d = ints(dilation, "dilation", name), op = ints(output_padding, "output_padding", name);
        const Mask3 mk = mask(output_mask, name);
        Tensor3 r;
        {
          py::gil_scoped_release release;
          r = convolution_backward(grad_output, input, weight, s, p, d, transposed, op, groups, mk);
        }
        return tensors(r);
      },
      py::arg("grad_output"), py::arg("input"), py::arg("weight"), py::arg("stride"), py::arg("padding"),
      py::arg("dilation"), py::arg("transposed"), py::arg("output_padding"), py::arg("groups"),
      py::arg("output_mask") = py::make_tuple(true, true, true));
  nn.def(
      "im2col",
      [](const Tensor& input, py::handle kernel_size, py::handle dilation, py::handle padding, py::handle stride) {
        const char* name = "im2col";
        const DimVector k = ints(kernel_size, "kernel_size", name), d = ints(dilation, "dilation", name);
        const DimVector p = ints(padding, "padding", name), s = ints(stride, "stride", name);
        py::gil_scoped_release release;
        return im2col(input, k, d, p, s);
      },
      py::arg("input"), py::arg("kernel_size"), py::arg("dilation"), py::arg("padding"), py::arg("stride"));
  nn.def(
      "col2im",
      [](const Tensor& input, py::handle output_size, py::handle kernel_size, py::handle dilation, py::handle padding,
         py::handle stride) {
        const char* name = "col2im";
        const DimVector o = ints(output_size, "output_size", name), k = ints(kernel_size, "kernel_size", name);
        const DimVector d = ints(dilation, "dilation", name), p = ints(padding, "padding", name);
        const DimVector s = ints(stride, "stride", name);
        py::gil_scoped_release release;
        return col2im(input, o, k, d, p, s);
      },
      py::arg("input"), py::arg("output_size"), py::arg("kernel_size"), py::arg("dilation"), py::arg("padding"),
      py::arg("stride"));

  bind_nn_pool(m, nn);
  bind_nn_norm(m, nn);
  bind_nn_upsample(nn);
}

}  // namespace ember::python
