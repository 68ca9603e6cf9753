#include "reports/judge/gpt2_inputs.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/cards.hpp"
#include "reports/judge/evidence.hpp"
#include "reports/judge/physics_guard.hpp"
#include "reports/judge/rule_self_checks.hpp"
#include "reports/units.hpp"

namespace rigcheck {

const GpuEntry* gpu_sized_for_gpt2(const Report& report) {
  // The first compute GPU the driver could bring up decides; a card whose BAR or driver failed
  // still gets sized from the card table, so the user sees what the build could do once fixed.
  for (const auto& gpu : report.gpus)
    if (is_compute_candidate(gpu.pci) && (gpu.memory_bytes || find_card(gpu.pci.vendor_id, gpu.pci.device_id)))
      return &gpu;
  return nullptr;
}

std::optional<Gpt2Inputs> gpt2_inputs_from_report(const Report& report) {
  const GpuEntry* chosen = gpu_sized_for_gpt2(report);
  if (chosen == nullptr) return std::nullopt;
  Gpt2Inputs inputs;
  inputs.card = find_card(chosen->pci.vendor_id, chosen->pci.device_id);
  if (chosen->memory_bytes) {
    inputs.vram_bytes = chosen->memory_bytes;
    inputs.input_basis.push_back(fmt::format("VRAM {} of GPU {} ({}) as reported by the {} backend",
                                             format_bytes(*chosen->memory_bytes), chosen->index, chosen->pci.bdf,
                                             chosen->backend));
  } else if (inputs.card != nullptr) {
    inputs.vram_bytes = inputs.card->memory_bytes;
    inputs.input_basis.push_back(fmt::format("VRAM of GPU {} ({}) from the card table ({}): no driver or backend "
                                             "reported it",
                                             chosen->index, chosen->pci.bdf, inputs.card->name));
  }
  // Measured GEMM throughput (the square peak-finding shape, results that matched the CPU
  // reference) replaces the spec peaks in the speed estimates: never a figure the physics guard
  // calls impossible, nor one whose timer or result check failed its self-test on this device.
  if (chosen->measurements.compute)
    for (const auto& gemm : chosen->measurements.compute->gemm) {
      if (gemm.shape != "square" || !gemm.reference.passed()) continue;
      auto why_not = impossible_gemm_figure(*chosen, inputs.card, gemm);
      if (!why_not) why_not = distrusting_self_check(*chosen, "compute.gemm." + gemm.precision);
      if (why_not) {
        inputs.input_basis.push_back(fmt::format("measured {} GEMM figure not used: {}", gemm.precision, *why_not));
        continue;
      }
      auto& best = inputs.measured_tflops[gemm.precision];
      best = std::max(best, gemm.throughput.tflops_median);
    }
  if (report.host.memory_total_bytes) {
    inputs.host_ram_bytes = report.host.memory_total_bytes;
    inputs.input_basis.push_back(fmt::format("host RAM {} from /proc/meminfo", format_bytes(*report.host.memory_total_bytes)));
  }
  return inputs;
}

}  // namespace rigcheck
