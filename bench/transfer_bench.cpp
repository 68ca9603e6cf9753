// Host<->device copies from pinned memory on the first Vulkan device, timed by GPU timestamps
// (manual time): each iteration is one transfer-test run at one size (warm-up + 5 verified
// repeats), and the iteration time is the median transfer's.
#include <benchmark/benchmark.h>

#include <string>

#include "kernels/backend.hpp"
#include "kernels/vulkan/vk_transfer.hpp"

namespace {

const std::string& device_missing() {
  static const std::string why = [] {
    auto devices = rigcheck::make_vulkan_backend()->list_devices();
    if (!devices) return devices.error();
    return devices->empty() ? std::string("no Vulkan device") : std::string();
  }();
  return why;
}

void BM_VulkanTransferPinned(benchmark::State& state, const char* direction) {
  if (!device_missing().empty()) return state.SkipWithError(("no usable Vulkan device: " + device_missing()).c_str());
  const auto size_bytes = static_cast<std::uint64_t>(state.range(0));
  rigcheck::TransferOptions options;
  options.sizes_bytes = {size_bytes};
  options.repeats = 5;
  options.latency_repeats = 0;
  for (auto _ : state) {
    auto run = rigcheck::run_vulkan_transfers(0, options);
    if (!run) return state.SkipWithError(run.error().c_str());
    for (const auto& s : run->samples) {
      if (s.direction != direction || s.host_memory != rigcheck::host_memory_kind::pinned) continue;
      state.SetIterationTime(static_cast<double>(s.size_bytes) / s.median_bytes_per_s);
      state.counters["GB/s"] = benchmark::Counter(s.median_bytes_per_s * 1e-9);
    }
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

}  // namespace

BENCHMARK_CAPTURE(BM_VulkanTransferPinned, h2d, rigcheck::transfer_direction::host_to_device)
    ->Arg(64 << 10)->Arg(1 << 20)->Arg(16 << 20)->UseManualTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_VulkanTransferPinned, d2h, rigcheck::transfer_direction::device_to_host)
    ->Arg(64 << 10)->Arg(1 << 20)->Arg(16 << 20)->UseManualTime()->Iterations(3);

BENCHMARK_MAIN();
