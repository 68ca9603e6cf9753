#pragma once
// PCIe findings from NVML's series, merged into pcie.errors and pcie.link (reports/judge/).
#include <optional>

#include "reports/model.hpp"
#include "reports/nvml/finding.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

// Replay counter growth during the run: last minus first sample of pcie_replay_count.
// fail above policy.pcie_errors.replay_fail_above (DCGM's pcie test uses 80), warn above
// replay_warn_above, else pass. nullopt without a series or with fewer than two readings.
std::optional<Finding> replay_counter_finding(const GpuEntry& gpu, const Policy& policy);

// The best link seen while the GPU was busy (util_gpu_pct > 50, or power_w at least half the
// enforced power limit) against NVML's max gen/width for this device and system. Idle links
// downshift by design, so only busy samples count; nullopt when there are none or no max is known.
// Speed below policy.pcie_link.min_speed_fraction_under_load of max, or width at most half of
// max -> fail; a narrower width -> warn; else pass.
std::optional<Finding> link_under_load_finding(const GpuEntry& gpu, const Policy& policy);

// PCIe transfer rate per lane of a generation, GT/s (PCI-SIG: 2.5, 5, 8, 16, 32, 64).
std::optional<double> pcie_gen_speed_gts(int gen);

}  // namespace rigcheck
