// host.memory: host RAM against what the policy's GPT-2 tasks need (offload keeps optimizer state in
// host RAM); without a GPT-2 table, the facts alone.
#include <fmt/format.h>

#include "reports/gpt2/gpt2_judge.hpp"
#include "reports/judge/evidence.hpp"
#include "reports/judge/rule.hpp"
#include "reports/units.hpp"

namespace rigcheck {

std::optional<Check> rule_host_memory(const RuleContext& context) {
  const auto& host = context.report.host;
  // With a GPT-2 table, host RAM is judged against the offload tasks the policy requires.
  if (context.report.gpt2) return judge_host_memory(host, *context.report.gpt2, context.policy);
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

namespace rigcheck {

// gpt2.fit: every GPT-2 task the policy requires fits this machine (reports/gpt2/gpt2_judge.cpp).
std::optional<Check> rule_gpt2_fit(const RuleContext& context) {
  if (!context.report.gpt2)
    return make_check("gpt2.fit", CheckStatus::skip, "no GPU to size GPT-2 for (no VRAM known)");
  return judge_gpt2_fit(*context.report.gpt2, context.policy.gpt2);
}

}  // namespace rigcheck
