#pragma once
// pcie.bandwidth: host<->device copies (pinned memory, the largest sizes) against what the link
// they ran on can carry; and the link seen during those copies, judged for pcie.link.
#include <optional>

#include "reports/check.hpp"
#include "reports/model.hpp"
#include "reports/nvml/finding.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

inline constexpr const char* kPcieBandwidthCheckId = "pcie.bandwidth";

// skip when no transfer test ran or the device has no PCIe link (evidence keeps the figures).
Check judge_pcie_bandwidth(const GpuEntry& gpu, const Policy& policy);

// The best speed and width sysfs showed while the large copies ran, against what card and slot
// allow; nullopt when no link was sampled. Merged into pcie.link.
std::optional<Finding> link_during_transfer_finding(const GpuEntry& gpu, const Policy& policy);

}  // namespace rigcheck
