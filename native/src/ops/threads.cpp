#include <cblas.h>

#include "ember/ops.h"
#include "ember/parallel.h"

namespace ember {

void set_num_threads(int n) {
  EMBER_CHECK(n > 0, Value, "set_num_threads: expected a positive number of threads, got ", n);
  scipy_openblas_set_num_threads(n);
  set_intra_op_threads(n);
}

int get_num_threads() { return intra_op_threads(); }

}  // namespace ember
