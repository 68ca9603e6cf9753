// The CUDA/Vulkan cross-check: on a card both backends reach (the step device's primary and its
// fallback), each backend proves its VRAM detector (the canary of every pattern family), measures
// device copy bandwidth, and runs one square GEMM per precision checked against the CPU
// reference. reports/cross_backend.hpp compares the two; a disagreement is a note with both
// figures and, once judged, a `warn` on the check it bears on.
#include <algorithm>
#include <exception>

#include <fmt/format.h>

#include "app/step.hpp"
#include "kernels/vram_test.hpp"
#include "reports/cross_backend.hpp"

namespace rigcheck {
namespace {

// The memory the cross-check allocates: room for the canary regions and the copy buffers,
// beyond any L2 cache, yet seconds on a GPU.
constexpr std::uint64_t kCrossCheckVramBytes = 1ull << 30;

// Where the step is: 2 parts (memory, GEMM) on each of 2 backends.
constexpr double kParts = 4;

VramTestOptions vram_options(const BackendDeviceInfo& info, const StepSettings& settings) {
  VramTestOptions test;
  test.self_checks_only = true;  // the canaries and the copies, not a test of the whole memory
  test.size_bytes = std::min(kCrossCheckVramBytes, info.device_local_bytes / 4);
  if (settings.memory_cap_bytes) test.size_bytes = std::min(*test.size_bytes, *settings.memory_cap_bytes);
  return test;
}

ComputeOptions gemm_options(const StepSettings& settings) {
  ComputeOptions compute;
  compute.quick = true;      // one square GEMM per precision, sized to the device
  compute.shapes = "square";
  if (!settings.precisions.empty()) compute.precisions = settings.precisions;
  compute.clock_origin = settings.telemetry_origin;
  return compute;
}

void report_status(const StepHooks& hooks, double part, const std::string& what) {
  if (!hooks.status) return;
  StepProgress status;
  status.fraction_done = part / kParts;
  status.subtest = what;
  hooks.status(status);
}

// One backend's side of the comparison; an error in it is data (that side could not run).
CrossCheckSide measure_side(const DeviceRef& ref, const StepSettings& settings, const StepHooks& hooks, double first_part) {
  CrossCheckSide side;
  side.backend = ref.info.backend;
  try {
    auto device = ref.backend->open_device(ref.info.index);
    if (!device) {
      side.error = device.error();
      return side;
    }
    report_status(hooks, first_part, fmt::format("{}: VRAM canary and device copies", side.backend));
    auto vram = (*device)->open_vram();
    if (!vram) {
      side.error = "VRAM: " + vram.error();
      return side;
    }
    auto run = run_vram_test(**vram, vram_options(ref.info, settings), {}, hooks.cancelled);
    if (!run) {
      side.error = "VRAM: " + run.error();
      return side;
    }
    vram->reset();  // its memory back before the GEMMs allocate theirs
    for (auto& sc : run->self_checks)
      if (sc.kind == SelfCheckKind::vram_detector) side.vram_canaries.push_back(std::move(sc));
    side.copy_bytes_per_s = run->vram.copy_bandwidth_bytes_per_s;
    if (hooks.cancelled && hooks.cancelled()) {
      side.error = "interrupted";
      return side;
    }
    report_status(hooks, first_part + 1, fmt::format("{}: one square GEMM per precision", side.backend));
    auto compute = (*device)->run_compute(gemm_options(settings), hooks.cancelled);
    if (!compute) {
      side.error = "GEMM: " + compute.error();
      return side;
    }
    for (auto& gemm : compute->gemm)
      if (gemm.shape == "square") side.gemm.push_back(std::move(gemm));
    side.gemm_canaries = std::move(compute->self_checks);
  } catch (const std::exception& e) {  // a backend's exception is that side's error, not the run's end
    side.error = fmt::format("unexpected error: {}", e.what());
  }
  return side;
}

}  // namespace

StepOutcome run_cross_check(const StepSettings& settings, const StepDevice& device, const StepHooks& hooks) {
  StepOutcome outcome;
  if (!device.fallback) {
    outcome.error = "no second backend reaches this card";
    return outcome;
  }
  if (hooks.progress)
    hooks.progress(fmt::format("cross-check on {}: {} against {}", device.primary.info.name,
                               device.primary.info.backend, device.fallback->info.backend));
  auto interrupted = [&] { return hooks.cancelled && hooks.cancelled(); };
  const auto primary = measure_side(device.primary, settings, hooks, 0);
  if (interrupted()) {  // half a comparison says nothing: the run's report is marked interrupted
    outcome.notes.push_back(fmt::format("{}: cross-check interrupted before it compared", device.primary.info.name));
    return outcome;
  }
  const auto second = measure_side(*device.fallback, settings, hooks, 2);
  if (interrupted()) {
    outcome.notes.push_back(fmt::format("{}: cross-check interrupted before it compared", device.primary.info.name));
    return outcome;
  }
  auto comparison = compare_backends(primary, second);
  report_status(hooks, kParts, "compared");
  outcome.self_checks = std::move(comparison.self_checks);
  for (auto& note : comparison.notes) outcome.notes.push_back(fmt::format("{}: {}", device.primary.info.name, note));
  return outcome;
}

}  // namespace rigcheck
