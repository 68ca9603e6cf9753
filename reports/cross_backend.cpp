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

const GemmMeasurement* gemm_of(const CrossCheckSide& side, const std::string& precision) {
  for (const auto& g : side.gemm)
    if (g.precision == precision) return &g;
  return nullptr;
}

const SelfCheck* canary_of(const CrossCheckSide& side, const std::string& precision) {
  for (const auto& sc : side.gemm_canaries)
    if (sc.subject == precision) return &sc;
  return nullptr;
}

// A side's GEMM is right when it matched the CPU reference and its canary (if it ran) passed.
bool gemm_right(const CrossCheckSide& side, const GemmMeasurement& gemm) {
  const SelfCheck* canary = canary_of(side, gemm.precision);
  return gemm.reference.passed() && (canary == nullptr || canary->outcome != SelfCheckOutcome::failed);
}

std::string gemm_text(const CrossCheckSide& side, const GemmMeasurement& g) {
  std::string check = g.reference.passed()
                          ? fmt::format("matches the CPU reference (max error {:.3g}, tolerance {:.3g})",
                                        g.reference.max_abs_error, g.reference.tolerance)
                          : fmt::format("{} of {} checked elements off the CPU reference (max error {:.3g}, tolerance {:.3g})",
                                        g.reference.mismatches, g.reference.checked_elements,
                                        g.reference.max_abs_error, g.reference.tolerance);
  const SelfCheck* canary = canary_of(side, g.precision);
  if (canary != nullptr && canary->outcome == SelfCheckOutcome::failed) check += ", canary failed: " + canary->detail;
  const bool integer = g.precision == "int8";
  return fmt::format("{} {} {}x{}x{}: {}, {:.2f} {}", side.backend, g.implementation, g.m, g.n, g.k, check,
                     g.throughput.tflops_median, integer ? "TOPS" : "TFLOPS");
}

SelfCheck compare_gemm(const CrossCheckSide& a, const GemmMeasurement& ga, const CrossCheckSide& b,
                       const GemmMeasurement& gb) {
  SelfCheck sc{SelfCheckKind::cross_backend, "compute.gemm." + ga.precision, SelfCheckOutcome::passed, ""};
  sc.outcome = gemm_right(a, ga) && gemm_right(b, gb) ? SelfCheckOutcome::passed : SelfCheckOutcome::failed;
  sc.detail = fmt::format("{}; {}", gemm_text(a, ga), gemm_text(b, gb));
  return sc;
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
  for (const auto& ga : first.gemm) {
    if (const auto* gb = gemm_of(second, ga.precision)) out.self_checks.push_back(compare_gemm(first, ga, second, *gb));
    else out.notes.push_back(fmt::format("{} GEMM ran on {} only: not cross-checked", ga.precision, first.backend));
  }
  for (const auto& gb : second.gemm)
    if (gemm_of(first, gb.precision) == nullptr)
      out.notes.push_back(fmt::format("{} GEMM ran on {} only: not cross-checked", gb.precision, second.backend));
  for (const auto& sc : out.self_checks)
    if (sc.outcome == SelfCheckOutcome::failed)
      out.notes.push_back(fmt::format("{} and {} disagree on {}: {}", first.backend, second.backend, sc.subject, sc.detail));
  return out;
}

}  // namespace rigcheck
