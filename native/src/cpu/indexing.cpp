#include "indexing.h"

#include <complex>
#include <cstring>
#include <type_traits>

#include "../core/elementwise_loop.h"
#include "cast.h"
#include "ember/error.h"

namespace ember::cpu {
namespace {

[[noreturn]] void out_of_bounds(int64_t value, const IndexedDim& where, const char* op) {
  EMBER_FAIL(Index, op, ": index ", value, " is out of bounds for dimension ", where.dim, " with size ", where.size);
}

// The index wrapped into [0, size), or an IndexError.
template <class I>
inline int64_t checked(I raw, const IndexedDim& where, const char* op) {
  int64_t v = raw;
  if (where.size < 0) return v;
  if (v < 0) v += where.size;
  if (static_cast<uint64_t>(v) >= static_cast<uint64_t>(where.size)) [[unlikely]]
    out_of_bounds(raw, where, op);
  return v;
}

template <class F>
void visit_index(DType t, F&& f) {
  if (t == DType::Int32) return f(Tag<int32_t>{});
  EMBER_CHECK(t == DType::Int64, Runtime, "indexing kernel: index dtype ", name(t));
  f(Tag<int64_t>{});
}

// Gathers only move bytes: dispatch on the element size.
struct Bytes16 {
  uint64_t lo, hi;
};
template <class F>
void visit_width(int64_t width, F&& f) {
  switch (width) {
    case 1: return f(Tag<uint8_t>{});
    case 2: return f(Tag<uint16_t>{});
    case 4: return f(Tag<uint32_t>{});
    case 8: return f(Tag<uint64_t>{});
    default: return f(Tag<Bytes16>{});
  }
}

template <class T>
inline void combine(T& dst, const T& src, ScatterOp op) {
  if (op == ScatterOp::Assign) {
    dst = src;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (op == ScatterOp::Add || op == ScatterOp::Max)
      dst = dst || src;
    else
      dst = dst && src;  // Mul, Min
  } else if constexpr (std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>) {
    float d = dst, s = src;
    combine(d, s, op);
    dst = T(d);
  } else {
    switch (op) {
      case ScatterOp::Assign: dst = src; break;
      case ScatterOp::Add: dst = dst + src; break;
      case ScatterOp::Mul: dst = dst * src; break;
      case ScatterOp::Max:
        if constexpr (!is_complex_t<T>::value) {
          if (src > dst || src != src) dst = src;  // NaN propagates
        }
        break;
      case ScatterOp::Min:
        if constexpr (!is_complex_t<T>::value) {
          if (src < dst || src != src) dst = src;
        }
        break;
    }
  }
}

}  // namespace

void index_gather(IntArrayRef shape, const Tensor& out, const Tensor& src, const Tensor& index,
                  std::span<const DimVector> strides, IndexedDim where, const char* op) {
  const std::array<Tensor, 3> operands{out, src, index};
  ElementwiseLoop loop(shape, operands, strides);
  const int64_t item = itemsize(src.dtype());
  const int64_t step = where.stride * item;
  visit_width(item, [&](auto width_tag) {
    using T = typename decltype(width_tag)::type;
    visit_index(index.dtype(), [&](auto index_tag) {
      using I = typename decltype(index_tag)::type;
      loop.run([&](char** p, const int64_t* s, int64_t n) {
        char* o = p[0];
        const char* base = p[1];
        const char* ix = p[2];
        if (s[0] == sizeof(T) && s[1] == 0 && s[2] == sizeof(I)) {  // x[idx]: one row of indices
          T* op_out = reinterpret_cast<T*>(o);
          const I* ip = reinterpret_cast<const I*>(ix);
          const uint64_t size = where.size;  // locals: the stores below can't make them reload
          const int64_t local_step = step;
          for (int64_t i = 0; i < n; ++i) {
            int64_t v = ip[i];
            v += v < 0 ? static_cast<int64_t>(size) : 0;
            if (static_cast<uint64_t>(v) >= size) [[unlikely]]
              checked(ip[i], where, op);  // raises
            std::memcpy(op_out + i, base + v * local_step, sizeof(T));
          }
          return;
        }
        if (s[2] == 0) {  // x[rows]: one index for a whole run of the rest, read once
          const char* from = base + checked(*reinterpret_cast<const I*>(ix), where, op) * step;
          if (s[0] == sizeof(T) && s[1] == sizeof(T)) {
            std::memcpy(o, from, n * sizeof(T));
          } else {
            for (int64_t i = 0; i < n; ++i) std::memcpy(o + i * s[0], from + i * s[1], sizeof(T));
          }
          return;
        }
        for (int64_t i = 0; i < n; ++i) {
          const int64_t v = checked(*reinterpret_cast<const I*>(ix + i * s[2]), where, op);
          std::memcpy(o + i * s[0], base + i * s[1] + v * step, sizeof(T));
        }
      });
    });
  });
}

void index_scatter(IntArrayRef shape, const Tensor& dst, const Tensor& src, const Tensor& index,
                   std::span<const DimVector> strides, IndexedDim where, ScatterOp op, const char* op_name) {
  if (where.size >= 0) {  // every index checked before the first write: a failed op leaves dst as it was
    const std::array<Tensor, 1> checked_operand{index};
    ElementwiseLoop check(shape, checked_operand, strides.subspan(2, 1));
    visit_index(index.dtype(), [&](auto index_tag) {
      using I = typename decltype(index_tag)::type;
      check.run([&](char** p, const int64_t* s, int64_t n) {
        for (int64_t i = 0; i < n; ++i) checked(*reinterpret_cast<const I*>(p[0] + i * s[0]), where, op_name);
      });
    });
  }
  const std::array<Tensor, 3> operands{dst, src, index};
  ElementwiseLoop loop(shape, operands, strides);
  const int64_t step = where.stride * itemsize(dst.dtype());
  visit_dtype(dst.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    visit_index(index.dtype(), [&](auto index_tag) {
      using I = typename decltype(index_tag)::type;
      auto inner = [&](char** p, const int64_t* s, int64_t n) {
        for (int64_t i = 0; i < n; ++i) {
          const int64_t v = checked(*reinterpret_cast<const I*>(p[2] + i * s[2]), where, op_name);
          T& d = *reinterpret_cast<T*>(p[0] + i * s[0] + v * step);
          combine(d, *reinterpret_cast<const T*>(p[1] + i * s[1]), op);
        }
      };
      if (op == ScatterOp::Assign)
        loop.run(inner);
      else
        loop.run_serial(inner);
    });
  });
}

