#include "app/step.hpp"

#include <exception>

#include <fmt/format.h>

namespace rigcheck {
namespace {

using Workload = Result<StepOutcome> (*)(const StepSettings&, BackendDevice&, const StepHooks&);

Workload workload_for(StepKind kind) {
  switch (kind) {
    case StepKind::vram: return run_vram_workload;
    case StepKind::transfers: return run_transfer_workload;
    case StepKind::compute: return run_compute_workload;
    case StepKind::burn: return run_burn_workload;
    case StepKind::cross_check: break;  // two devices: run_cross_check
  }
  return run_vram_workload;
}

Result<StepOutcome> run_on(const StepSettings& settings, const DeviceRef& ref, const StepHooks& hooks) {
  try {
    auto device = ref.backend->open_device(ref.info.index);
    if (!device) return Error{device.error()};
    auto outcome = workload_for(settings.kind)(settings, **device, hooks);
    if (outcome) outcome->backend = ref.info.backend;
    return outcome;
  } catch (const std::exception& e) {  // a workload's exception is that step's error, not the run's end
    return Error{fmt::format("unexpected error: {}", e.what())};
  }
}

}  // namespace

const std::vector<StepInfo>& step_table() {
  static const std::vector<StepInfo> table{
      {StepKind::vram, "vram", "VRAM integrity and copy bandwidth", false, false},
      {StepKind::transfers, "transfers", "host-device transfers", false, false},
      {StepKind::compute, "compute", "GEMM and attention", false, false},
      // After the card's own results: a disagreement only puts those in doubt.
      {StepKind::cross_check, "cross-check", "CUDA/Vulkan cross-check", false, true},
      {StepKind::burn, "burn", "sustained load", true, false},
  };
  return table;
}

const StepInfo& step_info(StepKind kind) {
  for (const auto& info : step_table())
    if (info.kind == kind) return info;
  return step_table().front();
}

std::optional<StepKind> step_kind_from_string(std::string_view name) {
  for (const auto& info : step_table())
    if (info.name == name) return info.kind;
  return std::nullopt;
}

double seconds_since(std::chrono::steady_clock::time_point origin) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - origin).count();
}

StepOutcome run_step_in_process(const StepSettings& settings, const StepDevice& device, const StepHooks& hooks) {
  if (settings.kind == StepKind::cross_check) return run_cross_check(settings, device, hooks);
  auto result = run_on(settings, device.primary, hooks);
  std::vector<std::string> notes;
  if (!result && device.fallback) {
    notes.push_back(fmt::format("{} run on {} failed ({}); ran it on {} instead", device.primary.info.backend,
                                device.primary.info.name, result.error(), device.fallback->info.backend));
    result = run_on(settings, *device.fallback, hooks);
  }
  StepOutcome outcome;
  if (result) outcome = std::move(*result);
  else outcome.error = result.error();
  outcome.notes.insert(outcome.notes.begin(), notes.begin(), notes.end());
  return outcome;
}

}  // namespace rigcheck
