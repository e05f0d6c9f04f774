// The op registry: one entry per op the core provides, by name. The op
// database (tests/core/op_db.py) and autograd's derivative table key on these
// names; tests/core/test_op_registry.py fails when they disagree. Entries and
// how to add one: native/src/ops/registry.cpp.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ember {

enum class OpKind : uint8_t {
  Unary,       // elementwise, one tensor in
  Binary,      // elementwise, two operands (tensors or numbers), promoted
  Comparison,  // binary with a bool result
  Predicate,   // unary with a bool result
  Ternary,     // elementwise, three operands (where, lerp, addcmul, ...)
  Reduction,   // many elements in, fewer out (allclose, equal, sum, ...)
  Creation,    // a new tensor from sizes and values, no tensor in
  View,        // shares its input's storage
  Copy,        // copies or converts its input
  Linalg,      // matrix products and decompositions
  Indexing,    // reads or writes elements picked by index tensors or masks
  Shape,       // joins, splits, flips or repeats tensors into new memory
  Sorting,     // sort, top-k and search by value
  Random,      // draws from a generator
  NeuralNet,   // convolution, pooling, normalisation and their backward ops (nn_ops.h)
};

struct OpSchema {
  std::string_view name;  // the Python name (PyTorch's) where there is one
  OpKind kind;
  bool differentiable;  // autograd needs a derivative for it (PyTorch has one)
};

// Every op, in a fixed order, names unique.
std::span<const OpSchema> op_registry();
// "unary", "binary", "comparison", ...: the kind as Python sees it.
const char* kind_name(OpKind kind);

}  // namespace ember
