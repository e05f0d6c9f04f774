// Normalisation, embedding and pixel-shuffle bindings with PyTorch's
// signatures (torch.batch_norm, torch.native_layer_norm, ...); backward ops
// in ember._C._nn.
#include "bind_nn.h"

namespace ember::python {

using namespace nn_bind;

void bind_nn_norm(py::module_& m, py::module_& nn) {
  m.def(
      "native_batch_norm",
      [](const Tensor& input, py::handle weight, py::handle bias, py::handle running_mean, py::handle running_var,
         bool training, double momentum, double eps) {
        const Tensor w = opt_tensor(weight), b = opt_tensor(bias);
        const Tensor rm = opt_tensor(running_mean), rv = opt_tensor(running_var);
        Tensor3 r;
        {
          py::gil_scoped_release release;
          r = native_batch_norm(input, w, b, rm, rv, training, momentum, eps);
        }
        return tensors(r);
      },
      py::arg("input"), py::arg("weight"), py::arg("bias"), py::arg("running_mean"), py::arg("running_var"),
      py::arg("training"), py::arg("momentum"), py::arg("eps"));
  m.def(
      "batch_norm",
      [](const Tensor& input, py::handle weight, py::handle bias, py::handle running_mean, py::handle running_var,
         bool training, double momentum, double eps, bool /*cudnn_enabled*/) {
        const Tensor w = opt_tensor(weight), b = opt_tensor(bias);
        const Tensor rm = opt_tensor(running_mean), rv = opt_tensor(running_var);
        py::gil_scoped_release release;
        return std::get<0>(native_batch_norm(input, w, b, rm, rv, training, momentum, eps));
      },
      py::arg("input"), py::arg("weight"), py::arg("bias"), py::arg("running_mean"), py::arg("running_var"),
      py::arg("training"), py::arg("momentum"), py::arg("eps"), py::arg("cudnn_enabled"));
  nn.def(
      "native_batch_norm_backward",
      [](const Tensor& grad_out, const Tensor& input, py::handle weight, py::handle running_mean,
         py::handle running_var, py::handle save_mean, py::handle save_invstd, bool train, double eps,
         py::handle output_mask) {
        const Tensor w = opt_tensor(weight), rm = opt_tensor(running_mean), rv = opt_tensor(running_var);
        const Tensor sm = opt_tensor(save_mean), si = opt_tensor(save_invstd);
        const Mask3 mk = mask(output_mask, "native_batch_norm_backward");
        Tensor3 r;
        {
          py::gil_scoped_release release;
          r = native_batch_norm_backward(grad_out, input, w, rm, rv, sm, si, train, eps, mk);
        }
        return tensors(r);
      },
      py::arg("grad_out"), py::arg("input"), py::arg("weight"), py::arg("running_mean"), py::arg("running_var"),
      py::arg("save_mean"), py::arg("save_invstd"), py::arg("train"), py::arg("eps"), py::arg("output_mask"));
  m.def(
      "instance_norm",
      [](const Tensor& input, py::handle weight, py::handle bias, py::handle running_mean, py::handle running_var,
         bool use_input_stats, double momentum, double eps, bool /*cudnn_enabled*/) {
        const Tensor w = opt_tensor(weight), b = opt_tensor(bias);
        const Tensor rm = opt_tensor(running_mean), rv = opt_tensor(running_var);
        py::gil_scoped_release release;
        return instance_norm(input, w, b, rm, rv, use_input_stats, momentum, eps);
      },
      py::arg("input"), py::arg("weight"), py::arg("bias"), py::arg("running_mean"), py::arg("running_var"),
      py::arg("use_input_stats"), py::arg("momentum"), py::arg("eps"), py::arg("cudnn_enabled"));

  m.def(
      "native_layer_norm",
      [](const Tensor& input, py::handle normalized_shape, py::handle weight, py::handle bias, double eps) {
        const DimVector shape = ints(normalized_shape, "normalized_shape", "native_layer_norm");
        const Tensor w = opt_tensor(weight), b = opt_tensor(bias);
        Tensor3 r;
        {
          py::gil_scoped_release release;
          r = native_layer_norm(input, shape, w, b, eps);
        }
        return tensors(r);
      },
      py::arg("input"), py::arg("normalized_shape"), py::arg("weight"), py::arg("bias"), py::arg("eps"));
  m.def(
      "layer_norm",
      [](const Tensor& input, py::handle normalized_shape, py::handle weight, py::handle bias, double eps,
         bool /*cudnn_enable*/) {
        const DimVector shape = ints(normalized_shape, "normalized_shape", "layer_norm");
        const Tensor w = opt_tensor(weight), b = opt_tensor(bias);
        py::gil_scoped_release release;
        return std::get<0>(native_layer_norm(input, shape, w, b, eps));
      },
      py::arg("input"), py::arg("normalized_shape"), py::arg("weight") = py::none(), py::arg("bias") = py::none(),
      py::arg("eps") = 1e-5, py::arg("cudnn_enable") = true);
  nn.def(
      "native_layer_norm_backward",
      [](const Tensor& grad_out, const Tensor& input, py::handle normalized_shape, const Tensor& mean,
         const Tensor& rstd, py::handle weight, py::handle bias, py::handle output_mask) {
        const char* name = "native_layer_norm_backward";
        const DimVector shape = ints(normalized_shape, "normalized_shape", name);
        const Tensor w = opt_tensor(weight), b = opt_tensor(bias);
        const Mask3 mk = mask(output_mask, name);
        Tensor3 r;
        {
          py::gil_scoped_release release;
          r = native_layer_norm_backward(grad_out, input, shape, mean, rstd, w, b, mk);
        }
        return tensors(r);
      },
      py::arg("grad_out"), py::arg("input"), py::arg("normalized_shape"), py::arg("mean"), py::arg("rstd"),
      py::arg("weight"), py::arg("bias"), py::arg("output_mask"));

  m.def(
      "native_group_norm",
      [](const Tensor& input, py::handle weight, py::handle bias, int64_t N, int64_t C, int64_t HxW, int64_t group,
         double eps) {
        const Tensor w = opt_tensor(weight), b = opt_tensor(bias);
        Tensor3 r;
        {
          py::gil_scoped_release release;
          r = native_group_norm(input, w, b, N, C, HxW, group, eps);
        }
        return tensors(r);
      },
      py::arg("input"), py::arg("weight"), py::arg("bias"), py::arg("N"), py::arg("C"), py::arg("HxW"),
      py::arg("group"), py::arg("eps"));
  m.def(
      "group_norm",
      [](const Tensor& input, int64_t num_groups, py::handle weight, py::handle bias, double eps,
         bool /*cudnn_enabled*/) {
        const Tensor w = opt_tensor(weight), b = opt_tensor(bias);
        py::gil_scoped_release release;
        return group_norm(input, num_groups, w, b, eps);
      },
      py::arg("input"), py::arg("num_groups"), py::arg("weight") = py::none(), py::arg("bias") = py::none(),
      py::arg("eps") = 1e-5, py::arg("cudnn_enabled") = true);
  nn.def(
      "native_group_norm_backward",
      [](const Tensor& grad_out, const Tensor& input, const Tensor& mean, const Tensor& rstd, py::handle weight,
         int64_t N, int64_t C, int64_t HxW, int64_t group, py::handle output_mask) {
        const Tensor w = opt_tensor(weight);
        const Mask3 mk = mask(output_mask, "native_group_norm_backward");
        Tensor3 r;
        {
          py::gil_scoped_release release;
          r = native_group_norm_backward(grad_out, input, mean, rstd, w, N, C, HxW, group, mk);
        }
        return tensors(r);
      },
      py::arg("grad_out"), py::arg("input"), py::arg("mean"), py::arg("rstd"), py::arg("weight"), py::arg("N"),
      py::arg("C"), py::arg("HxW"), py::arg("group"), py::arg("output_mask"));

  m.def(
      "embedding",
      [](const Tensor& weight, const Tensor& indices, int64_t padding_idx, bool scale_grad_by_freq, bool sparse) {
        EMBER_CHECK(!sparse, NotImplemented, "embedding: sparse gradients are not supported");
        py::gil_scoped_release release;
        return embedding(weight, indices, padding_idx, scale_grad_by_freq);
      },
      py::arg("weight"), py::arg("indices"), py::arg("padding_idx") = -1, py::arg("scale_grad_by_freq") = false,
      py::arg("sparse") = false);
  nn.def(
      "embedding_dense_backward",
      [](const Tensor& grad_output, const Tensor& indices, int64_t num_weights, int64_t padding_idx,
         bool scale_grad_by_freq) {
        py::gil_scoped_release release;
        return embedding_dense_backward(grad_output, indices, num_weights, padding_idx, scale_grad_by_freq);
      },
      py::arg("grad_output"), py::arg("indices"), py::arg("num_weights"), py::arg("padding_idx"),
      py::arg("scale_grad_by_freq"));
  m.def(
      "pixel_shuffle",
      [](const Tensor& input, int64_t upscale_factor) {
        py::gil_scoped_release release;
        return pixel_shuffle(input, upscale_factor);
      },
      py::arg("input"), py::arg("upscale_factor"));
  m.def(
      "pixel_unshuffle",
      [](const Tensor& input, int64_t downscale_factor) {
        py::gil_scoped_release release;
        return pixel_unshuffle(input, downscale_factor);
      },
      py::arg("input"), py::arg("downscale_factor"));
}

}  // namespace ember::python
