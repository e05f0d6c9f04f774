// A Python-like number: bool, int, float or complex, kept in its widest form.
// Ops take Scalars for fill values and scalar operands; conversion to an
// element type happens once, in the kernel's prologue.
#pragma once

#include <complex>
#include <cstdint>

#include "ember/dtype.h"

namespace ember {

class Scalar {
 public:
  enum class Kind : uint8_t { Bool, Int, Float, Complex };

  Scalar() : Scalar(int64_t{0}) {}
  Scalar(bool v) : kind_(Kind::Bool), i_(v) {}                     // NOLINT: implicit like a number
  Scalar(int64_t v) : kind_(Kind::Int), i_(v) {}                   // NOLINT
  Scalar(int v) : Scalar(static_cast<int64_t>(v)) {}               // NOLINT
  Scalar(double v) : kind_(Kind::Float), d_(v) {}                  // NOLINT
  Scalar(std::complex<double> v) : kind_(Kind::Complex), c_(v) {}  // NOLINT

  Kind kind() const { return kind_; }
  int64_t to_int() const;
  double to_double() const;
  std::complex<double> to_complex() const;

  // Converts to an element type the way a cast of a Python number would.
  template <class T>
  T to() const {
    if constexpr (std::is_same_v<T, bool>) {
      return to_complex() != std::complex<double>(0, 0);
    } else if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>) {
      auto c = to_complex();
      return T(static_cast<typename T::value_type>(c.real()), static_cast<typename T::value_type>(c.imag()));
    } else if constexpr (std::is_integral_v<T>) {
      return kind_ == Kind::Bool || kind_ == Kind::Int ? static_cast<T>(i_) : static_cast<T>(to_double());
    } else if constexpr (std::is_same_v<T, double>) {
      return to_double();
    } else {  // float, Half, BFloat16: round through float
      return T(static_cast<float>(to_double()));
    }
  }

 private:
  Kind kind_;
  int64_t i_ = 0;
  double d_ = 0;
  std::complex<double> c_;
};

inline int64_t Scalar::to_int() const {
  switch (kind_) {
    case Kind::Bool:
    case Kind::Int: return i_;
    case Kind::Float: return static_cast<int64_t>(d_);
    case Kind::Complex: return static_cast<int64_t>(c_.real());
  }
  return 0;
}
inline double Scalar::to_double() const {
  switch (kind_) {
    case Kind::Bool:
    case Kind::Int: return static_cast<double>(i_);
    case Kind::Float: return d_;
    case Kind::Complex: return c_.real();
  }
  return 0;
}
inline std::complex<double> Scalar::to_complex() const {
  return kind_ == Kind::Complex ? c_ : std::complex<double>(to_double(), 0);
}

}  // namespace ember
