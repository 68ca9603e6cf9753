// run.<step>: a test step that gave no result on this GPU (could not start, or its worker crashed
// or went silent). The measurement it would have made is missing, so the verdict cannot be sound.
#include <fmt/format.h>

#include "reports/judge/rule.hpp"

namespace rigcheck {

std::vector<Check> rule_step_failures(const RuleContext&, const GpuEntry& gpu) {
  std::vector<Check> checks;
  for (const auto& failure : gpu.measurements.step_failures) {
    Check check;
    check.id = "run." + failure.step;
    check.status = CheckStatus::error;
    check.summary = fmt::format("the {} step gave no result: {}", failure.step, failure.what);
    check.advice = {"Look at pcie.errors and the kernel log for this card; run `rigcheck " +
                        (failure.step == "transfers" ? std::string("vram") : failure.step) +
                        " --gpu " + std::to_string(gpu.index) + "` alone to reproduce it."};
    check.evidence = {failure.what};
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace rigcheck
