// compute.gemm.<precision> and compute.attention.<precision> (reports/compute/judge_compute.cpp),
// listed when the compute step ran on the device.
#include "reports/cards.hpp"
#include "reports/compute/judge_compute.hpp"
#include "reports/judge/rule.hpp"

namespace rigcheck {

std::vector<Check> rule_compute(const RuleContext& context, const GpuEntry& gpu) {
  if (!gpu.measurements.compute) return {};
  return judge_compute(*gpu.measurements.compute, find_card(gpu.pci.vendor_id, gpu.pci.device_id), context.policy);
}

}  // namespace rigcheck
