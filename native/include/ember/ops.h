// Op front ends: each validates its arguments, works out the result's dtype
// and shape, allocates it and calls a kernel. Kernels never see bad input.
#pragma once

#include <cstdint>
#include <optional>

#include "ember/scalar.h"
#include "ember/tensor.h"

namespace ember {

// Creation
Tensor full(IntArrayRef sizes, const Scalar& value, DType dtype, Device device = {});
Tensor zeros(IntArrayRef sizes, DType dtype, Device device = {});
Tensor ones(IntArrayRef sizes, DType dtype, Device device = {});
Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step, DType dtype, Device device = {});

// Copies and conversions
void copy_(const Tensor& dst, const Tensor& src);  // dst's shape must equal src's; casts
Tensor clone(const Tensor& self);                  // a contiguous copy
Tensor contiguous(const Tensor& self);             // self when already contiguous
Tensor to_dtype(const Tensor& self, DType dtype, bool copy = false);

// Views (share self's storage)
Tensor as_strided(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, std::optional<int64_t> offset);
Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length);
Tensor slice(const Tensor& self, int64_t dim, int64_t start, int64_t stop, int64_t step);
Tensor select(const Tensor& self, int64_t dim, int64_t index);
Tensor unsqueeze(const Tensor& self, int64_t dim);
Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1);

// Elementwise ops. An operand is a tensor or a Python number; numbers take
// part in type promotion weakly (see promotion.h). `out`, when defined, gets
// the result (it may be an input: that is the in-place form).
struct Operand {
  Operand(Tensor t) : tensor(std::move(t)) {}  // NOLINT: implicit by design
  Operand(Scalar s) : number(s) {}             // NOLINT
  Tensor tensor;                               // undefined for a number
  Scalar number;
  bool is_number() const { return !tensor.defined(); }
};

Tensor add(const Operand& a, const Operand& b, const Scalar& alpha = Scalar(int64_t{1}), const Tensor& out = {});
Tensor sub(const Operand& a, const Operand& b, const Scalar& alpha = Scalar(int64_t{1}), const Tensor& out = {});
Tensor mul(const Operand& a, const Operand& b, const Tensor& out = {});
Tensor div(const Operand& a, const Operand& b, const Tensor& out = {});
Tensor maximum(const Tensor& a, const Tensor& b, const Tensor& out = {});
Tensor minimum(const Tensor& a, const Tensor& b, const Tensor& out = {});

enum class Comparison : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };
Tensor compare(Comparison op, const Operand& a, const Operand& b, const Tensor& out = {});

// Unary math. The float-valued ones (exp, log, ...) compute integer and bool
// inputs in the default dtype, as PyTorch does.
enum class UnaryMath : uint8_t { Neg, Abs, Exp, Log, Sqrt, Sin, Cos, Tanh, Sigmoid, Relu };
Tensor unary(UnaryMath op, const Tensor& a, const Tensor& out = {});

// The dtype an elementwise op on these operands computes in.
DType result_type(const Operand& a, const Operand& b);

// Linear algebra
Tensor matmul(const Tensor& a, const Tensor& b);

// Intra-op threads (also the BLAS's thread count).
void set_num_threads(int n);
int get_num_threads();

// Wraps a possibly negative dim into [0, ndim); raises IndexError naming op.
int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op);

}  // namespace ember
