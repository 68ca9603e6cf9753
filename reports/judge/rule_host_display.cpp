// host.display (informational): which device drives the screen. M40/P40 have no outputs, so a
// second small card or the board's adapter drives the display.
#include <fmt/format.h>

#include "reports/cards.hpp"
#include "reports/judge/evidence.hpp"
#include "reports/judge/rule.hpp"

namespace rigcheck {

std::optional<Check> rule_host_display(const RuleContext& context) {
  const auto& gpus = context.report.gpus;
  if (gpus.empty()) return make_check("host.display", CheckStatus::skip, "no display-class PCI device found");
  const GpuEntry* display = nullptr;
  for (const auto& gpu : gpus)
    if (gpu.pci.boot_vga.value_or(false)) display = &gpu;
  if (display == nullptr)  // no boot_vga flag: the first VGA-class device with a driver
    for (const auto& gpu : gpus)
      if ((gpu.pci.class_code >> 8) == 0x0300 && gpu.pci.driver && display == nullptr) display = &gpu;

  Check check;
  check.id = "host.display";
  check.status = CheckStatus::pass;
  std::vector<std::string> headless;
  for (const auto& gpu : gpus) {
    const CardSpec* card = find_card(gpu.pci.vendor_id, gpu.pci.device_id);
    bool no_outputs = (gpu.pci.class_code >> 8) == 0x0302 || (card != nullptr && !card->has_display_outputs);
    check.evidence.push_back(fmt::format("{} {} class {:06x}{}{}", gpu.pci.bdf, gpu.name, gpu.pci.class_code,
                                         gpu.pci.boot_vga.value_or(false) ? " (boot VGA)" : "",
                                         no_outputs ? " (no display outputs)" : ""));
    if (no_outputs) headless.push_back(gpu.name);
  }
  if (display != nullptr) {
    check.summary = fmt::format("the display is driven by {} ({})", display->name, display->pci.bdf);
    if (!headless.empty() && (display->pci.class_code >> 8) == 0x0300)
      check.summary += fmt::format("; {} has no outputs and is free for compute", headless.front());
  } else {
    check.summary = "no display adapter drives a screen: use the machine over SSH, or add a small display card "
                    "(the compute card has no outputs)";
  }
  return check;
}

}  // namespace rigcheck
