#include "app/check_steps.hpp"

#include <algorithm>

#include "reports/judge/check_selection.hpp"

namespace rigcheck {
namespace {

struct CheckStep {
  std::string id;  // a check id or the group of them at a dot
  StepKind step;
};

// Which step measures what each check judges; run.<step> is the step itself.
std::vector<CheckStep> check_step_table() {
  std::vector<CheckStep> table{
      {"vram.integrity", StepKind::vram},        {"pcie.bandwidth", StepKind::transfers},
      {"compute", StepKind::compute},            {"power.sustained", StepKind::burn},
      {"thermal.sustained", StepKind::burn},     {"stability.compute", StepKind::burn},
      // The cross-check bears on the VRAM and GEMM results (standard and burn-in profiles).
      {"vram.integrity", StepKind::cross_check}, {"compute.gemm", StepKind::cross_check},
  };
  for (const auto& step : step_table()) table.push_back({"run." + std::string(step.name), step.kind});
  // A baseline figure may come from any step.
  for (const auto& step : step_table()) table.push_back({"baseline", step.kind});
  return table;
}

}  // namespace

std::vector<StepKind> steps_for_checks(const std::vector<std::string>& selection) {
  std::vector<StepKind> needed;
  for (const auto& row : check_step_table())
    for (const auto& id : selection)
      // "pcie" selects pcie.bandwidth; "compute.gemm.fp16" lies in the row "compute".
      if (check_selected(row.id, {id}) || check_selected(id, {row.id})) needed.push_back(row.step);
  std::vector<StepKind> ordered;
  for (const auto& step : step_table())
    if (std::find(needed.begin(), needed.end(), step.kind) != needed.end()) ordered.push_back(step.kind);
  return ordered;
}

}  // namespace rigcheck
