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

// A per-GPU rule returns nullopt when it does not apply to that device (then no check is listed).
using GpuRuleFn = std::optional<Check> (*)(const RuleContext&, const GpuEntry&);
using SystemRuleFn = std::optional<Check> (*)(const RuleContext&);

struct GpuRule {
  std::string_view id;
  std::string_view description;
  GpuRuleFn run;
};

struct SystemRule {
  std::string_view id;
  std::string_view description;
  SystemRuleFn run;
};

const std::vector<GpuRule>& gpu_rules();
const std::vector<SystemRule>& system_rules();

// Ranking for the verdict: lower is fixed first (a BAR or driver failure before a slow link
// before a warm card). Unknown ids rank last.
int fix_order(std::string_view check_id);

}  // namespace rigcheck
