#pragma once
// Probe the machine, run a suite plan, judge: what `run`, `compute` and `burn` share.
#include <optional>

#include "app/options.hpp"
#include "app/suite.hpp"
#include "reports/model.hpp"

namespace rigcheck {

// The judged report, or nullopt after printing one line (bad input: the exit code is in `exit_code`).
std::optional<Report> probe_and_run(const GlobalOptions& options, const SuitePlan& plan, int& exit_code);

}  // namespace rigcheck
