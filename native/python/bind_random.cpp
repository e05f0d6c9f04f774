// ember.Generator and the random ops' entry points (_C._rand, ...); argument
// forms (sizes as varargs, random_'s overloads) are sorted out in ember/_random.py.
#include "casters.h"
#include "ember/generator.h"
#include "ember/ops.h"

namespace ember::python {
namespace {

// None -> the default generator (null); anything but an ember.Generator is a TypeError naming op.
GeneratorImpl* to_generator(py::handle h, const std::string& op) {
  if (h.is_none()) return nullptr;
  EMBER_CHECK(py::isinstance<GeneratorImpl>(h), Type, op, "(): argument 'generator' must be ember.Generator, not ",
              Py_TYPE(h.ptr())->tp_name);
  return h.cast<GeneratorImpl*>();
}

// A seed as PyTorch takes it: any int in [-2^63, 2^64), negatives wrapping mod 2^64.
uint64_t to_seed(py::handle h) {
  EMBER_CHECK(PyLong_Check(h.ptr()) && !PyBool_Check(h.ptr()), Type, "manual_seed: expected an int seed, got ",
              Py_TYPE(h.ptr())->tp_name);
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(h.ptr(), &overflow);
  if (!overflow) return static_cast<uint64_t>(v);
  const unsigned long long u = PyLong_AsUnsignedLongLong(h.ptr());
  if (PyErr_Occurred()) {
    PyErr_Clear();
    EMBER_FAIL(Runtime, "manual_seed: seed ", std::string(py::str(h)), " is out of range [-2^63, 2^64)");
  }
  return u;
}

Operand to_operand(py::handle h, const char* op) {
  if (py::isinstance<TensorImpl>(h)) return Operand(h.cast<Tensor>());
  return Operand(to_scalar(h, op));
}

DimVector sizes_of(const std::vector<int64_t>& v) { return DimVector(IntArrayRef(v.data(), v.size())); }

Tensor out_or_none(py::handle h) { return h.is_none() ? Tensor() : h.cast<Tensor>(); }

}  // namespace

void bind_random(py::module_& m) {
  using Gen = GeneratorImpl;
  py::class_<Gen, intrusive_ptr<Gen>>(m, "Generator", "A random number generator: Philox4x32-10 at (seed, offset).")
      .def(py::init([](py::handle device) {
             const Device d = to_device(device, "Generator");
             EMBER_CHECK(d.is_cpu(), NotImplemented, "Generator: no generator for device '", d.str(),
                         "' in this build of ember");
             return make_intrusive<Gen>(d);
           }),
           py::arg("device") = "cpu")
      .def_property_readonly("device", &Gen::device)
      .def(
          "manual_seed",
          [](Gen& g, py::handle seed) {
            g.manual_seed(to_seed(seed));
            return &g;
          },
          py::arg("seed"), py::return_value_policy::reference, "Sets the seed and rewinds the stream; returns self.")
      .def("seed", &Gen::seed, "Seeds from the OS's entropy and returns the seed.")
      .def("initial_seed", &Gen::initial_seed)
      .def("get_state", &Gen::get_state, "The state (seed, offset) as a uint8 tensor.")
      .def(
          "set_state",
          [](Gen& g, py::handle state) {
            EMBER_CHECK(py::isinstance<TensorImpl>(state), Type, "set_state: RNG state must be a uint8 tensor, got ",
                        Py_TYPE(state.ptr())->tp_name);
            g.set_state(state.cast<Tensor>());
            return &g;
          },
          py::arg("new_state"), py::return_value_policy::reference);
  m.attr("default_generator") = py::cast(intrusive_ptr<Gen>(&default_generator()));

  auto gen_arg = py::arg("generator") = py::none();
  using std::string;
  m.def(
      "_uniform_",
      [](const Tensor& self, double from, double to, py::handle gen, const string& op) {
        GeneratorImpl* g = to_generator(gen, op);
        py::gil_scoped_release nogil;
        uniform_(self, from, to, g, op.c_str());
        return self;
      },
      py::arg("self"), py::arg("from"), py::arg("to"), gen_arg, py::arg("op") = "uniform_");
  m.def(
      "_normal_",
      [](const Tensor& self, double mean, double std, py::handle gen, const string& op) {
        GeneratorImpl* g = to_generator(gen, op);
        py::gil_scoped_release nogil;
        normal_(self, mean, std, g, op.c_str());
        return self;
      },
      py::arg("self"), py::arg("mean"), py::arg("std"), gen_arg, py::arg("op") = "normal_");
  // Two-parameter fills: (self, a, b, generator).
  using Fill2 = void (*)(const Tensor&, double, double, GeneratorImpl*);
  for (auto [name, fn] : {std::pair<const char*, Fill2>{"log_normal_", &log_normal_}, {"cauchy_", &cauchy_}}) {
    const string op = name;
    m.def(("_" + op).c_str(),
          [fn, op](const Tensor& self, double a, double b, py::handle gen) {
            GeneratorImpl* g = to_generator(gen, op);
            py::gil_scoped_release nogil;
            fn(self, a, b, g);
            return self;
          },
          py::arg("self"), py::arg("a"), py::arg("b"), gen_arg);
  }
  using Fill1 = void (*)(const Tensor&, double, GeneratorImpl*);
  for (auto [name, fn] : {std::pair<const char*, Fill1>{"exponential_", &exponential_}, {"geometric_", &geometric_}}) {
    const string op = name;
    m.def(("_" + op).c_str(),
          [fn, op](const Tensor& self, double a, py::handle gen) {
            GeneratorImpl* g = to_generator(gen, op);
            py::gil_scoped_release nogil;
            fn(self, a, g);
            return self;
          },
          py::arg("self"), py::arg("a"), gen_arg);
  }
  m.def(
      "_bernoulli_",
      [](const Tensor& self, py::handle p, py::handle gen) {
        GeneratorImpl* g = to_generator(gen, "bernoulli_");
        if (py::isinstance<TensorImpl>(p)) {
          const Tensor pt = p.cast<Tensor>();
          py::gil_scoped_release nogil;
          bernoulli_(self, pt, g);
        } else {
          const double pv = to_scalar(p, "bernoulli_").to_double();
          py::gil_scoped_release nogil;
          bernoulli_(self, pv, g);
        }
        return self;
      },
      py::arg("self"), py::arg("p"), gen_arg);
  m.def(
      "_random_",
      [](const Tensor& self, int64_t from, std::optional<int64_t> to, py::handle gen, const string& op) {
        GeneratorImpl* g = to_generator(gen, op);
        py::gil_scoped_release nogil;
        random_(self, from, to, g, op.c_str());
        return self;
      },
      py::arg("self"), py::arg("from"), py::arg("to"), gen_arg, py::arg("op") = "random_");
  using Make = Tensor (*)(IntArrayRef, DType, GeneratorImpl*, const Tensor&);
  for (auto [name, fn] : {std::pair<const char*, Make>{"rand", &rand}, {"randn", &randn}}) {
    const string op = name;
    m.def(("_" + op).c_str(),
          [fn, op](const std::vector<int64_t>& size, DType dtype, py::handle gen, py::handle out) {
            GeneratorImpl* g = to_generator(gen, op);
            const Tensor o = out_or_none(out);
            py::gil_scoped_release nogil;
            return fn(sizes_of(size), dtype, g, o);
          },
          py::arg("size"), py::arg("dtype"), gen_arg, py::arg("out") = py::none());
  }
  m.def(
      "_randint",
      [](int64_t low, int64_t high, const std::vector<int64_t>& size, DType dtype, py::handle gen, py::handle out) {
        GeneratorImpl* g = to_generator(gen, "randint");
        const Tensor o = out_or_none(out);
        py::gil_scoped_release nogil;
        return randint(low, high, sizes_of(size), dtype, g, o);
      },
      py::arg("low"), py::arg("high"), py::arg("size"), py::arg("dtype"), gen_arg, py::arg("out") = py::none());
  m.def(
      "_randperm",
      [](int64_t n, DType dtype, py::handle gen, py::handle out) {
        GeneratorImpl* g = to_generator(gen, "randperm");
        const Tensor o = out_or_none(out);
        py::gil_scoped_release nogil;
        return randperm(n, dtype, g, o);
      },
      py::arg("n"), py::arg("dtype"), gen_arg, py::arg("out") = py::none());
  m.def(
      "_normal",
      [](py::handle mean, py::handle std, py::handle gen, py::handle out) {
        GeneratorImpl* g = to_generator(gen, "normal");
        const Operand a = to_operand(mean, "normal"), b = to_operand(std, "normal");
        const Tensor o = out_or_none(out);
        py::gil_scoped_release nogil;
        return normal(a, b, g, o);
      },
      py::arg("mean"), py::arg("std"), gen_arg, py::arg("out") = py::none());
  m.def(
      "_bernoulli",
      [](const Tensor& input, std::optional<double> p, py::handle gen) {
        GeneratorImpl* g = to_generator(gen, "bernoulli");
        py::gil_scoped_release nogil;
        return bernoulli(input, p, g);
      },
      py::arg("input"), py::arg("p") = py::none(), gen_arg);
  m.def(
      "_multinomial",
      [](const Tensor& input, int64_t num_samples, bool replacement, py::handle gen, py::handle out) {
        GeneratorImpl* g = to_generator(gen, "multinomial");
        const Tensor o = out_or_none(out);
        py::gil_scoped_release nogil;
        return multinomial(input, num_samples, replacement, g, o);
      },
      py::arg("input"), py::arg("num_samples"), py::arg("replacement") = false, gen_arg, py::arg("out") = py::none());
  m.def(
      "_poisson",
      [](const Tensor& input, py::handle gen) {
        GeneratorImpl* g = to_generator(gen, "poisson");
        py::gil_scoped_release nogil;
        return poisson(input, g);
      },
      py::arg("input"), gen_arg);
}

}  // namespace ember::python
