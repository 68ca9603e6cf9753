// vram.integrity (rigcheck's own VRAM test, reports/vram/) and vram.ecc (the driver's ECC
// counters and retired pages, reports/nvml/), listed for compute GPUs and for any device tested.
#include "reports/cards.hpp"
#include "reports/judge/evidence.hpp"
#include "reports/judge/physics_guard.hpp"
#include "reports/judge/rule.hpp"
#include "reports/nvml/vram_ecc.hpp"
#include "reports/vram/judge_vram.hpp"

namespace rigcheck {

std::optional<Check> rule_vram_integrity(const RuleContext& context, const GpuEntry& gpu) {
  if (!gpu.measurements.vram && !is_compute_candidate(gpu.pci)) return std::nullopt;
  Check check = judge_vram_integrity(gpu, context.policy);
  // The physics guard: device copies and VRAM traffic against the memory bandwidth.
  guard_device_memory(check, gpu, find_card(gpu.pci.vendor_id, gpu.pci.device_id));
  return check;
}

std::optional<Check> rule_vram_ecc(const RuleContext& context, const GpuEntry& gpu) {
  if (!is_nvidia(gpu.pci) || !is_compute_candidate(gpu.pci)) return std::nullopt;
  return judge_vram_ecc(gpu, context.policy);
}

}  // namespace rigcheck
