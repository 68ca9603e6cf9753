#pragma once
// The check catalog: one row per rule (id, what it judges, the function, the checks it makes and
// where each stands in the fix order). A new check is a new rule file plus one row in catalog.cpp:
// the listing order, `rigcheck list-checks` and the verdict's fix order all come from that row.
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

// One check id a rule makes and its place in the fix order.
struct MadeCheck {
  std::string_view id;  // "pcie.link", or a family: "compute.gemm.<precision>"
  int fix_rank;         // lower is fixed first: a cause before its symptoms; unique in the catalog
};

struct GpuRule {
  std::string_view id;
  std::string_view description;
  GpuRuleFn run;
  std::vector<MadeCheck> makes;  // in the order checks are listed
};

struct SystemRule {
  std::string_view id;
  std::string_view description;
  SystemRuleFn run;
  int fix_rank;
};

// A check made outside the rules (baseline.<figure>, only with --baseline: reports/compare/).
struct OtherCheck {
  MadeCheck check;
  std::string_view description;
};

const std::vector<GpuRule>& gpu_rules();

// Adapts a rule that makes at most one check to GpuRuleFn.
template <std::optional<Check> (*Rule)(const RuleContext&, const GpuEntry&)>
std::vector<Check> single_check(const RuleContext& context, const GpuEntry& gpu) {
  if (auto check = Rule(context, gpu)) return {std::move(*check)};
  return {};
}
const std::vector<SystemRule>& system_rules();
const std::vector<OtherCheck>& other_checks();

// Every check id of the catalog with its fix rank, in listing order: GPU rules, system rules, others.
std::vector<MadeCheck> catalog_checks();

// Ranking for the verdict, from the catalog's fix ranks: lower is fixed first (a BAR or driver
// failure before a slow link before a warm card). A family row ("compute.gemm.<precision>") ranks
// every id under its prefix; a row also ranks ids under it at a dot. Unknown ids rank last.
int fix_order(std::string_view check_id);

}  // namespace rigcheck
