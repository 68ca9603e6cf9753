#pragma once
// Small helpers shared by the rules: kernel-log events of one device, device roles.
#include <initializer_list>
#include <string>
#include <vector>

#include "reports/model.hpp"
#include "reports/nvml/finding.hpp"

namespace rigcheck {

// Kernel-log events that concern `pci` (matched by address; Xid lines carry no function number,
// and a line without an address concerns every NVIDIA device).
std::vector<const KernelLogEvent*> events_for(const Report& report, const PciFacts& pci,
                                              std::initializer_list<KernelEventKind> kinds);

// A GPU that compute work targets (NVIDIA or AMD, or any 3D controller) as opposed to a BMC or
// onboard display adapter.
bool is_compute_candidate(const PciFacts& pci);
bool is_nvidia(const PciFacts& pci);

// The BAR that maps VRAM (NVIDIA: BAR1): the largest memory BAR below the ROM.
const PciBar* framebuffer_bar(const PciFacts& pci);

Check make_check(std::string_view id, CheckStatus status, std::string summary);

// Folds a finding from another source (NVML) into a check: the worse status wins and brings its
// summary; the other summary stays as evidence; advice, evidence and metrics are added.
void merge_finding(Check& check, const Finding& finding);

}  // namespace rigcheck
