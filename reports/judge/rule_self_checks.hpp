#pragma once
// What the self-checks of a GPU mean for its checks and for the verdict: a check that rests on a
// detector that failed its self-test is `error` (its result is not trusted, whatever it said); a
// tested GPU whose detectors were not verified (no self-checks recorded, or not run) keeps its
// checks, and the verdict says so. A disagreement between two backends on the same card (the
// cross-check) only puts the check it bears on in doubt: that check is `warn`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/model.hpp"

namespace rigcheck {

// Turns every judged (non-skip) check that relies on a failed self-check into `error`; a check
// that passed but on which the backends disagree into `warn`.
void apply_failed_self_checks(GpuEntry& gpu);

// Why the results of check `check_id` cannot be trusted on this GPU ("the timer self-check failed"),
// or nullopt: what the rule above applies, for those who read measurements directly (GPT-2 inputs).
std::optional<std::string> distrusting_self_check(const GpuEntry& gpu, std::string_view check_id);

// A detector that failed its self-test (a disagreement between backends does not count).
bool has_failed_self_check(const GpuEntry& gpu);

// Verdict reasons from the self-checks of one GPU: one `error` per failed detector, and one
// `skip` saying which detectors were not verified on a GPU that this run tested.
std::vector<VerdictReason> self_check_verdict_reasons(const GpuEntry& gpu);

}  // namespace rigcheck
