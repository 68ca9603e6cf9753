#pragma once
// `run --only CHECK,...`: which check ids a selection may name, and which checks it selects. A
// selection names a catalog id ("pcie.link"), a group of them at a dot ("pcie", "compute.gemm"),
// or an id with its placeholder filled ("compute.gemm.fp16", "run.vram").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

// One line for the first id no catalog check answers to, listing the valid ids; nullopt when all are valid.
std::optional<std::string> check_selection_problem(const std::vector<std::string>& ids);

// Whether `check_id` (as judged: "compute.gemm.fp16") is one the selection names.
bool check_selected(std::string_view check_id, const std::vector<std::string>& selection);

}  // namespace rigcheck
