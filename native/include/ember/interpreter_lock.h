// Long kernels give up the embedding interpreter's lock (Python's GIL), so
// other Python threads run meanwhile, without the core depending on Python:
// the binding installs the hooks at import; until then there are none.
#pragma once

#include <cstdint>

namespace ember {

struct InterpreterLockHooks {
  void* (*release)() = nullptr;        // nullptr when the calling thread holds no lock
  void (*reacquire)(void*) = nullptr;  // given what release returned
};
void set_interpreter_lock_hooks(InterpreterLockHooks hooks);

// Below this many elements a kernel keeps the lock: giving it up and taking
// it back costs about as much as adding 1e4 floats.
constexpr int64_t kUnlockGrain = 16384;

// Releases the lock for its lifetime when `active` (and the thread holds it).
class WithoutInterpreterLock {
 public:
  explicit WithoutInterpreterLock(bool active = true);
  ~WithoutInterpreterLock();
  WithoutInterpreterLock(const WithoutInterpreterLock&) = delete;
  WithoutInterpreterLock& operator=(const WithoutInterpreterLock&) = delete;

 private:
  void* state_ = nullptr;
};

}  // namespace ember
