#pragma once
// Whether this machine has a CUDA device, and why not: every device test skips with the reason.
#include <optional>
#include <string>

#include <cuda_runtime.h>

namespace rigcheck::cuda_test {

// nullopt when at least one CUDA device is usable; else the reason ("cudaErrorNoDevice ...").
inline std::optional<std::string> no_device_reason() {
  int count = 0;
  const cudaError_t rc = cudaGetDeviceCount(&count);
  if (rc != cudaSuccess) {
    cudaGetLastError();
    return std::string("no CUDA device: ") + cudaGetErrorName(rc) + " (" + cudaGetErrorString(rc) + ")";
  }
  if (count == 0) return std::string("no CUDA device");
  return std::nullopt;
}

inline int device_count() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();
    return 0;
  }
  return count;
}

}  // namespace rigcheck::cuda_test

#define REQUIRE_CUDA_DEVICE()                                                       \
  if (auto no_device_ = ::rigcheck::cuda_test::no_device_reason(); no_device_) \
  GTEST_SKIP() << *no_device_
