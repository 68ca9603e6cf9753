#pragma once
// The VRAM integrity test, backend-independent: plans the regions, runs every pattern's steps
// through a VramDevice, injects faults on request and gathers the errors into a VramTestResult.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kernels/vram_device.hpp"
#include "kernels/vram_patterns.hpp"
#include "reports/measurements.hpp"
#include "reports/result.hpp"
#include "reports/self_check.hpp"

namespace rigcheck {

struct VramTestOptions {
  std::optional<std::uint64_t> size_bytes;  // --size; else fraction of the device-local heap
  double fraction = 0.95;                   // --fraction
  std::uint32_t passes = 1;
  std::vector<VramPattern> patterns = all_vram_patterns();
  std::uint32_t inject_faults = 0;  // flip this many distinct bits in the first pattern's first pass
  std::uint32_t record_capacity = 4096;
  std::optional<std::uint64_t> seed;  // default: random
  bool measure_copy_bandwidth = true;
  std::uint32_t copy_repeats = 5;
  // The detector's canary (vram_canary.hpp) and the timer check (timer_check.hpp) before the test.
  bool self_checks = true;
  bool self_checks_only = false;  // `rigcheck selftest`: the self-checks, then stop
};

struct VramProgress {
  double gib_done = 0;   // verified so far
  double gib_total = 0;  // to verify in the whole run
  double rate_gib_per_s = 0;  // verified GiB per wall second
  std::uint64_t errors = 0;
  double seconds_left = 0;
  std::string pattern;
  std::uint32_t pass = 0;  // 1-based
  std::uint32_t passes = 0;
  std::uint64_t tested_bytes = 0;  // the memory under test: what the result reports as tested
};

using VramProgressFn = std::function<void(const VramProgress&)>;
using CancelFn = std::function<bool()>;  // true: stop between steps (e.g. interrupt_requested)

struct VramRun {
  VramTestResult vram;
  std::optional<BandwidthResult> bandwidth;  // device copy, measured in the same run
  SelfChecks self_checks;  // one vram_detector per pattern, and the timer
};

// Errors only for failures before any memory was tested (nothing to allocate, no kernel for the
// device). A step that fails once the test runs (device lost, fault, timeout) ends the test with
// the partial result and VramTestResult::device_error set. Memory errors are data in the result.
Result<VramRun> run_vram_test(VramDevice& device, const VramTestOptions& options,
                              const VramProgressFn& progress = {}, const CancelFn& cancel = {});

// Pure helpers, exposed for tests.
struct VramRegion {
  std::uint32_t chunk = 0;
  std::uint64_t first_byte = 0;
  std::uint64_t size_bytes = 0;
};
struct VramRegions {
  std::vector<VramRegion> regular;    // what the patterns test
  std::vector<VramRegion> retention;  // written first, verified last
};
// The retention window is the tail of the last chunk (1/16 of the range, at least one block)
// when other patterns run, and the whole range when retention runs alone.
VramRegions plan_vram_regions(const std::vector<VramChunk>& chunks, bool retention, bool retention_only);

// The seed of one pattern's pass (random patterns): a CUDA port must derive it the same way.
std::uint32_t vram_step_seed(std::uint64_t run_seed, VramPattern pattern, std::uint32_t pass);

}  // namespace rigcheck
