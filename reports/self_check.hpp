#pragma once
// A self-check: rigcheck proving one of its own detectors (or its timer) on the device under test,
// by planting a known fault or a known answer and seeing whether the detector reports exactly it.
// A detector that was not proven on a device makes the checks that rely on it unverifiable there.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

// What was proven. One row per detector in reports/enum_names.cpp.
enum class SelfCheckKind {
  vram_detector,    // planted bit flips in a canary region are reported exactly (words and bits)
  gemm_detector,    // a known exact GEMM result is reproduced and a planted corruption is caught
  burn_comparison,  // the result comparison under load catches a planted mismatch
  timer,            // the device timer agrees with the host's monotonic clock
  cross_backend,    // CUDA and Vulkan agree on the same card
};

enum class SelfCheckOutcome {
  passed,   // the detector found exactly what was planted
  failed,   // it missed a planted fault, or reported one that was not planted: results not trusted
  not_run,  // could not run here (detail says why): the detector is not verified on this device
};

std::string_view to_string(SelfCheckKind kind);
std::optional<SelfCheckKind> self_check_kind_from_string(std::string_view text);
std::string_view to_string(SelfCheckOutcome outcome);
std::optional<SelfCheckOutcome> self_check_outcome_from_string(std::string_view text);

struct SelfCheck {
  SelfCheckKind kind = SelfCheckKind::vram_detector;
  std::string subject;  // which variant: a pattern family, a precision ("fp16"), a backend pair; may be empty
  SelfCheckOutcome outcome = SelfCheckOutcome::not_run;
  std::string detail;   // what was planted and what came back, or why it did not run
};

// A GPU's self-checks; std::nullopt on a GPU entry means the report predates self-checks (or came
// from elsewhere): its detectors were never verified on that device.
using SelfChecks = std::vector<SelfCheck>;

}  // namespace rigcheck
