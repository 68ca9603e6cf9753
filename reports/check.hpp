#pragma once
// A check: the judgement of one rule over the facts and measurements of a GPU or of the host.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

enum class CheckStatus { pass, warn, fail, skip, error };

std::string_view to_string(CheckStatus status);
std::optional<CheckStatus> check_status_from_string(std::string_view text);

// A number with its unit ("bytes", "celsius", "watts", "GT/s", "count", ...).
struct Metric {
  double value = 0;
  std::string unit;
};

struct Check {
  std::string id;  // e.g. "pcie.bar", "compute.gemm.fp32"
  CheckStatus status = CheckStatus::skip;
  std::string summary;
  std::vector<std::string> advice;
  std::map<std::string, Metric> metrics;
  std::vector<std::string> evidence;  // the facts or log lines the judgement rests on
};

}  // namespace rigcheck
