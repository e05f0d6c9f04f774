// Loads libember_cuda on first use (cuda_backend.h). Everything that can go
// wrong (no CUDA build, no driver, no device, a missing cuBLAS) becomes the
// reason is_available() gives, never a crash.
#include <dlfcn.h>

#include <filesystem>
#include <mutex>

#include "cuda_backend.h"
#include "ember/error.h"

namespace ember::cuda {
namespace {

struct Loaded {
  Backend* backend = nullptr;
  std::string reason;
};

std::vector<std::string>& library_dirs() {
  static std::vector<std::string> dirs;
  return dirs;
}

// The folder this library (libember_core) was loaded from.
std::filesystem::path own_dir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&own_dir), &info) == 0 || info.dli_fname == nullptr) return {};
  return std::filesystem::path(info.dli_fname).parent_path();
}

// Makes the wheel-provided CUDA libraries resolvable by soname before the
// backend, which links cuBLAS and opens cuDNN (optional: left out when its
// wheel is not installed), is loaded.
void preload_libraries() {
  for (const char* lib : {"libcublasLt.so.13", "libcublas.so.13", "libcudnn.so.9"}) {
    if (dlopen(lib, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD)) continue;
    for (const auto& dir : library_dirs()) {
      const auto path = std::filesystem::path(dir) / lib;
      if (std::filesystem::exists(path) && dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL)) break;
    }
  }
}

Loaded load() {
  Loaded result;
  const auto path = own_dir() / "libember_cuda.so";
  if (!std::filesystem::exists(path)) {
    result.reason = "this build of ember has no CUDA backend (built with EMBER_CUDA=0, or without nvcc)";
    return result;
  }
  preload_libraries();
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* err = dlerror();
    result.reason = std::string("the CUDA backend could not be loaded: ") + (err ? err : "unknown error") +
                    " (install ember-core[cuda] for the nvidia-cublas wheel)";
    return result;
  }
  using Create = Backend* (*)(std::string* reason);
  auto create = reinterpret_cast<Create>(dlsym(handle, "ember_cuda_create_backend"));
  if (!create) {
    result.reason = "the CUDA backend library lacks its entry point ember_cuda_create_backend";
    return result;
  }
  result.backend = create(&result.reason);
  return result;
}

const Loaded& loaded() {
  static const Loaded instance = load();
  return instance;
}

}  // namespace

void set_library_dirs(std::vector<std::string> dirs) { library_dirs() = std::move(dirs); }

bool is_available() { return loaded().backend != nullptr; }

std::string unavailable_reason() { return loaded().backend ? std::string() : loaded().reason; }

Backend& backend() {
  const Loaded& l = loaded();
  EMBER_CHECK(l.backend != nullptr, Runtime, "CUDA is not available: ", l.reason);
  return *l.backend;
}

}  // namespace ember::cuda
