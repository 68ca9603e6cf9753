// The VRAM step: the integrity test (with copy bandwidth) on one device. quick: one pass of every
// pattern; standard: two; burn-in: five. A CPU Vulkan device tests a small slice of host memory:
// it proves the pipeline, not a card. A screen's GPU named with --gpu is capped to its free memory.
#include <algorithm>

#include <fmt/format.h>

#include "app/progress_throttle.hpp"
#include "app/step.hpp"
#include "kernels/vram_test.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

constexpr double kBytesPerGib = 1024.0 * 1024.0 * 1024.0;
constexpr std::uint64_t kSelfCheckTestBytes = 64ull << 20;  // `rigcheck selftest`: room for the canary and timer

VramTestOptions test_options(const StepSettings& settings, const BackendDeviceInfo& info, std::vector<std::string>& notes) {
  VramTestOptions test;
  test.passes = vram_passes_for(settings);
  if (settings.vram_fraction) test.fraction = *settings.vram_fraction;
  if (settings.vram_size_bytes) test.size_bytes = *settings.vram_size_bytes;
  else if (info.type == DeviceType::cpu) test.size_bytes = kCpuDeviceVramTestBytes;
  test.inject_faults = settings.inject_faults;
  if (settings.self_checks_only) {  // the canary and timer need a region, not the whole memory
    test.self_checks_only = true;
    test.size_bytes = std::min<std::uint64_t>(kSelfCheckTestBytes, info.device_local_bytes / 2);
    test.measure_copy_bandwidth = false;
  }
  if (!settings.vram_patterns.empty()) {
    test.patterns.clear();
    for (const auto& name : settings.vram_patterns)
      if (auto pattern = vram_pattern_from_string(name)) test.patterns.push_back(*pattern);
  }
  if (settings.memory_cap_bytes) {
    const auto wanted = test.size_bytes.value_or(
        static_cast<std::uint64_t>(test.fraction * static_cast<double>(info.device_local_bytes)));
    test.size_bytes = std::min(wanted, *settings.memory_cap_bytes);
    notes.push_back(fmt::format("{} drives a screen: the VRAM test used at most {:.2f} GiB (its free memory minus a "
                                "margin)",
                                info.name, static_cast<double>(*test.size_bytes) / (1ull << 30)));
  }
  return test;
}

}  // namespace

std::uint32_t vram_passes_for(const StepSettings& settings) {
  if (settings.vram_passes) return *settings.vram_passes;
  if (settings.profile == "burn-in") return 5;
  if (settings.profile == "standard") return 2;
  return 1;
}

StepProgress vram_status(const VramProgress& p) {
  // The bar counts the work (every pattern's passes over the memory); the text names the memory
  // under test, the figure the check reports as tested.
  StepProgress status;
  status.fraction_done = p.gib_total > 0 ? std::min(1.0, p.gib_done / p.gib_total) : 0;
  status.subtest = fmt::format("{} under test, pattern {}, pass {}/{}", format_bytes(p.tested_bytes), p.pattern,
                               p.pass, p.passes);
  status.rate = p.rate_gib_per_s * kBytesPerGib;
  status.rate_unit = RateUnit::bytes_per_s;
  status.errors = p.errors;
  status.seconds_left = p.seconds_left;
  return status;
}

Result<StepOutcome> run_vram_workload(const StepSettings& settings, BackendDevice& device, const StepHooks& hooks) {
  const auto& info = device.info();
  StepOutcome outcome;
  const VramTestOptions test = test_options(settings, info, outcome.notes);
  const auto start_s = seconds_since(settings.telemetry_origin);
  if (hooks.progress)
    hooks.progress(fmt::format("VRAM test on {} ({} device {}, {})", info.name, info.backend, info.index,
                               to_string(info.type)));
  auto opened = device.open_vram();
  if (!opened) return Error{opened.error()};
  ProgressThrottle throttle;
  auto progress = [&](const VramProgress& p) {
    const bool last = p.gib_done >= p.gib_total;
    if (!hooks.status || !throttle.due(last)) return;
    hooks.status(vram_status(p));
  };
  auto run = run_vram_test(**opened, test, progress, hooks.cancelled);
  if (!run) return Error{run.error()};
  run->vram.telemetry_start_s = start_s;
  outcome.self_checks = std::move(run->self_checks);
  outcome.measurements.vram = std::move(run->vram);
  outcome.measurements.bandwidth = std::move(run->bandwidth);
  return outcome;
}

}  // namespace rigcheck
