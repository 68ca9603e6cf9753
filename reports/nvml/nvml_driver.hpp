#pragma once
// host.driver's NVML part: the library loaded but nvmlInit failed -> the driver's own message and
// the fix; reports/judge/rule_host_driver.cpp merges it into host.driver.
#include <optional>

#include "reports/nvml/finding.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck {

// nullopt when the library is absent (host.driver decides from sysfs and the kernel log whether a
// driver should be there); fail when init failed; warn when some devices could not be opened;
// pass otherwise (versions as evidence).
std::optional<Finding> nvml_driver_finding(const NvmlSystemFacts& system);

}  // namespace rigcheck
