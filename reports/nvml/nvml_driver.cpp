#include "reports/nvml/nvml_driver.hpp"

#include <fmt/format.h>

namespace rigcheck {

std::optional<Finding> nvml_driver_finding(const NvmlSystemFacts& s) {
  if (!s.loaded) return std::nullopt;
  Finding f;
  f.evidence.push_back(fmt::format("NVML library {} ({})", s.library, s.init_symbol.value_or("no init symbol")));
  if (!s.initialized) {
    f.status = CheckStatus::fail;
    f.summary = fmt::format("NVML is installed but does not start: {}", s.init_error.value_or("unknown error"));
    if (s.fix_hint) f.advice.push_back(*s.fix_hint);
    return f;
  }
  if (s.driver_version) f.evidence.push_back("driver " + *s.driver_version.value);
  if (s.nvml_version) f.evidence.push_back("NVML " + *s.nvml_version.value);
  if (s.cuda_driver_version) f.evidence.push_back("CUDA driver API " + *s.cuda_driver_version.value);
  for (const auto& p : s.problems) f.evidence.push_back(p);
  const int count = s.device_count.value.value_or(0);
  if (!s.problems.empty()) {
    f.status = CheckStatus::warn;
    f.summary = fmt::format("NVML started but {} of {} devices could not be opened", s.problems.size(), count);
    f.advice.push_back("See the kernel log for NVRM errors for those devices (power cables, BAR placement)");
    return f;
  }
  f.status = CheckStatus::pass;
  f.summary = fmt::format("NVML {} with driver {}: {} device(s)", s.nvml_version.value.value_or("?"),
                          s.driver_version.value.value_or("?"), count);
  return f;
}

}  // namespace rigcheck
