// host.driver: is a driver bound to the card and did it bring the card up? Read from sysfs and
// the kernel log, so it works exactly when the driver failed.
#include <fmt/format.h>

#include "reports/judge/evidence.hpp"
#include "reports/judge/rule.hpp"
#include "reports/nvml/nvml_driver.hpp"

namespace rigcheck {
namespace {

const std::vector<std::string> kPowerCableAdvice{
    "Connect the card's 8-pin power input to a CPU EPS-12V cable, or use NVIDIA's CPU-8-pin to 2x PCIe-8-pin "
    "adapter: the Tesla socket has the EPS-12V pinout (4x12 V on one row), not PCIe 6+2.",
    "Never force a PCIe 8-pin plug into it: that shorts 12 V to ground.",
    "Use a power supply of at least 600 W for one 250 W card in a desktop.",
};

}  // namespace

std::optional<Check> judge_host_driver_sysfs(const RuleContext& context, const GpuEntry& gpu) {
  const auto& pci = gpu.pci;
  if (!is_compute_candidate(pci)) return std::nullopt;
  const auto& report = context.report;
  auto init_failures = events_for(report, pci, {KernelEventKind::rm_init_adapter_failed, KernelEventKind::nvidia_probe_failed});
  auto cables = events_for(report, pci, {KernelEventKind::power_cables_missing});
  auto bar_lines = events_for(report, pci, {KernelEventKind::nvrm_invalid_bar, KernelEventKind::nvrm_bios_misconfigured});
  auto xids = events_for(report, pci, {KernelEventKind::xid});

  Check check;
  check.id = "host.driver";
  check.evidence.push_back(pci.driver ? fmt::format("{} is bound to driver '{}'", pci.bdf, *pci.driver)
                                      : fmt::format("{} has no driver bound", pci.bdf));
  if (report.host.nvidia_driver_version) check.evidence.push_back("NVIDIA driver: " + *report.host.nvidia_driver_version);
  for (const auto* e : cables) check.evidence.push_back(e->line);
  for (const auto* e : init_failures) check.evidence.push_back(e->line);
  for (const auto* e : bar_lines) check.evidence.push_back(e->line);

  if (!cables.empty()) {
    check.status = CheckStatus::fail;
    check.summary = "the driver refused the card: it has no (or not enough) power from its power cable";
    check.advice = kPowerCableAdvice;
    return check;
  }
  if (!init_failures.empty()) {
    check.status = CheckStatus::fail;
    const auto* first = init_failures.front();
    bool bar_problem = !bar_lines.empty() || (first->code && first->code->starts_with("0x24:0x72"));
    check.summary = first->kind == KernelEventKind::rm_init_adapter_failed
                        ? fmt::format("the driver could not initialise the card (RmInitAdapter failed{})",
                                      first->code ? ", " + *first->code : "")
                        : fmt::format("the driver's probe of the card failed{}", first->code ? " (error " + *first->code + ")" : "");
    if (bar_problem) {
      check.summary += ": its BAR is not usable (see pcie.bar)";
      check.advice = {"Fix pcie.bar first: enable Above 4G Decoding and disable CSM, then reboot."};
    } else {
      check.advice = {"Check the power cable (EPS-12V / CPU 8-pin) and the seating of the card.",
                      "Make sure the driver branch supports the card: Maxwell/Pascal (M40/P40) need R580 or an "
                      "older branch.",
                      "Look at the full kernel log around the NVRM lines for the cause."};
    }
    return check;
  }
  if (!pci.driver) {
    check.status = CheckStatus::warn;
    check.summary = "no driver is bound to the card";
    check.advice = {is_nvidia(pci) ? "Install the NVIDIA driver (for Tesla M40/P40 a branch up to R580, the last that "
                                     "supports Maxwell and Pascal) and reboot."
                                   : "Install the vendor's driver and reboot."};
    return check;
  }
  if (is_nvidia(pci) && *pci.driver == "nouveau") {
    check.status = CheckStatus::warn;
    check.summary = "the card is driven by nouveau, which cannot run CUDA";
    check.advice = {"Install the NVIDIA driver and blacklist nouveau."};
    return check;
  }
  if (*pci.driver == "vfio-pci" || *pci.driver == "pci-stub") {
    check.status = CheckStatus::warn;
    check.summary = fmt::format("the card is bound to {} (reserved for a virtual machine)", *pci.driver);
    check.advice = {"Run rigcheck inside the virtual machine that owns the card."};
    return check;
  }
  std::vector<const KernelLogEvent*> other_xids;
  for (const auto* e : xids)
    if (!e->xid || *e->xid != 79) other_xids.push_back(e);
  if (!other_xids.empty()) {
    check.status = CheckStatus::warn;
    check.summary = fmt::format("driver '{}' is bound; the kernel log has {} Xid error(s) for this GPU", *pci.driver, other_xids.size());
    for (const auto* e : other_xids) check.evidence.push_back(e->line);
    check.advice = {"Xid errors are driver-reported GPU faults: see NVIDIA's Xid catalog for each number; repeated "
                    "Xid 13/31/43 under load with a healthy card often point to the application, Xid 48/63/64/92/94/95 "
                    "to memory (see vram.*)."};
    return check;
  }
  check.status = CheckStatus::pass;
  check.summary = fmt::format("driver '{}' is bound{}", *pci.driver,
                              report.host.nvidia_driver_version && is_nvidia(pci) ? " (" + *report.host.nvidia_driver_version + ")" : "");
  return check;
}

// sysfs and the kernel log first; NVML's own answer (init failure and its message) on top.
std::optional<Check> rule_host_driver(const RuleContext& context, const GpuEntry& gpu) {
  auto check = judge_host_driver_sysfs(context, gpu);
  if (check && is_nvidia(gpu.pci) && context.report.nvml)
    if (auto finding = nvml_driver_finding(*context.report.nvml)) merge_finding(*check, *finding);
  return check;
}

}  // namespace rigcheck
