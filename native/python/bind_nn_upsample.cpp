// Upsampling bindings in ember._C._nn with PyTorch's signatures:
// upsample_<mode>(input, output_size, [align_corners,] scales...) and
// upsample_<mode>_backward(grad_output, output_size, input_size, [align_corners,] scales...),
// each scale a float or None (scales_d, scales_h, scales_w; 1-D: scales).
#include "bind_nn.h"

namespace ember::python {

using namespace nn_bind;

namespace {

struct Variant {
  const char* name;
  UpsampleMode mode;
  int64_t spatial;
  bool align;  // takes align_corners
};

// clang-format off
constexpr Variant kVariants[] = {
    {"upsample_nearest1d", UpsampleMode::Nearest, 1, false},
    {"upsample_nearest2d", UpsampleMode::Nearest, 2, false},
    {"upsample_nearest3d", UpsampleMode::Nearest, 3, false},
    // torch's _upsample_nearest_exact*d (interpolate's 'nearest-exact'), without the underscore
    {"upsample_nearest_exact1d", UpsampleMode::NearestExact, 1, false},
    {"upsample_nearest_exact2d", UpsampleMode::NearestExact, 2, false},
    {"upsample_nearest_exact3d", UpsampleMode::NearestExact, 3, false},
    {"upsample_linear1d", UpsampleMode::Linear, 1, true},
    {"upsample_bilinear2d", UpsampleMode::Linear, 2, true},
    {"upsample_trilinear3d", UpsampleMode::Linear, 3, true},
    {"upsample_bicubic2d", UpsampleMode::Cubic, 2, true},
};
// clang-format on

// The arguments after the sizes: [align_corners,] then one optional scale per
// spatial dim, positional or by PyTorch's keyword names.
struct Rest {
  bool align_corners = false;
  std::vector<std::optional<double>> scales;
};

Rest rest_args(const Variant& v, const py::args& args, const py::kwargs& kwargs, const std::string& op) {
  static const char* names1[] = {"scales"};
  static const char* names3[] = {"scales_d", "scales_h", "scales_w"};
  std::vector<const char*> names;
  if (v.align) names.push_back("align_corners");
  for (int64_t i = 0; i < v.spatial; ++i) names.push_back(v.spatial == 1 ? names1[0] : names3[3 - v.spatial + i]);
  EMBER_CHECK(py::len(args) <= names.size(), Type, op, "() takes at most ", names.size() + 2, " arguments (",
              py::len(args) + 2, " given)");
  std::vector<py::object> values(names.size(), py::none());
  for (size_t i = 0; i < py::len(args); ++i) values[i] = args[i];
  for (auto item : kwargs) {
    const std::string key = item.first.cast<std::string>();
    auto it = std::find_if(names.begin(), names.end(), [&](const char* n) { return key == n; });
    EMBER_CHECK(it != names.end(), Type, op, "() got an unexpected keyword argument '", key, "'");
    values[it - names.begin()] = py::reinterpret_borrow<py::object>(item.second);
  }
  Rest r;
  size_t i = 0;
  if (v.align) {
    EMBER_CHECK(PyBool_Check(values[0].ptr()), Type, op, "(): argument 'align_corners' must be bool, not ",
                Py_TYPE(values[0].ptr())->tp_name);
    r.align_corners = values[i++].cast<bool>();
  }
  for (; i < values.size(); ++i)
    r.scales.push_back(values[i].is_none() ? std::nullopt : std::optional<double>(values[i].cast<double>()));
  return r;
}

}  // namespace

void bind_nn_upsample(py::module_& nn) {
  for (const Variant& v : kVariants) {
    const std::string name = v.name, back = name + "_backward";
    nn.def(name.c_str(), [v, name](const Tensor& input, py::handle output_size, py::args args, py::kwargs kwargs) {
      const DimVector size = ints(output_size, "output_size", name.c_str());
      const Rest r = rest_args(v, args, kwargs, name);
      py::gil_scoped_release release;
      return upsample(v.mode, v.spatial, input, size, r.align_corners, r.scales, v.name);
    });
    nn.def(back.c_str(), [v, back](const Tensor& grad_output, py::handle output_size, py::handle input_size,
                                   py::args args, py::kwargs kwargs) {
      const DimVector out = ints(output_size, "output_size", back.c_str());
      const DimVector in = ints(input_size, "input_size", back.c_str());
      const Rest r = rest_args(v, args, kwargs, back);
      py::gil_scoped_release release;
      return upsample_backward(v.mode, v.spatial, grad_output, out, in, r.align_corners, r.scales, back.c_str());
    });
  }
}

}  // namespace ember::python
