// pcie.bandwidth (reports/transfer/): for GPUs that compute work targets, and for any device a
// transfer test ran on (the CPU Vulkan device gets a skip that keeps its figures). Every copy is
// held to the physics guard.
#include "reports/judge/evidence.hpp"
#include "reports/judge/physics_guard.hpp"
#include "reports/judge/rule.hpp"
#include "reports/transfer/judge_pcie_bandwidth.hpp"

namespace rigcheck {

std::optional<Check> rule_pcie_bandwidth(const RuleContext& context, const GpuEntry& gpu) {
  if (!gpu.measurements.transfers && !is_compute_candidate(gpu.pci)) return std::nullopt;
  Check check = judge_pcie_bandwidth(gpu, context.policy);
  guard_host_copies(check, gpu);
  return check;
}

}  // namespace rigcheck
