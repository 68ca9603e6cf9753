#pragma once
// What a sustained-load run is asked to do; the same options for every backend
// (kernels/compute/vk_burn.hpp, kernels/cuda/cuda_burn.hpp).
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace rigcheck {

struct BurnProgress {
  double elapsed_s = 0;
  double duration_s = 0;
  double tflops = 0;  // last interval
  std::uint64_t mismatches = 0;
};

struct BurnOptions {
  double duration_s = 60;
  double interval_s = 5;            // throughput is recorded per interval
  double check_every_s = 1;         // result read back and compared this often
  std::uint32_t matrix_size = 0;    // 0: chosen by the backend for the device
  std::string precision = "fp32";   // the Vulkan shaders compute in fp32 (M40/P40's working precision)
  std::uint32_t record_capacity = 16;
  std::chrono::steady_clock::time_point clock_origin = std::chrono::steady_clock::now();  // telemetry t = 0
  std::function<bool()> cancelled;
  std::function<void(const BurnProgress&)> progress;
};

}  // namespace rigcheck
