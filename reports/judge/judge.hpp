#pragma once
// judge(report, policy): the pure function from facts and measurements to checks and a verdict.
// A stored report can be re-judged under another policy; every rule is tested from fixtures.
#include "reports/model.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

// Replaces every check and the verdict; facts and measurements are left as they are.
Report judge(Report report, const Policy& policy);

// The verdict over the checks a report holds now (for callers that add or drop checks: gate, baseline).
Verdict decide_verdict(const Report& report);

}  // namespace rigcheck
