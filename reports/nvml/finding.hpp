#pragma once
// A finding: part of a check's judgement that reports/judge/ merges into a check owned elsewhere
// (pcie.errors, pcie.link, host.driver). Same fields as a Check, without the id.
#include <map>
#include <string>
#include <vector>

#include "reports/check.hpp"

namespace rigcheck {

struct Finding {
  CheckStatus status = CheckStatus::pass;
  std::string summary;
  std::vector<std::string> advice;
  std::vector<std::string> evidence;
  std::map<std::string, Metric> metrics;
};

}  // namespace rigcheck
