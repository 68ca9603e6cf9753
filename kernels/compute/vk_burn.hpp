#pragma once
// The sustained load on a Vulkan device: one square GEMM re-run from the same inputs for a set
// time, throughput per interval from GPU timestamps, every result read back now and then and
// compared bit for bit with the first (a card that turns unstable when hot computes differently).
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "reports/burn_result.hpp"
#include "reports/result.hpp"

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
  std::uint32_t matrix_size = 0;    // 0: 4096 on a GPU (beyond any L2), 256 on a CPU device
  std::string precision = "fp32";   // the Vulkan shaders compute in fp32 (M40/P40's working precision)
  std::uint32_t record_capacity = 16;
  std::chrono::steady_clock::time_point clock_origin = std::chrono::steady_clock::now();  // telemetry t = 0
  std::function<bool()> cancelled;
  std::function<void(const BurnProgress&)> progress;
};

Result<BurnResult> run_vulkan_burn(std::uint32_t device_index, const BurnOptions& options);

}  // namespace rigcheck
