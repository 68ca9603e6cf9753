#include "kernels/compute/vk_burn.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include <fmt/format.h>

#include "kernels/compute/compute_device.hpp"
#include "kernels/compute/vk_measure.hpp"
#include "kernels/burn_compare.hpp"

namespace rigcheck {
namespace {

constexpr double kTargetSubmitSeconds = 0.2;  // short enough to stop promptly, long enough to keep the GPU busy

double seconds_since(std::chrono::steady_clock::time_point origin) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - origin).count();
}

// Compares `actual` with `reference` word for word; records the first differences.
void compare(const std::vector<std::uint32_t>& reference, const std::vector<std::uint32_t>& actual, double t_s,
             std::uint64_t iteration, BurnStability& stability) {
  record_burn_comparison(compare_burn_words(reference, actual, stability.record_capacity), t_s, iteration, stability);
}

}  // namespace

Result<BurnResult> run_vulkan_burn(std::uint32_t device_index, const BurnOptions& options) {
  auto device = ComputeDevice::open_index(device_index);
  if (!device) return Error{device.error()};
  VulkanComputeKernels kernels(**device);
  const std::uint32_t n = options.matrix_size != 0 ? options.matrix_size : (*device)->is_cpu() ? 256u : 4096u;
  auto gemm = bind_vulkan_gemm(kernels, GemmShape{"burn", n, n, n}, options.precision, 0xb042);
  if (!gemm) return Error{gemm.error()};

  BurnResult result;
  result.backend = "vulkan";
  result.device_name = (*device)->name();
  result.precision = options.precision;
  result.implementation = "vulkan-tiled";
  result.matrix_size = n;
  result.flops_per_run = (*gemm)->flops_per_run();
  result.duration_requested_s = options.duration_s;
  result.stability.record_capacity = options.record_capacity;

  // The first result is the reference every later one must equal bit for bit.
  auto first = (*device)->submit_timed([&](VkCommandBuffer cmd) { (*gemm)->record(cmd, 1); });
  if (!first) return Error{first.error()};
  std::vector<std::uint32_t> reference, current;
  if (auto got = (*gemm)->read_output(reference); !got) return Error{got.error()};
  const auto runs = static_cast<std::uint32_t>(std::clamp(std::ceil(kTargetSubmitSeconds / std::max(*first, 1e-9)), 1.0, 4096.0));

  // The burn canary: the result read back once more with one planted flip must be caught by the
  // comparison that judges the load.
  if (auto got = (*gemm)->read_output(current); !got) return Error{got.error()};
  {
    const auto planted = burn_canary_index(current.size());
    if (!current.empty()) current[planted] ^= 1u << kBurnCanaryBit;
    BurnStability scratch;
    scratch.record_capacity = 4;
    compare(reference, current, 0, 0, scratch);
    result.self_checks.push_back(judge_burn_canary(planted, scratch));
  }

  const double start_t = seconds_since(options.clock_origin);
  result.load_start_t_s = start_t;
  double interval_start = start_t, interval_gpu_s = 0, interval_flops = 0, last_check = start_t;
  std::uint64_t iteration = 0;
  auto close_interval = [&](double now) {
    if (interval_gpu_s <= 0) return;
    result.intervals.push_back({interval_start, now, interval_flops / interval_gpu_s / 1e12});
    if (options.progress)
      options.progress({now - start_t, options.duration_s, result.intervals.back().tflops, result.stability.mismatches});
    interval_start = now;
    interval_gpu_s = interval_flops = 0;
  };
  while (true) {
    double now = seconds_since(options.clock_origin);
    if (now - start_t >= options.duration_s) break;
    if (options.cancelled && options.cancelled()) {
      result.interrupted = true;
      result.notes.push_back("interrupted before the requested duration");
      break;
    }
    auto gpu_s = (*device)->submit_timed([&](VkCommandBuffer cmd) { (*gemm)->record(cmd, runs); });
    if (!gpu_s) {  // a failed submit or fence wait (timeout, lost device): the device failed under load
      result.interrupted = true;
      result.device_error = gpu_s.error();
      result.notes.push_back("the load stopped: " + gpu_s.error());
      break;
    }
    iteration += runs;
    interval_gpu_s += *gpu_s;
    interval_flops += result.flops_per_run * runs;
    now = seconds_since(options.clock_origin);
    if (now - last_check >= options.check_every_s) {
      if (auto got = (*gemm)->read_output(current); !got) {
        result.interrupted = true;
        if ((*device)->lost()) result.device_error = got.error();
        result.notes.push_back("reading the result back failed: " + got.error());
        break;
      }
      compare(reference, current, now, iteration, result.stability);
      last_check = now;
    }
    if (now - interval_start >= options.interval_s) close_interval(now);
  }
  // The last result is compared too, so even a short load is checked at least once.
  if (!result.interrupted || result.notes.empty() || result.notes.back().starts_with("interrupted")) {
    if (auto got = (*gemm)->read_output(current); got)
      compare(reference, current, seconds_since(options.clock_origin), iteration, result.stability);
  }
  const double end_t = seconds_since(options.clock_origin);
  close_interval(end_t);
  result.load_end_t_s = end_t;
  result.duration_achieved_s = end_t - start_t;
  if ((*device)->is_cpu()) result.notes.push_back("a CPU Vulkan device: this loads the CPU, not a GPU");
  return result;
}

}  // namespace rigcheck
