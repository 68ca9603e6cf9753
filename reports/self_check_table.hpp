#pragma once
// One row per self-check kind: how reports name the detector, which checks rely on it (and so
// cannot be trusted when it failed), and which measurements need it proven. The judge, the
// renderers' one-line summary and `rigcheck selftest` read this table.
#include <string_view>
#include <vector>

#include "reports/measurements.hpp"
#include "reports/self_check.hpp"

namespace rigcheck {

// What a failed self-check of a kind means for the checks that rely on it.
enum class SelfCheckFailure {
  results_not_trusted,  // the detector is broken here: relying checks are `error`, the verdict `untested`
  relying_check_warns,  // two paths disagree: the check the subject names is `warn` (the cross-check)
};

struct SelfCheckRow {
  SelfCheckKind kind;
  std::string_view label;           // "VRAM", "GEMM", "burn comparison"
  bool label_lists_subjects;        // "GEMM fp32/fp16" (subjects are what the user reads) vs "VRAM"
  // Check ids (or id prefixes ending before a '.') whose result rests on this detector; a subject
  // such as "fp16" narrows a prefix to "<prefix>.<subject>".
  std::vector<std::string_view> relying_checks;
  bool subject_narrows_checks;      // the subject names a precision of the relying checks
  std::string_view failed_summary;  // the summary a relying check gets when the detector failed
  bool (*needed_by)(const Measurements&);  // measurements that are only trusted with it proven
  SelfCheckFailure on_failure = SelfCheckFailure::results_not_trusted;
};

const std::vector<SelfCheckRow>& self_check_table();
const SelfCheckRow& self_check_row(SelfCheckKind kind);

// True when `check_id` is `relying_id` or one of its family ("compute.gemm" holds "compute.gemm.fp16").
bool check_id_in(std::string_view check_id, std::string_view relying_id);

}  // namespace rigcheck
