#pragma once
// `--baseline KNOWN_GOOD.json`: each key figure of a GPU held against the same figure of the same
// card model in a known-good report. A figure worse by more than the policy's tolerance and
// outside both measurements' spread becomes a failing check `baseline.<figure>`; inside the
// spread it is "same". Pure: both reports are loaded by the caller.
#include "reports/model.hpp"
#include "reports/policy.hpp"
#include "reports/result.hpp"

namespace rigcheck {

// Adds the baseline checks to every GPU and re-decides the verdict. An error (the baseline holds
// no GPU to match, or another card model) says why in one line: the caller exits 2.
Result<Report> apply_baseline(Report judged, const Report& baseline, const Policy& policy);

}  // namespace rigcheck
