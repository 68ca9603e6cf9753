#include "reports/cross_backend.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "reports/units.hpp"

namespace rigcheck {
namespace {

// How one side's canaries came out: every one passed, one failed, or they could not all run.
SelfCheckOutcome canaries_outcome(const SelfChecks& canaries) {
  if (canaries.empty()) return SelfCheckOutcome::not_run;
  bool any_not_run = false;
  for (const auto& sc : canaries) {
    if (sc.outcome == SelfCheckOutcome::failed) return SelfCheckOutcome::failed;
    any_not_run = any_not_run || sc.outcome == SelfCheckOutcome::not_run;
  }
  return any_not_run ? SelfCheckOutcome::not_run : SelfCheckOutcome::passed;
}

std::string canaries_text(const SelfChecks& canaries) {
  if (canaries.empty()) return "VRAM canary not run";
  std::size_t passed = 0;
  std::string first_problem;
  for (const auto& sc : canaries) {
    if (sc.outcome == SelfCheckOutcome::passed) ++passed;
    else if (first_problem.empty()) first_problem = fmt::format(" ({}: {})", sc.subject, sc.detail);
  }
  return fmt::format("VRAM canary passed on {} of {} patterns{}", passed, canaries.size(), first_problem);
}

// The combined outcome: any disagreement wins, then anything that could not be compared.
SelfCheckOutcome combine(SelfCheckOutcome a, SelfCheckOutcome b) {
  if (a == SelfCheckOutcome::failed || b == SelfCheckOutcome::failed) return SelfCheckOutcome::failed;
  if (a == SelfCheckOutcome::not_run || b == SelfCheckOutcome::not_run) return SelfCheckOutcome::not_run;
  return SelfCheckOutcome::passed;
}

SelfCheck compare_vram(const CrossCheckSide& a, const CrossCheckSide& b) {
  SelfCheck sc{SelfCheckKind::cross_backend, "vram.integrity", SelfCheckOutcome::passed, ""};
  const auto canary_a = canaries_outcome(a.vram_canaries), canary_b = canaries_outcome(b.vram_canaries);
  auto canaries = combine(canary_a, canary_b);
  std::string copies;
  auto copy_outcome = SelfCheckOutcome::not_run;
  if (a.copy_bytes_per_s && b.copy_bytes_per_s && *a.copy_bytes_per_s > 0 && *b.copy_bytes_per_s > 0) {
    const double faster = std::max(*a.copy_bytes_per_s, *b.copy_bytes_per_s);
    const double apart = std::abs(*a.copy_bytes_per_s - *b.copy_bytes_per_s) / faster;
    copy_outcome = apart <= kCrossBackendCopyTolerance ? SelfCheckOutcome::passed : SelfCheckOutcome::failed;
    copies = fmt::format("device copy {} {} against {} {}: {:.0f}% apart (agreement: within {:.0f}%)", a.backend,
                         format_rate(*a.copy_bytes_per_s, RateUnit::bytes_per_s), b.backend,
                         format_rate(*b.copy_bytes_per_s, RateUnit::bytes_per_s), apart * 100,
                         kCrossBackendCopyTolerance * 100);
  } else {
    const auto& missing = a.copy_bytes_per_s ? b : a;
    copies = fmt::format("device copy not compared: {} did not measure it", missing.backend);
  }
  sc.outcome = combine(canaries, copy_outcome);
  sc.detail = fmt::format("{}: {}; {}: {}; {}", a.backend, canaries_text(a.vram_canaries), b.backend,
                          canaries_text(b.vram_canaries), copies);
  return sc;
}

// Every square GEMM a side ran at one precision: CUDA runs several variants (accumulators,
// cuBLAS and cuBLASLt), Vulkan one.
std::vector<const GemmMeasurement*> gemms_of(const CrossCheckSide& side, const std::string& precision) {
  std::vector<const GemmMeasurement*> out;
  for (const auto& g : side.gemm)
    if (g.precision == precision) out.push_back(&g);
  return out;
}

const SelfCheck* canary_of(const CrossCheckSide& side, const std::string& precision) {
  for (const auto& sc : side.gemm_canaries)
    if (sc.subject == precision) return &sc;
  return nullptr;
}

// A side is right at a precision when every GEMM of it matched the CPU reference and its canary
// (if it ran) did not fail.
bool gemms_right(const CrossCheckSide& side, const std::vector<const GemmMeasurement*>& gemms) {
  const SelfCheck* canary = gemms.empty() ? nullptr : canary_of(side, gemms.front()->precision);
  if (canary != nullptr && canary->outcome == SelfCheckOutcome::failed) return false;
  return std::all_of(gemms.begin(), gemms.end(), [](const GemmMeasurement* g) { return g->reference.passed(); });
}

std::string gemm_text(const CrossCheckSide& side, const GemmMeasurement& g) {
  std::string check = g.reference.passed()
                          ? fmt::format("matches the CPU reference (max error {:.3g}, tolerance {:.3g})",
                                        g.reference.max_abs_error, g.reference.tolerance)
                          : fmt::format("{} of {} checked elements off the CPU reference (max error {:.3g}, tolerance {:.3g})",
                                        g.reference.mismatches, g.reference.checked_elements,
                                        g.reference.max_abs_error, g.reference.tolerance);
  const bool integer = g.precision == "int8";
  const std::string accumulate = g.accumulate.empty() ? "" : fmt::format(" ({} accumulate)", g.accumulate);
  return fmt::format("{} {}{} {}x{}x{}: {}, {:.2f} {}", side.backend, g.implementation, accumulate, g.m, g.n, g.k,
                     check, g.throughput.tflops_median, integer ? "TOPS" : "TFLOPS");
}

std::string side_text(const CrossCheckSide& side, const std::vector<const GemmMeasurement*>& gemms) {
  std::string text;
  for (const auto* g : gemms) text += (text.empty() ? "" : "; ") + gemm_text(side, *g);
  const SelfCheck* canary = canary_of(side, gemms.front()->precision);
  if (canary != nullptr && canary->outcome == SelfCheckOutcome::failed)
    text += fmt::format("; {} GEMM canary failed: {}", side.backend, canary->detail);
  return text;
}

SelfCheck compare_gemm(const std::string& precision, const CrossCheckSide& a,
                       const std::vector<const GemmMeasurement*>& ga, const CrossCheckSide& b,
                       const std::vector<const GemmMeasurement*>& gb) {
  SelfCheck sc{SelfCheckKind::cross_backend, "compute.gemm." + precision, SelfCheckOutcome::passed, ""};
  sc.outcome = gemms_right(a, ga) && gemms_right(b, gb) ? SelfCheckOutcome::passed : SelfCheckOutcome::failed;
  sc.detail = fmt::format("{}; {}", side_text(a, ga), side_text(b, gb));
  return sc;
}

// The precisions a side ran, each once, in the order it ran them.
std::vector<std::string> precisions_of(const CrossCheckSide& side) {
  std::vector<std::string> out;
  for (const auto& g : side.gemm)
    if (std::find(out.begin(), out.end(), g.precision) == out.end()) out.push_back(g.precision);
  return out;
}

}  // namespace

CrossCheckComparison compare_backends(const CrossCheckSide& first, const CrossCheckSide& second) {
  CrossCheckComparison out;
  if (first.error || second.error) {
    std::string why;
    for (const auto* side : {&first, &second})
      if (side->error) why += fmt::format("{}{} could not run it: {}", why.empty() ? "" : "; ", side->backend, *side->error);
    out.self_checks.push_back({SelfCheckKind::cross_backend, "", SelfCheckOutcome::not_run, why});
    return out;
  }
  out.self_checks.push_back(compare_vram(first, second));
  for (const auto& precision : precisions_of(first)) {
    const auto gb = gemms_of(second, precision);
    if (gb.empty()) out.notes.push_back(fmt::format("{} GEMM ran on {} only: not cross-checked", precision, first.backend));
    else out.self_checks.push_back(compare_gemm(precision, first, gemms_of(first, precision), second, gb));
  }
  for (const auto& precision : precisions_of(second))
    if (gemms_of(first, precision).empty())
      out.notes.push_back(fmt::format("{} GEMM ran on {} only: not cross-checked", precision, second.backend));
  for (const auto& sc : out.self_checks)
    if (sc.outcome == SelfCheckOutcome::failed)
      out.notes.push_back(fmt::format("{} and {} disagree on {}: {}", first.backend, second.backend, sc.subject, sc.detail));
  return out;
}

}  // namespace rigcheck
