#pragma once
// One test step on one device: what it is asked (StepSettings), what came back (StepOutcome), and
// the in-process workload functions that run it through the device's Backend. The same settings
// and outcome travel between rigcheck and its worker processes as JSON (step_worker.hpp).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/device_inventory.hpp"
#include "app/progress_state.hpp"
#include "reports/measurements.hpp"
#include "reports/self_check.hpp"

namespace rigcheck {

enum class StepKind { vram, transfers, compute, burn, cross_check };  // run order: step_table()

// The step table: order of a run (memory first: with bad VRAM every later number is
// meaningless), the name used by --skip and in messages, and what `run` prints.
struct StepInfo {
  StepKind kind;
  std::string_view name;   // vram | transfers | compute | cross-check | burn
  std::string_view title;  // "VRAM integrity and copy bandwidth"
  bool all_devices_at_once;  // the sustained load stresses the power supply: every GPU together
  bool needs_two_backends;   // runs only on a card a second backend reaches too (StepDevice::fallback)
};
const std::vector<StepInfo>& step_table();
const StepInfo& step_info(StepKind kind);
std::optional<StepKind> step_kind_from_string(std::string_view name);

struct StepSettings {
  StepKind kind = StepKind::vram;
  std::string profile = "quick";         // quick | standard | burn-in | burn | compute | vram
  double burn_duration_s = 0;
  std::vector<std::string> precisions;   // compute: empty = every precision
  std::string shapes = "gpt2";           // compute: gpt2 | square
  // vram: `rigcheck vram`'s flags; unset: the profile's passes over the default fraction.
  std::optional<std::uint64_t> vram_size_bytes;
  std::optional<double> vram_fraction;
  std::optional<std::uint32_t> vram_passes;
  std::vector<std::string> vram_patterns;  // empty: all
  std::uint32_t inject_faults = 0;
  bool self_checks_only = false;           // `rigcheck selftest`: prove the detectors, skip the test proper
  bool transfer_standard_sizes = false;    // `rigcheck vram`: the standard transfer repeats
  // A GPU that drives a screen, named with --gpu: test at most this much memory.
  std::optional<std::uint64_t> memory_cap_bytes;
  // t = 0 of the telemetry series: steady_clock is system-wide, so a worker shares it.
  std::chrono::steady_clock::time_point telemetry_origin = std::chrono::steady_clock::now();
};

struct StepOutcome {
  Measurements measurements;        // only this step's fields
  std::string backend;              // the backend that gave the result; empty: none
  std::vector<std::string> notes;   // a fallback taken, a cap applied
  std::optional<std::string> error; // no result: could not run, crashed, no answer
  SelfChecks self_checks;           // what the step proved of its own detectors on the device
};

struct StepHooks {
  std::function<bool()> cancelled;                   // polled between GPU calls
  std::function<void(const std::string&)> progress;  // one line for the log (a step's start, a fallback)
  std::function<void(const StepProgress&)> status;   // where the step is: the live progress line
};

// Runs the step on the device in this process: the primary backend, then the fallback.
StepOutcome run_step_in_process(const StepSettings& settings, const StepDevice& device, const StepHooks& hooks);

// The per-step workloads behind run_step_in_process (step_*.cpp): one backend device each.
Result<StepOutcome> run_vram_workload(const StepSettings&, BackendDevice&, const StepHooks&);
Result<StepOutcome> run_transfer_workload(const StepSettings&, BackendDevice&, const StepHooks&);
Result<StepOutcome> run_compute_workload(const StepSettings&, BackendDevice&, const StepHooks&);
Result<StepOutcome> run_burn_workload(const StepSettings&, BackendDevice&, const StepHooks&);

// The CUDA/Vulkan cross-check (step_cross_check.cpp): the VRAM canary, device copy bandwidth and
// one checked GEMM per precision on the card's primary backend and on its fallback, compared.
// Its outcome carries cross_backend self-checks and notes, no measurements.
StepOutcome run_cross_check(const StepSettings& settings, const StepDevice& device, const StepHooks& hooks);

// What the VRAM step tests on a CPU Vulkan device: a slice of host memory that proves the pipeline.
inline constexpr std::uint64_t kCpuDeviceVramTestBytes = 256ull << 20;

// VRAM passes: --passes, else quick 1, standard 2, burn-in 5 (step_vram.cpp).
std::uint32_t vram_passes_for(const StepSettings& settings);

// The live-line status of a VRAM test's progress (step_vram.cpp; pure, tested).
struct VramProgress;
StepProgress vram_status(const VramProgress& progress);

double seconds_since(std::chrono::steady_clock::time_point origin);

}  // namespace rigcheck
