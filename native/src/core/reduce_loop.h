// Reductions on the elementwise iterator: one ElementwiseLoop walks the
// outputs (the input's kept dims, with each output's position in the input),
// a second walks the reduced dims from that position. Both merge dims as the
// elementwise path does; neither reorders them, so a reduced element's linear
// index (for argmax) is its logical one.
//
// Results are the same bit for bit at any thread count: each output is
// reduced by one thread in a fixed order, and when there are too few outputs
// to share out, the reduced range is cut into fixed blocks of kReduceBlock
// (independent of the thread count) whose partials are combined in order.
//
// A kernel K provides:
//   using Acc;                        the running state
//   Acc init() const;
//   void fold(Acc&, const char* p, int64_t stride, int64_t n, int64_t index) const;
//        folds n inputs at p (byte stride), the first at reduced index `index`
//   void combine(Acc& a, const Acc& b) const;   b's elements follow a's
//   void write(char* const* outs, const Acc&) const;
//   static constexpr bool kColumns;   and, when true:
//   void fold_columns(Acc* acc, const char* row, int64_t n, int64_t index) const;
//        acc[j] takes the contiguous row[j] (one reduced index for all j)
#pragma once

#include <memory>
#include <vector>

#include "elementwise_loop.h"

namespace ember {

// Reduced elements per partial when outputs are too few to share out.
constexpr int64_t kReduceBlock = 16384;

class ReduceLoop {
 public:
  static constexpr int kMaxOutputs = 2;

  // outs: the results viewed at input's rank, size 1 on the reduced dims
  // (keepdim form); reduced[d] says whether dim d is reduced.
  ReduceLoop(const Tensor& input, std::span<const Tensor> outs, const std::vector<bool>& reduced);

  int64_t num_outputs() const { return outer_.numel(); }
  int64_t reduced_numel() const { return inner_.numel(); }

  template <class K>
  void run(const K& k) {
    const int64_t n_out = outer_.numel(), n_red = inner_.numel();
    if (n_out == 0) return;
    outer_.require_host();
    const int no = n_outs_;
    if (n_red > kReduceBlock && n_out < 16) {
      // Few outputs: each one's reduced range in fixed blocks, across threads.
      auto one = [&](char** d, const int64_t* s, int64_t n) {
        for (int64_t i = 0; i < n; ++i) {
          char* in = d[0] + i * s[0];
          const int64_t blocks = (n_red + kReduceBlock - 1) / kReduceBlock;
          auto partial = std::make_unique<typename K::Acc[]>(blocks);  // not vector<bool>: bool& must bind
          for (int64_t b = 0; b < blocks; ++b) partial[b] = k.init();
          parallel_for(0, blocks, 1, [&](int64_t b0, int64_t b1) {
            for (int64_t b = b0; b < b1; ++b)
              fold_range(k, partial[b], in, b * kReduceBlock, std::min(n_red, (b + 1) * kReduceBlock));
          });
          for (int64_t b = 1; b < blocks; ++b) k.combine(partial[0], partial[b]);
          write(k, d, s, i, no, partial[0]);
        }
      };
      outer_.run_range_at(bases_, 0, n_out, one);
      return;
    }
    const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n_red, 1));
    if constexpr (K::kColumns) {
      if (columns_) {
        // Outputs whose inputs lie side by side: reduce a row of them at a time.
        constexpr int64_t kChunk = 256;
        outer_.run(
            [&](char** d, const int64_t* s, int64_t n) {
              typename K::Acc acc[kChunk];
              for (int64_t c = 0; c < n; c += kChunk) {
                const int64_t m = std::min(kChunk, n - c);
                for (int64_t j = 0; j < m; ++j) acc[j] = k.init();
                char* base = d[0] + c * s[0];
                int64_t index = 0;
                auto rows = [&](char** r, const int64_t* rs, int64_t nr) {
                  for (int64_t q = 0; q < nr; ++q) k.fold_columns(acc, r[0] + q * rs[0], m, index + q);
                  index += nr;
                };
                if (n_red > 0) inner_.run_range_at(&base, 0, n_red, rows);
                for (int64_t j = 0; j < m; ++j) write(k, d, s, c + j, no, acc[j]);
              }
            },
            grain);
        return;
      }
    }
    outer_.run(
        [&](char** d, const int64_t* s, int64_t n) {
          for (int64_t i = 0; i < n; ++i) {
            typename K::Acc acc = k.init();
            fold_range(k, acc, d[0] + i * s[0], 0, n_red);
            write(k, d, s, i, no, acc);
          }
        },
        grain);
  }

 private:
  template <class K>
  void fold_range(const K& k, typename K::Acc& acc, char* in, int64_t begin, int64_t end) const {
    if (begin >= end) return;  // an empty reduced dim: the loop can't place index 0 in it
    // One run: no walk to set up, a per-output cost that dominated short rows.
    if (inner_.shape().size() == 1) {
      const int64_t stride = inner_.strides(0)[0];
      k.fold(acc, in + begin * stride, stride, end - begin, begin);
      return;
    }
    int64_t index = begin;
    auto runs = [&](char** r, const int64_t* rs, int64_t n) {
      k.fold(acc, r[0], rs[0], n, index);
      index += n;
    };
    inner_.run_range_at(&in, begin, end, runs);
  }

  template <class K>
  static void write(const K& k, char** d, const int64_t* s, int64_t i, int no, const typename K::Acc& acc) {
    char* outs[kMaxOutputs];
    for (int o = 0; o < no; ++o) outs[o] = d[1 + o] + i * s[1 + o];
    k.write(outs, acc);
  }

  int n_outs_;
  bool columns_ = false;   // the innermost kept dim is contiguous in the input and no reduced dim is
  ElementwiseLoop outer_;  // operands: input, outputs
  ElementwiseLoop inner_;  // operand: input
  char* bases_[ElementwiseLoop::kMaxOperands];
};

}  // namespace ember
