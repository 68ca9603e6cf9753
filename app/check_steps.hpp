#pragma once
// `run --only CHECK,...`: the test steps the named checks need. Checks judged from the probe
// alone (host.*, pcie.link, vram.ecc, gpt2.fit) need none: the probe always runs.
#include <string>
#include <vector>

#include "app/step.hpp"

namespace rigcheck {

// The steps, in the step table's order, that the selected check ids (valid ones:
// reports/judge/check_selection.hpp) need.
std::vector<StepKind> steps_for_checks(const std::vector<std::string>& selection);

}  // namespace rigcheck
