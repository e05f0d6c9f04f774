// Reordering elements: flip, fliplr/flipud, roll, rot90. Each is one copy from
// a view (flip reads through negative strides; roll copies its pieces).
#include <algorithm>
#include <vector>

#include "shape_util.h"

namespace ember {
namespace {

DimVector unique_dims(IntArrayRef dims, int64_t ndim, const char* op) {
  DimVector out;
  for (int64_t d : dims) {
    d = wrap_dim(d, ndim, op);
    EMBER_CHECK(std::find(out.begin(), out.end(), d) == out.end(), Runtime, op, ": dim ", d,
                " appears multiple times in the list of dims ", shape_str(dims));
    out.push_back(d);
  }
  return out;
}

}  // namespace

Tensor flip(const Tensor& self, IntArrayRef dims) {
  const DimVector wrapped = unique_dims(dims, self.dim(), "flip");
  Tensor source = self;
  if (self.dim() > 0)
    for (int64_t d : wrapped) source = shape::reversed(source, d);
  Tensor out = empty_like(self, self.dtype());
  copy_(out, source);
  return out;
}

Tensor fliplr(const Tensor& self) {
  EMBER_CHECK(self.dim() >= 2, Runtime, "fliplr: Input must be >= 2-d, got a tensor of size ", shape_str(self.sizes()));
  return flip(self, DimVector{1});
}

Tensor flipud(const Tensor& self) {
  EMBER_CHECK(self.dim() >= 1, Runtime, "flipud: Input must be >= 1-d, got a tensor of size ", shape_str(self.sizes()));
  return flip(self, DimVector{0});
}

Tensor roll(const Tensor& self, IntArrayRef shifts, IntArrayRef dims) {
  EMBER_CHECK(!shifts.empty(), Runtime, "roll: `shifts` required");
  if (dims.empty()) {
    EMBER_CHECK(shifts.size() == 1, Runtime, "roll: shifts and dimensions must align. shifts: ", shifts.size(),
                ", dims:0");
    return view(roll(flatten(self), shifts, DimVector{0}), self.sizes());
  }
  EMBER_CHECK(shifts.size() == dims.size(), Runtime, "roll: shifts and dimensions must align. shifts: ", shifts.size(),
              ", dims:", dims.size());
  EMBER_CHECK(self.dim() > 0, Index, "roll: dimension specified as ", dims[0], " but tensor has no dimensions");
  // A dim named twice rolls by the sum of its shifts.
  DimVector total(self.dim(), 0);
  for (size_t i = 0; i < dims.size(); ++i) {
    const int64_t d = wrap_dim(dims[i], self.dim(), "roll");
    if (self.size(d) > 0) total[d] = (total[d] + shifts[i] % self.size(d)) % self.size(d);
  }
  DimVector rolled;  // dims with a non-zero shift, made positive
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (total[d] < 0) total[d] += self.size(d);
    if (total[d] != 0) rolled.push_back(d);
  }
  Tensor out = empty(self.sizes(), self.dtype(), self.device());  // contiguous, as PyTorch's
  // Each rolled dim splits into two pieces that swap places: copy every
  // combination of pieces once.
  for (int64_t mask = 0; mask < (int64_t{1} << rolled.size()); ++mask) {
    Tensor src = self, dst = out;
    for (int64_t j = 0; j < rolled.size(); ++j) {
      const int64_t d = rolled[j], n = self.size(d), s = total[d];
      if (mask >> j & 1) {
        src = narrow(src, d, n - s, s);
        dst = narrow(dst, d, 0, s);
      } else {
        src = narrow(src, d, 0, n - s);
        dst = narrow(dst, d, s, n - s);
      }
    }
    copy_(dst, src);
  }
  return out;
}

Tensor rot90(const Tensor& self, int64_t k, IntArrayRef dims) {
  EMBER_CHECK(dims.size() == 2, Runtime, "rot90: expected total rotation dims == 2, but got dims = ", dims.size());
  EMBER_CHECK(self.dim() >= 2, Runtime, "rot90: expected total dims >= 2, but got total dims = ", self.dim(), " (size ",
              shape_str(self.sizes()), ")");
  const int64_t d0 = wrap_dim(dims[0], self.dim(), "rot90"), d1 = wrap_dim(dims[1], self.dim(), "rot90");
  EMBER_CHECK(d0 != d1, Runtime, "rot90: expected rotation dims to be different, but got dim0 = ", dims[0],
              " and dim1 = ", dims[1]);
  switch (((k % 4) + 4) % 4) {
    case 1: return transpose(flip(self, DimVector{d1}), d0, d1);
    case 2: return flip(self, DimVector{d0, d1});
    case 3: return transpose(flip(self, DimVector{d0}), d0, d1);
    default: return clone(self);
  }
}

}  // namespace ember
