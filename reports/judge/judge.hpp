#pragma once
// judge(report, policy): the pure function from facts and measurements to checks and a verdict.
// A stored report can be re-judged under another policy; every rule is tested from fixtures.
#include "reports/model.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

// Replaces every check and the verdict; facts and measurements are left as they are.
Report judge(Report report, const Policy& policy);

}  // namespace rigcheck
