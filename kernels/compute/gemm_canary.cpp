#include "kernels/compute/gemm_canary.hpp"

#include <random>

#include <fmt/format.h>

#include "kernels/compute/cpu_reference.hpp"

namespace rigcheck {

GemmCanary make_gemm_canary() {
  GemmCanary canary;
  std::mt19937_64 rng(0xca7a);
  std::uniform_int_distribution<int> small(-2, 2);
  canary.a.resize(canary.m * canary.k);
  canary.b.resize(canary.k * canary.n);
  for (auto& x : canary.a) x = static_cast<float>(small(rng));
  for (auto& x : canary.b) x = static_cast<float>(small(rng));
  canary.outlier_index = 5 * canary.k + 7;  // row 5, k index 7: one output row far larger than the rest
  canary.a[canary.outlier_index] = 16;
  return canary;
}

SelfCheck judge_gemm_canary(const GemmCanary& canary, std::string_view precision, std::string_view variant,
                            const std::function<double(std::uint64_t)>& c_at, const GemmTolerance& tolerance) {
  SelfCheck sc{SelfCheckKind::gemm_detector, std::string(precision), SelfCheckOutcome::failed, {}};
  const auto& [m, n, k] = std::tie(canary.m, canary.n, canary.k);
  const std::string what = fmt::format("{}x{}x{} integer GEMM, {}", m, n, k, variant);
  // The known answer, compared exactly.
  const ReferenceCheck exact =
      check_gemm(canary.a, canary.b, c_at, m, n, k, gemm_tolerance(GemmNumber::int32, GemmNumber::int32));
  if (!exact.passed()) {
    sc.detail = fmt::format("{}: {} of {} elements differ from the exact answer (largest error {:g})", what,
                            exact.mismatches, exact.checked_elements, exact.max_abs_error);
    return sc;
  }
  // The comparison of the real runs accepts the right answer...
  const ReferenceCheck real = check_gemm(canary.a, canary.b, c_at, m, n, k, tolerance);
  if (!real.passed()) {
    sc.detail = fmt::format("{}: the exact answer fails the check of the real runs ({})", what, real.tolerance_rule);
    return sc;
  }
  // ...and reports one corrupted element (the last: an edge tile), and only that one.
  const std::uint64_t corrupted = m * n - 1;
  const ReferenceCheck caught = check_gemm(
      canary.a, canary.b, [&](std::uint64_t i) { return c_at(i) + (i == corrupted ? kGemmCanaryCorruption : 0.0); },
      m, n, k, tolerance);
  if (caught.mismatches != 1) {
    sc.detail = fmt::format("{}: an element corrupted by {:g} gave {} mismatches instead of 1 ({})", what,
                            kGemmCanaryCorruption, caught.mismatches, real.tolerance_rule);
    return sc;
  }
  sc.outcome = SelfCheckOutcome::passed;
  sc.detail = fmt::format("{}: {} elements exact (outlier 16 in A), a corrupted element caught", what,
                          exact.checked_elements);
  return sc;
}

SelfCheck gemm_canary_not_run(std::string_view precision, std::string_view why) {
  return {SelfCheckKind::gemm_detector, std::string(precision), SelfCheckOutcome::not_run,
          fmt::format("the canary GEMM could not run: {}", why)};
}

}  // namespace rigcheck
