#include "reports/judge/evidence.hpp"

#include <algorithm>

namespace rigcheck {

bool is_nvidia(const PciFacts& pci) { return pci.vendor_id == 0x10de; }

bool is_compute_candidate(const PciFacts& pci) {
  constexpr std::uint16_t kAmd = 0x1002;
  constexpr std::uint32_t k3dController = 0x0302;
  return is_nvidia(pci) || pci.vendor_id == kAmd || (pci.class_code >> 8) == k3dController;
}

std::vector<const KernelLogEvent*> events_for(const Report& report, const PciFacts& pci,
                                              std::initializer_list<KernelEventKind> kinds) {
  std::vector<const KernelLogEvent*> found;
  for (const auto& event : report.host.kernel_log.events) {
    if (std::find(kinds.begin(), kinds.end(), event.kind) == kinds.end()) continue;
    bool concerns = event.bdf ? pci.bdf.starts_with(*event.bdf) : is_nvidia(pci);
    if (concerns) found.push_back(&event);
  }
  return found;
}

const PciBar* framebuffer_bar(const PciFacts& pci) {
  const PciBar* best = nullptr;
  for (const auto& bar : pci.bars)
    if (bar.index < 6 && bar.is_memory && (best == nullptr || bar.size_bytes > best->size_bytes)) best = &bar;
  return best;
}

Check make_check(std::string_view id, CheckStatus status, std::string summary) {
  Check check;
  check.id = std::string(id);
  check.status = status;
  check.summary = std::move(summary);
  return check;
}

}  // namespace rigcheck
