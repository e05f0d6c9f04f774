// Pooling bindings with PyTorch's signatures: max/avg pools and their
// with-indices forms, adaptive pools, lp_pool, and their backward ops.
#include "bind_nn.h"

namespace ember::python {

using namespace nn_bind;

namespace {

const char* const kMax[] = {"", "max_pool1d", "max_pool2d", "max_pool3d"};
const char* const kMaxIdx[] = {"", "max_pool1d_with_indices", "max_pool2d_with_indices", "max_pool3d_with_indices"};
const char* const kMaxBack[] = {"", "max_pool1d_with_indices_backward", "max_pool2d_with_indices_backward",
                                "max_pool3d_with_indices_backward"};
const char* const kAvg[] = {"", "avg_pool1d", "avg_pool2d", "avg_pool3d"};
const char* const kAvgBack[] = {"", "avg_pool1d_backward", "avg_pool2d_backward", "avg_pool3d_backward"};
const char* const kAdAvg[] = {"", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d"};
const char* const kAdAvgBack[] = {"", "adaptive_avg_pool1d_backward", "adaptive_avg_pool2d_backward",
                                  "adaptive_avg_pool3d_backward"};
const char* const kAdMax[] = {"", "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d"};
const char* const kAdMaxBack[] = {"", "adaptive_max_pool1d_backward", "adaptive_max_pool2d_backward",
                                  "adaptive_max_pool3d_backward"};
const char* const kLp[] = {"", "lp_pool1d", "lp_pool2d", "lp_pool3d"};

struct MaxArgs {
  DimVector k, s, p, d;
};
MaxArgs max_args(py::handle k, py::handle s, py::handle p, py::handle d, const char* op) {
  return {ints(k, "kernel_size", op), opt_ints(s, "stride", op), ints(p, "padding", op), ints(d, "dilation", op)};
}

std::optional<int64_t> opt_int(py::handle h) {
  if (h.is_none()) return std::nullopt;
  return h.cast<int64_t>();
}

}  // namespace

void bind_nn_pool(py::module_& m, py::module_& nn) {
  for (int64_t n = 1; n <= 3; ++n) {
    // max_poolNd(input, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False) and _with_indices.
    for (bool with_indices : {false, true}) {
      const char* name = with_indices ? kMaxIdx[n] : kMax[n];
      // torch has max_pool{1,2,3}d and max_pool1d_with_indices at top level, the others in _C._nn.
      py::module_& where = with_indices && n > 1 ? nn : m;
      where.def(
          name,
          [n, name, with_indices](const Tensor& input, py::handle kernel_size, py::handle stride, py::handle padding,
                                  py::handle dilation, bool ceil_mode) -> py::object {
            const MaxArgs a = max_args(kernel_size, stride, padding, dilation, name);
            // PyTorch's max_pool1d (only it) has no integer kernel.
            EMBER_CHECK(n != 1 || with_indices || !is_integral(input.dtype(), true), NotImplemented, name,
                        ": not implemented for ", ember::name(input.dtype()),
                        " (max_pool1d_with_indices takes integers)");
            std::pair<Tensor, Tensor> r;
            {
              py::gil_scoped_release release;
              r = max_pool_with_indices(n, input, a.k, a.s, a.p, a.d, ceil_mode, name);
            }
            if (with_indices) return py::make_tuple(r.first, r.second);
            return py::cast(r.first);
          },
          py::arg("input"), py::arg("kernel_size"), py::arg("stride") = py::tuple(), py::arg("padding") = 0,
          py::arg("dilation") = 1, py::arg("ceil_mode") = false);
    }
    // max_poolNd_with_indices_backward(grad_output, self, kernel_size, stride, padding, dilation, ceil_mode, indices):
    // the indices say everything; the geometry is taken for PyTorch's signature.
    nn.def(
        kMaxBack[n],
        [n](const Tensor& grad_output, const Tensor& self, py::handle, py::handle, py::handle, py::handle, bool,
            const Tensor& indices) {
          py::gil_scoped_release release;
          return max_pool_backward(n, grad_output, self, indices, kMaxBack[n]);
        },
        py::arg("grad_output"), py::arg("self"), py::arg("kernel_size"), py::arg("stride"), py::arg("padding"),
        py::arg("dilation"), py::arg("ceil_mode"), py::arg("indices"));

    // avg_poolNd(input, kernel_size, stride=[], padding=0, ceil_mode=False, count_include_pad=True,
    // divisor_override=None): avg_pool1d has no divisor_override in PyTorch.
    auto avg = [n](const Tensor& input, py::handle kernel_size, py::handle stride, py::handle padding, bool ceil_mode,
                   bool count_include_pad, py::handle divisor_override) {
      const char* name = kAvg[n];
      const DimVector k = ints(kernel_size, "kernel_size", name), s = opt_ints(stride, "stride", name);
      const DimVector p = ints(padding, "padding", name);
      const std::optional<int64_t> div = opt_int(divisor_override);
      py::gil_scoped_release release;
      return avg_pool(n, input, k, s, p, ceil_mode, count_include_pad, div, name);
    };
    if (n == 1) {
      m.def(
          kAvg[n],
          [avg](const Tensor& input, py::handle k, py::handle s, py::handle p, bool ceil_mode, bool count_include_pad) {
            return avg(input, k, s, p, ceil_mode, count_include_pad, py::none());
          },
          py::arg("input"), py::arg("kernel_size"), py::arg("stride") = py::tuple(), py::arg("padding") = 0,
          py::arg("ceil_mode") = false, py::arg("count_include_pad") = true);
    } else {
      nn.def(kAvg[n], avg, py::arg("input"), py::arg("kernel_size"), py::arg("stride") = py::tuple(),
             py::arg("padding") = 0, py::arg("ceil_mode") = false, py::arg("count_include_pad") = true,
             py::arg("divisor_override") = py::none());
    }
    nn.def(
        kAvgBack[n],
        [n](const Tensor& grad_output, const Tensor& self, py::handle kernel_size, py::handle stride,
            py::handle padding, bool ceil_mode, bool count_include_pad, py::handle divisor_override) {
          const char* name = kAvgBack[n];
          const DimVector k = ints(kernel_size, "kernel_size", name), s = opt_ints(stride, "stride", name);
          const DimVector p = ints(padding, "padding", name);
          const std::optional<int64_t> div = opt_int(divisor_override);
          py::gil_scoped_release release;
          return avg_pool_backward(n, grad_output, self, k, s, p, ceil_mode, count_include_pad, div, name);
        },
        py::arg("grad_output"), py::arg("self"), py::arg("kernel_size"), py::arg("stride"), py::arg("padding"),
        py::arg("ceil_mode"), py::arg("count_include_pad"), py::arg("divisor_override") = py::none());

    // adaptive pools: torch.adaptive_{avg,max}_pool1d, the rest in _C._nn.
    (n == 1 ? m : nn)
        .def(
            kAdAvg[n],
            [n](const Tensor& input, py::handle output_size) {
              const DimVector o = ints(output_size, "output_size", kAdAvg[n]);
              py::gil_scoped_release release;
              return adaptive_avg_pool(n, input, o, kAdAvg[n]);
            },
            py::arg("input"), py::arg("output_size"));
    nn.def(
        kAdAvgBack[n],
        [n](const Tensor& grad_output, const Tensor& self) {
          py::gil_scoped_release release;
          return adaptive_avg_pool_backward(n, grad_output, self, kAdAvgBack[n]);
        },
        py::arg("grad_output"), py::arg("self"));
    (n == 1 ? m : nn)
        .def(
            kAdMax[n],
            [n](const Tensor& input, py::handle output_size) {
              const DimVector o = ints(output_size, "output_size", kAdMax[n]);
              std::pair<Tensor, Tensor> r;
              {
                py::gil_scoped_release release;
                r = adaptive_max_pool(n, input, o, kAdMax[n]);
              }
              return py::make_tuple(r.first, r.second);
            },
            py::arg("input"), py::arg("output_size"));
    nn.def(
        kAdMaxBack[n],
        [n](const Tensor& grad_output, const Tensor& self, const Tensor& indices) {
          py::gil_scoped_release release;
          return max_pool_backward(n, grad_output, self, indices, kAdMaxBack[n]);
        },
        py::arg("grad_output"), py::arg("self"), py::arg("indices"));
    // lp_poolNd(input, norm_type, kernel_size, stride=None, ceil_mode=False): nn.functional's, a composite.
    nn.def(
        kLp[n],
        [n](const Tensor& input, double norm_type, py::handle kernel_size, py::handle stride, bool ceil_mode) {
          const DimVector k = ints(kernel_size, "kernel_size", kLp[n]), s = opt_ints(stride, "stride", kLp[n]);
          py::gil_scoped_release release;
          return lp_pool(n, input, norm_type, k, s, ceil_mode);
        },
        py::arg("input"), py::arg("norm_type"), py::arg("kernel_size"), py::arg("stride") = py::none(),
        py::arg("ceil_mode") = false);
  }
}

}  // namespace ember::python
