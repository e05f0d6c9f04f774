#include "ember/interpreter_lock.h"

namespace ember {
namespace {
InterpreterLockHooks g_hooks;
}  // namespace

void set_interpreter_lock_hooks(InterpreterLockHooks hooks) { g_hooks = hooks; }

WithoutInterpreterLock::WithoutInterpreterLock(bool active) {
  if (active && g_hooks.release != nullptr) state_ = g_hooks.release();
}

WithoutInterpreterLock::~WithoutInterpreterLock() {
  if (state_ != nullptr) g_hooks.reacquire(state_);
}

}  // namespace ember
