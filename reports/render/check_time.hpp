#pragma once
// How long the measurement behind a check took, in seconds: what JUnit's `time` means for a
// hardware check. Pure judgements over facts (pcie.bar, host.driver, ...) took no measured time: 0.
#include <string_view>

#include "reports/model.hpp"

namespace rigcheck {

double check_measurement_seconds(const GpuEntry& gpu, std::string_view check_id);

}  // namespace rigcheck
