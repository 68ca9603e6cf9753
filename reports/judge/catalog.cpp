// The check catalog: every rule in one table, in the order checks are listed in reports.
#include <algorithm>

#include "reports/judge/rule.hpp"

namespace rigcheck {

std::optional<Check> rule_host_driver(const RuleContext&, const GpuEntry&);
std::optional<Check> rule_pcie_bar(const RuleContext&, const GpuEntry&);
std::optional<Check> rule_pcie_link(const RuleContext&, const GpuEntry&);
std::optional<Check> rule_pcie_errors(const RuleContext&, const GpuEntry&);
std::optional<Check> rule_pcie_bandwidth(const RuleContext&, const GpuEntry&);
std::optional<Check> rule_vram_integrity(const RuleContext&, const GpuEntry&);
std::optional<Check> rule_vram_ecc(const RuleContext&, const GpuEntry&);
std::vector<Check> rule_compute(const RuleContext&, const GpuEntry&);
std::vector<Check> rule_burn(const RuleContext&, const GpuEntry&);
std::vector<Check> rule_step_failures(const RuleContext&, const GpuEntry&);
std::optional<Check> rule_host_memory(const RuleContext&);
std::optional<Check> rule_host_display(const RuleContext&);
std::optional<Check> rule_gpt2_fit(const RuleContext&);

// fix_rank: what to fix first. A BAR the firmware could not place (it makes the driver fail too)
// 0, a card the driver cannot use 1, then broken memory or arithmetic 2-4, power and link problems
// 5-8, heat 9, speed 10-11, what fits 12-14, steps without a result 15, baseline 16.
const std::vector<GpuRule>& gpu_rules() {
  static const std::vector<GpuRule> rules{
      {"host.driver", "a driver is bound and brought the card up (sysfs + kernel log)", single_check<rule_host_driver>,
       {{"host.driver", 1}}},
      {"pcie.bar", "the VRAM BAR is assigned and as large as the card needs", single_check<rule_pcie_bar>,
       {{"pcie.bar", 0}}},
      {"pcie.link", "the link is as wide as card and slot allow", single_check<rule_pcie_link>, {{"pcie.link", 7}}},
      {"pcie.errors", "no uncorrectable PCIe errors, few correctable ones", single_check<rule_pcie_errors>,
       {{"pcie.errors", 6}}},
      {"pcie.bandwidth", "host-device copies reach the link's rate", single_check<rule_pcie_bandwidth>,
       {{"pcie.bandwidth", 8}}},
      {"vram.integrity", "rigcheck's VRAM patterns find no error", single_check<rule_vram_integrity>,
       {{"vram.integrity", 2}}},
      {"vram.ecc", "no uncorrected ECC errors or pending page retirements", single_check<rule_vram_ecc>,
       {{"vram.ecc", 3}}},
      {"compute", "GEMM and attention at each precision: correct, and near the card's peak", rule_compute,
       {{"compute.gemm.<precision>", 10}, {"compute.attention.<precision>", 11}}},
      {"burn", "sustained load: power, heat, clocks and stable arithmetic", rule_burn,
       {{"power.sustained", 5}, {"thermal.sustained", 9}, {"stability.compute", 4}}},
      {"run", "every test step gave a result (no crash, no silent worker)", rule_step_failures, {{"run.<step>", 15}}},
  };
  return rules;
}

const std::vector<SystemRule>& system_rules() {
  static const std::vector<SystemRule> rules{
      {"gpt2.fit", "the GPT-2 tasks the policy requires fit this machine", rule_gpt2_fit, 13},
      {"host.memory", "host RAM for loading models and offload", rule_host_memory, 12},
      {"host.display", "which device drives the display", rule_host_display, 14},
  };
  return rules;
}

const std::vector<OtherCheck>& other_checks() {
  static const std::vector<OtherCheck> checks{
      {{"baseline.<figure>", 16}, "a key figure is not worse than in the --baseline report"},
  };
  return checks;
}

std::vector<MadeCheck> catalog_checks() {
  std::vector<MadeCheck> out;
  for (const auto& rule : gpu_rules()) out.insert(out.end(), rule.makes.begin(), rule.makes.end());
  for (const auto& rule : system_rules()) out.push_back({rule.id, rule.fix_rank});
  for (const auto& other : other_checks()) out.push_back(other.check);
  return out;
}

namespace {

// "compute.gemm.<precision>" ranks "compute.gemm" and every id under it; "pcie.link" ranks itself
// and ids under it. A prefix matches whole segments only ("compute.gemmx" is not a gemm check).
bool ranks(std::string_view row_id, std::string_view check_id) {
  const auto family = row_id.find(".<");
  const auto prefix = row_id.substr(0, family);
  if (check_id == prefix) return true;
  return check_id.size() > prefix.size() && check_id.starts_with(prefix) && check_id[prefix.size()] == '.';
}

}  // namespace

int fix_order(std::string_view check_id) {
  static const auto checks = catalog_checks();
  int unknown = 0;
  for (const auto& check : checks) {
    if (ranks(check.id, check_id)) return check.fix_rank;
    unknown = std::max(unknown, check.fix_rank + 1);
  }
  return unknown;
}

}  // namespace rigcheck