void combine_indices(const Tensor& offsets, std::span<const Tensor> indices, std::span<const DimVector> strides,
                     std::span<const IndexedDim> dims, const char* op) {
  int64_t* out = offsets.data<int64_t>();
  const int64_t n = offsets.numel();
  std::memset(out, 0, n * sizeof(int64_t));
  const DimVector out_strides = contiguous_strides(offsets.sizes());
  for (size_t k = 0; k < indices.size(); ++k) {
    const std::array<Tensor, 2> operands{offsets, indices[k]};
    const std::array<DimVector, 2> st{out_strides, strides[k]};
    ElementwiseLoop loop(offsets.sizes(), operands, st);
    const IndexedDim where = dims[k];
    visit_index(indices[k].dtype(), [&](auto index_tag) {
      using I = typename decltype(index_tag)::type;
      loop.run([&](char** p, const int64_t* s, int64_t m) {
        for (int64_t i = 0; i < m; ++i)
          *reinterpret_cast<int64_t*>(p[0] + i * s[0]) +=
              checked(*reinterpret_cast<const I*>(p[1] + i * s[1]), where, op) * where.stride;
      });
    });
  }
}

namespace {
template <class F>
void for_each_element(const Tensor& self, F&& f) {  // f(const T&, flat position), in row-major order
  const std::array<Tensor, 1> operands{self};
  const std::array<DimVector, 1> st{DimVector(self.strides())};
  // Serial: positions must come out in order.
  ElementwiseLoop loop(self.sizes(), operands, st);
  int64_t pos = 0;
  visit_dtype(self.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    loop.run_serial([&](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i, ++pos) f(*reinterpret_cast<const T*>(p[0] + i * s[0]), pos);
    });
  });
}
}  // namespace

int64_t count_nonzero(const Tensor& self) {
  int64_t count = 0;
  for_each_element(self, [&](const auto& v, int64_t) {
    using T = std::decay_t<decltype(v)>;
    count += cast_value<bool>(v) ? 1 : 0;
    (void)sizeof(T);
  });
  return count;
}

void nonzero(const Tensor& out, const Tensor& self) {
  int64_t* o = out.data<int64_t>();
  const int64_t ndim = self.dim();
  const IntArrayRef sizes = self.sizes();
  for_each_element(self, [&](const auto& v, int64_t pos) {
    if (!cast_value<bool>(v)) return;
    for (int64_t d = ndim - 1; d >= 0; --d) {
      o[d] = pos % sizes[d];
      pos /= sizes[d];
    }
    o += ndim;
  });
}

}  // namespace ember::cpu
