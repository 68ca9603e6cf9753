// power.sustained, thermal.sustained and stability.compute (reports/burn/): judged when a sustained
// load ran on the device; the cross-GPU comparison (a GPU >10% slower than the best of its model)
// is folded into thermal.sustained.
#include "reports/burn/cross_gpu.hpp"
#include "reports/burn/judge_power.hpp"
#include "reports/burn/judge_stability.hpp"
#include "reports/burn/judge_thermal.hpp"
#include "reports/cards.hpp"
#include "reports/judge/evidence.hpp"
#include "reports/judge/physics_guard.hpp"
#include "reports/judge/rule.hpp"

namespace rigcheck {

std::vector<Check> rule_burn(const RuleContext& context, const GpuEntry& gpu) {
  const auto& burn = gpu.measurements.burn;
  if (!burn) return {};
  std::vector<Check> checks{judge_power_sustained(gpu, burn, context.policy),
                            judge_thermal_sustained(gpu, burn, context.policy),
                            judge_stability_compute(gpu, burn, context.policy)};
  std::vector<BurnedGpu> burned;
  for (const auto& other : context.report.gpus)
    if (other.measurements.burn) burned.push_back({&other, &*other.measurements.burn});
  auto findings = cross_gpu_findings(burned);
  if (auto it = findings.find(gpu.index); it != findings.end()) merge_finding(checks[1], it->second);
  guard_burn(checks, gpu, find_card(gpu.pci.vendor_id, gpu.pci.device_id));
  return checks;
}

}  // namespace rigcheck
