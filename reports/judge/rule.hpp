#pragma once
// The check catalog: one row per rule (id, what it judges, the function). A new check is a new
// rule file plus one row in catalog.cpp — the nvbandwidth way.
#include <optional>
#include <string_view>
#include <vector>

#include "reports/model.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

struct RuleContext {
  const Report& report;
  const Policy& policy;
};

// A per-GPU rule returns the checks it makes for that device: none when it does not apply, several
// for families such as compute.gemm.<precision>.
using GpuRuleFn = std::vector<Check> (*)(const RuleContext&, const GpuEntry&);
using SystemRuleFn = std::optional<Check> (*)(const RuleContext&);

struct GpuRule {
  std::string_view id;
  std::string_view description;
  GpuRuleFn run;
  std::string_view makes = {};  // a family rule: the check ids it makes, space-separated; empty: `id`
};

struct SystemRule {
  std::string_view id;
  std::string_view description;
  SystemRuleFn run;
};

const std::vector<GpuRule>& gpu_rules();

// Adapts a rule that makes at most one check to GpuRuleFn.
template <std::optional<Check> (*Rule)(const RuleContext&, const GpuEntry&)>
std::vector<Check> single_check(const RuleContext& context, const GpuEntry& gpu) {
  if (auto check = Rule(context, gpu)) return {std::move(*check)};
  return {};
}
const std::vector<SystemRule>& system_rules();

// Ranking for the verdict: lower is fixed first (a BAR or driver failure before a slow link
// before a warm card). Unknown ids rank last.
int fix_order(std::string_view check_id);

}  // namespace rigcheck
