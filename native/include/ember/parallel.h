// The intra-op thread pool. parallel_for splits [begin, end) into at most
// one chunk per thread, never smaller than `grain`, so small work stays on
// the calling thread (waking a team costs more than it saves below ~1e5
// elements). Nested calls run serially. Safe across fork: a child process
// starts a fresh pool on first use.
#pragma once

#include <cstdint>
#include <functional>

namespace ember {

void parallel_for(int64_t begin, int64_t end, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

int intra_op_threads();
void set_intra_op_threads(int n);

}  // namespace ember
