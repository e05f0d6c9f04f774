#include "ember/parallel.h"

#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "ember/error.h"

namespace ember {
namespace {

thread_local bool t_in_parallel = false;

class ThreadPool {
 public:
  explicit ThreadPool(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this, i] { work(i + 1); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }
  int size() const { return static_cast<int>(threads_.size()) + 1; }

  // Runs task(chunk) for chunk in [0, chunks): the caller takes chunk 0.
  void run(int chunks, const std::function<void(int)>& task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      task_ = &task;
      chunks_ = chunks;
      pending_ = chunks - 1;
      error_ = nullptr;
      ++generation_;
    }
    wake_.notify_all();
    run_chunk(task, 0);
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return pending_ == 0; });
    task_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void run_chunk(const std::function<void(int)>& task, int chunk) {
    t_in_parallel = true;
    try {
      task(chunk);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu_);
      if (!error_) error_ = std::current_exception();
    }
    t_in_parallel = false;
  }

  void work(int index) {
    uint64_t seen = 0;
    while (true) {
      const std::function<void(int)>* task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        if (index >= chunks_) continue;
        task = task_;
      }
      run_chunk(*task, index);
      std::lock_guard<std::mutex> lock(mu_);
      if (--pending_ == 0) done_.notify_one();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  const std::function<void(int)>* task_ = nullptr;
  int chunks_ = 0, pending_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

std::mutex g_pool_mu;  // guards g_pool and g_threads; one parallel region at a time
ThreadPool* g_pool = nullptr;
int g_threads = 0;

int default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

void forget_pool_after_fork() {
  // The child has none of the parent's threads: drop the pool without joining.
  g_pool = nullptr;
  new (&g_pool_mu) std::mutex();
}

[[maybe_unused]] const bool g_atfork_registered = [] {
  pthread_atfork(nullptr, nullptr, &forget_pool_after_fork);
  return true;
}();

}  // namespace

int intra_op_threads() { return g_threads > 0 ? g_threads : default_threads(); }

void set_intra_op_threads(int n) {
  EMBER_CHECK(n > 0, Value, "set_num_threads: expected a positive number of threads, got ", n);
  std::lock_guard<std::mutex> lock(g_pool_mu);
  g_threads = n;
  delete g_pool;
  g_pool = nullptr;
}

void parallel_for(int64_t begin, int64_t end, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  const int64_t n = end - begin;
  if (n <= 0) return;
  const int threads = intra_op_threads();
  const int64_t chunks =
      std::min<int64_t>(threads, (n + std::max<int64_t>(grain, 1) - 1) / std::max<int64_t>(grain, 1));
  if (chunks <= 1 || t_in_parallel) {
    fn(begin, end);
    return;
  }
  std::unique_lock<std::mutex> lock(g_pool_mu, std::try_to_lock);
  if (!lock.owns_lock()) {  // another thread's region is running: don't queue behind it
    fn(begin, end);
    return;
  }
  if (!g_pool) g_pool = new ThreadPool(threads - 1);
  const int64_t step = (n + chunks - 1) / chunks;
  g_pool->run(static_cast<int>(chunks), [&](int c) {
    const int64_t lo = begin + c * step, hi = std::min(end, lo + step);
    if (lo < hi) fn(lo, hi);
  });
}

}  // namespace ember
