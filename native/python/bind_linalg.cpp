// Matrix products: module functions with PyTorch's signatures and the Tensor
// methods. Arguments are read with the GIL held; the product runs without it.
#include "casters.h"
#include "ember/ops.h"

namespace ember::python {
namespace {

Tensor out_arg(const std::optional<Tensor>& out) { return out ? *out : Tensor(); }

template <class F>
auto nogil(F f) {
  py::gil_scoped_release release;
  return f();
}

using ProductFn = Tensor (*)(const Tensor&, const Tensor&, const Tensor&);
using AddFn = Tensor (*)(const Tensor&, const Tensor&, const Tensor&, const Scalar&, const Scalar&, const Tensor&);

// name(input, <other>, *, out=None) and input.name(<other>).
void def_product(py::module_& m, py::object& cls, const char* name, const char* other, ProductFn fn) {
  m.def(
      name, [fn](const Tensor& a, const Tensor& b, const std::optional<Tensor>& out) { return fn(a, b, out_arg(out)); },
      py::arg("input"), py::arg(other), py::kw_only(), py::arg("out") = py::none(),
      py::call_guard<py::gil_scoped_release>());
  cls.attr(name) =
      py::cpp_function([fn](const Tensor& a, const Tensor& b) { return fn(a, b, Tensor()); }, py::is_method(cls),
                       py::name(name), py::arg(other), py::call_guard<py::gil_scoped_release>());
}

// name(input, <first>, <second>, *, beta=1, alpha=1, out=None) and the method.
void def_add_product(py::module_& m, py::object& cls, const char* name, const char* first, const char* second,
                     AddFn fn) {
  auto call = [fn, name](const Tensor& input, const Tensor& a, const Tensor& b, py::handle beta, py::handle alpha,
                         const Tensor& out) {
    const Scalar be = to_scalar(beta, name), al = to_scalar(alpha, name);
    py::gil_scoped_release release;
    return fn(input, a, b, be, al, out);
  };
  m.def(
      name,
      [call](const Tensor& input, const Tensor& a, const Tensor& b, py::handle beta, py::handle alpha,
             const std::optional<Tensor>& out) { return call(input, a, b, beta, alpha, out_arg(out)); },
      py::arg("input"), py::arg(first), py::arg(second), py::kw_only(), py::arg("beta") = 1, py::arg("alpha") = 1,
      py::arg("out") = py::none());
  cls.attr(name) = py::cpp_function([call](const Tensor& input, const Tensor& a, const Tensor& b, py::handle beta,
                                           py::handle alpha) { return call(input, a, b, beta, alpha, Tensor()); },
                                    py::is_method(cls), py::name(name), py::arg(first), py::arg(second), py::kw_only(),
                                    py::arg("beta") = 1, py::arg("alpha") = 1);
  // input.name_(...): the product is computed first, then written back into input.
  const std::string inplace = std::string(name) + "_";
  cls.attr(inplace.c_str()) =
      py::cpp_function([call](const Tensor& input, const Tensor& a, const Tensor& b, py::handle beta,
                              py::handle alpha) { return call(input, a, b, beta, alpha, input); },
                       py::is_method(cls), py::name(inplace.c_str()), py::arg(first), py::arg(second), py::kw_only(),
                       py::arg("beta") = 1, py::arg("alpha") = 1);
}

}  // namespace

void bind_linalg(py::module_& m) {
  py::object cls = m.attr("Tensor");
  def_product(m, cls, "matmul", "other", &matmul);
  cls.attr("__matmul__") = cls.attr("matmul");
  cls.attr("__rmatmul__") =
      py::cpp_function([](const Tensor& self, const Tensor& other) { return matmul(other, self); }, py::is_method(cls),
                       py::name("__rmatmul__"), py::call_guard<py::gil_scoped_release>());
  def_product(m, cls, "mm", "mat2", &mm);
  def_product(m, cls, "bmm", "mat2", &bmm);
  def_product(m, cls, "mv", "vec", &mv);
  def_product(m, cls, "dot", "tensor", &dot);
  def_product(m, cls, "vdot", "other", &vdot);
  def_product(m, cls, "outer", "vec2", &outer);
  def_product(m, cls, "ger", "vec2", &outer);  // PyTorch's older name
  def_add_product(m, cls, "addmm", "mat1", "mat2", &addmm);
  def_add_product(m, cls, "addmv", "mat", "vec", &addmv);
  def_add_product(m, cls, "addbmm", "batch1", "batch2", &addbmm);
  def_add_product(m, cls, "baddbmm", "batch1", "batch2", &baddbmm);
  def_add_product(m, cls, "addr", "vec1", "vec2", &addr);
  m.def("conj_physical", &conj_physical, py::arg("input"), py::call_guard<py::gil_scoped_release>(),
        "The complex conjugate as a new tensor (the input itself when not complex).");
  cls.attr("conj_physical") = py::cpp_function(&conj_physical, py::is_method(cls), py::name("conj_physical"),
                                               py::call_guard<py::gil_scoped_release>());

  // LAPACK primitives behind ember.linalg (packages/core/src/ember/linalg.py),
  // which adds PyTorch's signatures, error raising and the composites.
  py::module_ lm = m.def_submodule("_linalg", "LAPACK primitives behind ember.linalg.");
  lm.def("lu_factor_ex", [](const Tensor& a) {
    auto r = nogil([&] { return lu_factor_ex(a); });
    return py::make_tuple(r.LU, r.pivots, r.info);
  });
  lm.def("cholesky_ex", [](const Tensor& a, bool upper) {
    auto r = nogil([&] { return cholesky_ex(a, upper); });
    return py::make_tuple(r.first, r.second);
  });
  lm.def("lu_solve", &lu_solve, py::call_guard<py::gil_scoped_release>());
  lm.def("solve_ex", [](const Tensor& a, const Tensor& b) {
    auto r = nogil([&] { return solve_ex(a, b); });
    return py::make_tuple(r.first, r.second);
  });
  lm.def("solve_triangular", &solve_triangular, py::call_guard<py::gil_scoped_release>());
  lm.def("geqrf", [](const Tensor& a) {
    auto r = nogil([&] { return geqrf(a); });
    return py::make_tuple(r.first, r.second);
  });
  lm.def("householder_product", &householder_product, py::call_guard<py::gil_scoped_release>());
  lm.def("eigh_ex", [](const Tensor& a, bool upper, bool vectors) {
    auto r = nogil([&] { return eigh_ex(a, upper, vectors); });
    return py::make_tuple(r.eigenvalues, r.eigenvectors.defined() ? py::cast(r.eigenvectors) : py::none(), r.info);
  });
  lm.def("svd_ex", [](const Tensor& a, bool full_matrices, bool compute_uv) -> py::tuple {
    auto r = nogil([&] { return svd_ex(a, full_matrices, compute_uv); });
    if (!compute_uv) return py::make_tuple(py::none(), r.S, py::none(), r.info);
    return py::make_tuple(r.U, r.S, r.Vh, r.info);
  });
  lm.def("eig_ex", [](const Tensor& a, bool vectors) {
    auto r = nogil([&] { return eig_ex(a, vectors); });
    return py::make_tuple(r.eigenvalues, r.eigenvectors.defined() ? py::cast(r.eigenvectors) : py::none(), r.info);
  });
  lm.def("lstsq_ex", [](const Tensor& a, const Tensor& b, double rcond) {
    auto r = nogil([&] { return lstsq_ex(a, b, rcond); });
    return py::make_tuple(r.solution, r.rank, r.singular_values, r.info);
  });

  m.def("set_num_threads", &set_num_threads, py::arg("num"), "Sets the number of threads used by CPU ops.");
  m.def("get_num_threads", &get_num_threads, "The number of threads used by CPU ops.");
}

}  // namespace ember::python
