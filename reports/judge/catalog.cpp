// The check catalog: every rule in one table, in the order checks are listed in reports.
#include <array>

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

const std::vector<GpuRule>& gpu_rules() {
  static const std::vector<GpuRule> rules{
      {"host.driver", "a driver is bound and brought the card up (sysfs + kernel log)", single_check<rule_host_driver>},
      {"pcie.bar", "the VRAM BAR is assigned and as large as the card needs", single_check<rule_pcie_bar>},
      {"pcie.link", "the link is as wide as card and slot allow", single_check<rule_pcie_link>},
      {"pcie.errors", "no uncorrectable PCIe errors, few correctable ones", single_check<rule_pcie_errors>},
      {"pcie.bandwidth", "host-device copies reach the link's rate", single_check<rule_pcie_bandwidth>},
      {"vram.integrity", "rigcheck's VRAM patterns find no error", single_check<rule_vram_integrity>},
      {"vram.ecc", "no uncorrected ECC errors or pending page retirements", single_check<rule_vram_ecc>},
      {"compute", "GEMM and attention at each precision: correct, and near the card's peak", rule_compute,
       "compute.gemm.<precision> compute.attention.<precision>"},
      {"burn", "sustained load: power, heat, clocks and stable arithmetic", rule_burn,
       "power.sustained thermal.sustained stability.compute"},
      {"run", "every test step gave a result (no crash, no silent worker)", rule_step_failures, "run.<step>"},
  };
  return rules;
}

const std::vector<SystemRule>& system_rules() {
  static const std::vector<SystemRule> rules{
      {"gpt2.fit", "the GPT-2 tasks the policy requires fit this machine", rule_gpt2_fit},
      {"host.memory", "host RAM for loading models and offload", rule_host_memory},
      {"host.display", "which device drives the display", rule_host_display},
  };
  return rules;
}

int fix_order(std::string_view check_id) {
  // What to fix first: a BAR the firmware could not place (it makes the driver fail too), a card
  // the driver cannot use, then broken memory or arithmetic, then
  // power and link problems, then heat, then speed, then what fits.
  static constexpr std::array<std::string_view, 16> kOrder{
      "pcie.bar",           "host.driver",           "vram.integrity", "vram.ecc",          "stability.compute",
      "power.sustained",    "pcie.errors",        "pcie.link",      "pcie.bandwidth",    "thermal.sustained",
      "compute.gemm",       "compute.attention",  "host.memory",    "gpt2.fit",          "host.display",
      "run",
  };
  for (size_t i = 0; i < kOrder.size(); ++i)
    if (check_id == kOrder[i] || (check_id.starts_with(kOrder[i]) && check_id.size() > kOrder[i].size() &&
                                  check_id[kOrder[i].size()] == '.'))
      return static_cast<int>(i);
  return static_cast<int>(kOrder.size());
}

}  // namespace rigcheck
