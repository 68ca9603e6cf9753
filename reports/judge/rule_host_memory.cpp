// host.memory: host RAM as found. The GPT-2 model adds the requirement (offload needs host RAM).
#include <fmt/format.h>

#include "reports/judge/evidence.hpp"
#include "reports/judge/rule.hpp"
#include "reports/units.hpp"

namespace rigcheck {

std::optional<Check> rule_host_memory(const RuleContext& context) {
  const auto& host = context.report.host;
  if (!host.memory_total_bytes)
    return make_check("host.memory", CheckStatus::skip, "host memory size unknown (/proc/meminfo unreadable)");
  Check check = make_check("host.memory", CheckStatus::pass,
                           fmt::format("{} of host RAM{}", format_bytes(*host.memory_total_bytes),
                                       host.memory_available_bytes
                                           ? fmt::format(" ({} available)", format_bytes(*host.memory_available_bytes))
                                           : ""));
  check.metrics["total_bytes"] = {static_cast<double>(*host.memory_total_bytes), "bytes"};
  if (host.memory_available_bytes)
    check.metrics["available_bytes"] = {static_cast<double>(*host.memory_available_bytes), "bytes"};
  return check;
}

}  // namespace rigcheck
