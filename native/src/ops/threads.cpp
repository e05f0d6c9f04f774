#include <cblas.h>

#include "ember/ops.h"

namespace ember {

void set_num_threads(int n) {
  EMBER_CHECK(n > 0, Value, "set_num_threads: expected a positive number of threads, got ", n);
  scipy_openblas_set_num_threads(n);
}

int get_num_threads() { return scipy_openblas_get_num_threads(); }

}  // namespace ember
