// Typed errors raised by the core. The Python layer maps each kind to the
// matching builtin exception, so a failed check reads like a Python error.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace ember {

enum class ErrorKind { Runtime, Value, Type, Index, NotImplemented, OutOfMemory, Overflow };

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& msg) : std::runtime_error(msg), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

namespace detail {
template <class... Args>
[[noreturn]] void raise(ErrorKind kind, const Args&... args) {
  std::ostringstream os;
  (os << ... << args);
  throw Error(kind, os.str());
}
}  // namespace detail

}  // namespace ember

// The message is only built when the check fails, so checks cost a branch.
#define EMBER_CHECK(cond, kind, ...)                                 \
  do {                                                               \
    if (!(cond)) [[unlikely]]                                        \
      ::ember::detail::raise(::ember::ErrorKind::kind, __VA_ARGS__); \
  } while (0)

#define EMBER_FAIL(kind, ...) ::ember::detail::raise(::ember::ErrorKind::kind, __VA_ARGS__)
