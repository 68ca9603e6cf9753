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

namespace {

int severity(CheckStatus status) {
  switch (status) {
    case CheckStatus::skip: return 0;
    case CheckStatus::pass: return 1;
    case CheckStatus::error: return 2;
    case CheckStatus::warn: return 3;
    case CheckStatus::fail: return 4;
  }
  return 0;
}

}  // namespace

void merge_finding(Check& check, const Finding& finding) {
  if (severity(finding.status) > severity(check.status)) {
    if (check.status != CheckStatus::skip) check.evidence.push_back(check.summary);
    check.status = finding.status;
    check.summary = finding.summary;
  } else {
    check.evidence.push_back(finding.summary);
  }
  if (finding.status == CheckStatus::fail || finding.status == CheckStatus::warn)
    check.advice.insert(check.advice.end(), finding.advice.begin(), finding.advice.end());
  check.evidence.insert(check.evidence.end(), finding.evidence.begin(), finding.evidence.end());
  for (const auto& [name, metric] : finding.metrics) check.metrics[name] = metric;
}

Check make_check(std::string_view id, CheckStatus status, std::string summary) {
  Check check;
  check.id = std::string(id);
  check.status = status;
  check.summary = std::move(summary);
  return check;
}

}  // namespace rigcheck
