// compute.gemm.<precision> and compute.attention.<precision> (reports/compute/judge_compute.cpp),
// listed when the compute step ran on the device; every figure held to the physics guard.
#include "reports/cards.hpp"
#include "reports/compute/judge_compute.hpp"
#include "reports/judge/physics_guard.hpp"
#include "reports/judge/rule.hpp"

namespace rigcheck {

std::vector<Check> rule_compute(const RuleContext& context, const GpuEntry& gpu) {
  if (!gpu.measurements.compute) return {};
  const CardSpec* card = find_card(gpu.pci.vendor_id, gpu.pci.device_id);
  auto checks = judge_compute(*gpu.measurements.compute, card, context.policy, gpu.telemetry ? &*gpu.telemetry : nullptr);
  guard_compute(checks, gpu, card);
  return checks;
}

}  // namespace rigcheck
