// pcie.bar: the BAR that maps VRAM must be assigned and as large as the card asks for.
// Used Teslas (M40/P40) need a 32 GiB 64-bit prefetchable BAR1: with Above 4G Decoding off or
// CSM on, the firmware cannot place it and the driver fails ("No devices were found").
#include <fmt/format.h>

#include "reports/cards.hpp"
#include "reports/judge/evidence.hpp"
#include "reports/judge/rule.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

std::vector<std::string> bar_advice(const Report& report) {
  std::vector<std::string> advice{
      "Enable 'Above 4G Decoding' (also called 'Above 4GB MMIO' or '64-bit resource handling') in the "
      "firmware setup and disable CSM, so the machine boots in UEFI mode.",
      "In a virtual machine: use UEFI (OVMF) firmware and give the guest a 64-bit MMIO window large enough "
      "for the BAR (e.g. QEMU -global q35-pcihost.pci-hole64-size=64G).",
  };
  bool has_realloc = report.host.kernel_cmdline && report.host.kernel_cmdline->find("pci=realloc") != std::string::npos;
  if (has_realloc)
    advice.push_back("The kernel command line already has pci=realloc; on this board the firmware option is "
                     "needed (or try pci=realloc,nocrs).");
  else
    advice.push_back("On boards without that option, add pci=realloc (sometimes pci=realloc,nocrs) to the "
                     "kernel command line.");
  return advice;
}

std::string describe(const PciBar& bar) {
  return fmt::format("BAR {}: {} {}{}{} at 0x{:x}", bar.index, format_bytes(bar.size_bytes),
                     bar.is_64bit ? "64-bit" : "32-bit", bar.is_prefetchable ? " prefetchable" : "",
                     bar.is_assigned ? "" : " (unassigned)", bar.start);
}

std::optional<Check> judge_pcie_bar(const RuleContext& context, const GpuEntry& gpu) {
  const auto& pci = gpu.pci;
  const PciBar* bar = framebuffer_bar(pci);
  auto log_events = events_for(context.report, pci,
                               {KernelEventKind::bar_assign_failed, KernelEventKind::bar_no_compatible_window,
                                KernelEventKind::bar_above_4g_unsupported, KernelEventKind::nvrm_invalid_bar});
  if (bar == nullptr && log_events.empty()) {
    if (!pci.problems.empty()) {
      auto check = make_check("pcie.bar", CheckStatus::error, "the BARs could not be read");
      for (const auto& p : pci.problems) check.evidence.push_back(p.path + ": " + p.reason);
      return check;
    }
    return make_check("pcie.bar", CheckStatus::skip, "the device has no memory BAR");
  }

  const CardSpec* card = find_card(pci.vendor_id, pci.device_id);
  std::vector<std::string> problems;
  if (bar != nullptr && !bar->is_assigned)
    problems.push_back(fmt::format("BAR {} ({}) has no address assigned", bar->index, format_bytes(bar->size_bytes)));
  if (bar != nullptr && card != nullptr && card->bar1_bytes && bar->size_bytes < *card->bar1_bytes)
    problems.push_back(fmt::format("BAR {} is {} but a {} needs {}", bar->index, format_bytes(bar->size_bytes),
                                   card->name, format_bytes(*card->bar1_bytes)));
  if (!log_events.empty()) problems.push_back("the kernel log shows a BAR assignment failure for this device");

  Check check;
  check.id = "pcie.bar";
  for (const auto& b : pci.bars)
    if (b.index < 6) check.evidence.push_back(describe(b));
  for (const auto* e : log_events) check.evidence.push_back(e->line);
  if (bar != nullptr) {
    check.metrics["bar_size_bytes"] = {static_cast<double>(bar->size_bytes), "bytes"};
    if (bar->resizable_sizes_mask)
      check.evidence.push_back(fmt::format("BAR {} is resizable (sizes mask 0x{:x})", bar->index, *bar->resizable_sizes_mask));
  }
  if (problems.empty()) {
    check.status = CheckStatus::pass;
    check.summary = fmt::format("BAR {} ({}, {}) assigned at 0x{:x}{}", bar->index, format_bytes(bar->size_bytes),
                                bar->is_64bit ? "64-bit" : "32-bit", bar->start,
                                bar->start >= (1ull << 32) ? " (above 4 GiB)" : "");
    return check;
  }
  check.status = CheckStatus::fail;
  check.summary = problems.front();
  for (size_t i = 1; i < problems.size(); ++i) check.summary += "; " + problems[i];
  check.advice = bar_advice(context.report);
  return check;
}

}  // namespace

std::optional<Check> rule_pcie_bar(const RuleContext& context, const GpuEntry& gpu) { return judge_pcie_bar(context, gpu); }

}  // namespace rigcheck
