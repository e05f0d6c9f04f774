#include "ember/device.h"

#include <charconv>

#include "ember/error.h"

namespace ember {

std::string Device::str() const {
  std::string s = type == DeviceType::CPU ? "cpu" : "cuda";
  if (index >= 0) s += ":" + std::to_string(index);
  return s;
}

Device parse_device(const std::string& spec) {
  auto colon = spec.find(':');
  std::string kind = spec.substr(0, colon);
  Device d;
  if (kind == "cpu") {
    d.type = DeviceType::CPU;
  } else if (kind == "cuda") {
    d.type = DeviceType::CUDA;
  } else {
    EMBER_FAIL(Value, "device: expected 'cpu', 'cuda' or 'cuda:<index>', got '", spec, "'");
  }
  if (colon != std::string::npos) {
    int index = -1;
    const char* first = spec.data() + colon + 1;
    const char* last = spec.data() + spec.size();
    auto [end, ec] = std::from_chars(first, last, index);
    EMBER_CHECK(ec == std::errc() && end == last && index >= 0 && index < 32768, Value,
                "device: invalid device index in '", spec, "'");
    d.index = static_cast<int16_t>(index);
  }
  return d;
}

}  // namespace ember
