#include "app/run_profiles.hpp"

#include <fmt/format.h>

namespace rigcheck {
namespace {

// Measured on the CPU Vulkan device: lavapipe, 2 idle cores (load average under 1.5), two quick
// runs on 2026-12-01 (README "How long a run takes"), each step from its start line to the next,
// worker start included. A machine busy with other work is slower, and the plan says so.
constexpr double kCpuVramPassS = 2.7;     // one pass over kCpuDeviceVramTestBytes (2.77, 2.89 s)
constexpr double kBytesPerGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kCpuVramTestGib = static_cast<double>(kCpuDeviceVramTestBytes) / kBytesPerGiB;
constexpr double kCpuTransfersS = 0.1;    // 0.15, 0.17 s
constexpr double kCpuComputeS = 26.5;     // the quick shapes at every precision, checked on the CPU (26.6, 27.4 s)
constexpr double kCpuCrossCheckS = 0;     // never: the CPU device has no second backend
constexpr double kBurnStartS = 0.2;       // before and after the sustained load itself (60.1, 60.3 s for 60 s)

// "60 s", "10 min", "1 h": whole units, as people say them.
std::string duration_words(double seconds) {
  const auto s = static_cast<long>(seconds);
  if (s >= 3600 && s % 3600 == 0) return fmt::format("{} h", s / 3600);
  if (s >= 120 && s % 60 == 0) return fmt::format("{} min", s / 60);
  return fmt::format("{} s", s);
}

}  // namespace

const std::vector<RunProfile>& run_profiles() {
  // Used cards fail under time: a passive card reaches slowdown within minutes, so even the quick
  // profile loads the card for a minute; burn-in is for a card just bought.
  static const std::vector<RunProfile> table{
      {"quick", 60},
      {"standard", 600},
      {"burn-in", 3600},
  };
  return table;
}

double sustained_load_seconds(std::string_view profile) {
  for (const auto& p : run_profiles())
    if (p.name == profile) return p.sustained_load_seconds;
  return 0;
}

std::string profile_durations_text() {
  std::string text;
  for (const auto& p : run_profiles())
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", p.name, duration_words(p.sustained_load_seconds));
  return text;
}

std::vector<std::string> profile_names() {
  std::vector<std::string> names;
  for (const auto& p : run_profiles()) names.emplace_back(p.name);
  return names;
}

namespace {

// Expected step times, one row per step. The CPU Vulkan device's figures are measured (`rigcheck
// run`, quick, lavapipe on 2 cores; README "How long a run takes"): its work is fixed in size
// (step_vram.cpp, step_transfers.cpp, plan_compute), so only the machine's speed moves them. A
// GPU's have not been measured yet: they are estimates from its memory size and say so.
struct StepTimeRow {
  StepKind step;
  double cpu_device_s;          // per VRAM pass / per run of the step on the CPU Vulkan device
  double gpu_fixed_s;           // a GPU: start-up, copies, shapes
  double gpu_s_per_gib_pass;    // a GPU's VRAM test: per GiB tested per pass
};
constexpr StepTimeRow kStepTimes[] = {
    {StepKind::vram, kCpuVramPassS, 10, 0.5},
    {StepKind::transfers, kCpuTransfersS, 20, 0},
    {StepKind::compute, kCpuComputeS, 60, 0},
    // Two backends: open each, the canaries and copies in 1 GiB, one 2048³ GEMM per precision
    // variant checked on 2304 elements: seconds of device start-up, little work.
    {StepKind::cross_check, kCpuCrossCheckS, 10, 0},
    {StepKind::burn, kBurnStartS, 1, 0},  // a GPU: context, calibration, the last check
};

// The compute canaries alone: open the device, build the GEMM pipelines, 16x32x32 per precision.
constexpr double kCanariesOnlyS = 3;

// A worker process per step and device: start, open the device, hand back the outcome.
constexpr double kWorkerStartS = 0.1;

}  // namespace

StepTimeEstimate expected_step_seconds(StepKind step, const StepSettings& settings, const BackendDeviceInfo& device) {
  const StepTimeRow* row = &kStepTimes[0];
  for (const auto& r : kStepTimes)
    if (r.step == step) row = &r;
  const bool cpu = device.type == DeviceType::cpu;
  StepTimeEstimate estimate;
  estimate.basis = cpu ? "measured on the CPU Vulkan device with 2 cores; longer on a busy CPU"
                       : "estimate for a GPU, not yet measured on one";
  switch (step) {
    case StepKind::vram: {
      const double gib = settings.vram_size_bytes ? static_cast<double>(*settings.vram_size_bytes) / kBytesPerGiB
                         : cpu ? kCpuVramTestGib
                               : static_cast<double>(device.device_local_bytes) * settings.vram_fraction.value_or(0.95) / kBytesPerGiB;
      const double passes = vram_passes_for(settings);
      estimate.seconds = cpu ? row->cpu_device_s * passes * gib / kCpuVramTestGib
                             : row->gpu_fixed_s + row->gpu_s_per_gib_pass * gib * passes;
      break;
    }
    case StepKind::burn:
      estimate.seconds = settings.burn_duration_s + (cpu ? row->cpu_device_s : row->gpu_fixed_s);
      estimate.basis = fmt::format("{:.0f} s of load", settings.burn_duration_s);
      break;
    case StepKind::cross_check:  // the same small work in every profile
      estimate.seconds = cpu ? row->cpu_device_s : row->gpu_fixed_s;
      break;
    case StepKind::compute:
      if (settings.self_checks_only) {  // `rigcheck selftest`: one tiny GEMM per precision
        estimate.seconds = kCanariesOnlyS;
        estimate.basis = "the GEMM canaries only";
        break;
      }
      [[fallthrough]];
    default:
      // The quick profile's shapes on a GPU; the CPU device always runs its small ones.
      estimate.seconds = cpu ? row->cpu_device_s : row->gpu_fixed_s * (settings.profile == "quick" ? 1 : 4);
      break;
  }
  estimate.seconds += kWorkerStartS;
  return estimate;
}

}  // namespace rigcheck
