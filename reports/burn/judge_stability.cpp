#include "reports/burn/judge_stability.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "reports/nvml/telemetry_series.hpp"

namespace rigcheck {
namespace {

constexpr std::size_t kEvidenceRecords = 5;

// The last temperature sample at or before t_s, when a series was recorded.
std::optional<double> temperature_at(const GpuEntry& gpu, double t_s) {
  if (!gpu.telemetry) return std::nullopt;
  std::optional<double> latest;
  for (const auto& p : column_points(*gpu.telemetry, telemetry_column::temp_gpu_c))
    if (p.t_s <= t_s) latest = p.value;
  return latest;
}

}  // namespace

Check judge_stability_compute(const GpuEntry& gpu, const std::optional<BurnResult>& burn, const Policy&) {
  Check check;
  check.id = kStabilityComputeCheckId;
  if (!burn) {
    check.summary = "no sustained load ran (run `rigcheck burn` or the standard / burn-in profile)";
    return check;
  }
  const auto& s = burn->stability;
  check.metrics["checks_done"] = {static_cast<double>(s.checks_done), "count"};
  check.metrics["mismatches"] = {static_cast<double>(s.mismatches), "count"};
  check.metrics["mismatched_elements"] = {static_cast<double>(s.mismatched_elements), "count"};
  check.evidence.push_back(fmt::format("{} GEMM {} n={}: each result compared ({}) with the first result of the same inputs",
                                       burn->precision, burn->implementation, burn->matrix_size, s.comparison));
  for (const auto& note : burn->notes) check.evidence.push_back(note);
  if (burn->interrupted) check.evidence.push_back("the load was interrupted before its requested duration");

  if (burn->device_error) {
    check.status = CheckStatus::fail;
    check.summary = fmt::format("the GPU failed under sustained load after {:.0f} s: {}", burn->duration_achieved_s,
                                *burn->device_error);
    check.advice.push_back(
        "Look at the kernel log for Xid lines at that time (pcie.errors, host.driver): a GPU that faults or falls off "
        "the bus under load most often lacks power (check both PCIe power cables / the EPS-12V adapter) or cooling.");
    check.advice.push_back("If power and cooling are sound and it fails again, the card is defective: return it.");
    return check;
  }
  if (s.mismatches > 0) {
    check.status = CheckStatus::fail;
    check.summary = fmt::format("{} of {} recomputed results differed from the first ({} elements)", s.mismatches,
                                s.checks_done, s.mismatched_elements);
    std::optional<double> first_temp;
    if (!s.first_mismatches.empty()) {
      const auto& first = s.first_mismatches.front();
      const double since_start = first.t_s - burn->load_start_t_s;
      check.metrics["time_to_first_mismatch"] = {since_start, "seconds"};
      first_temp = temperature_at(gpu, first.t_s);
      if (first_temp) check.metrics["temp_at_first_mismatch"] = {*first_temp, "celsius"};
      check.summary += fmt::format("; first {:.0f} s into the load{}", since_start,
                                   first_temp ? fmt::format(" at {:.0f} °C", *first_temp) : std::string());
    }
    for (std::size_t i = 0; i < std::min(s.first_mismatches.size(), kEvidenceRecords); ++i) {
      const auto& m = s.first_mismatches[i];
      check.evidence.push_back(fmt::format("t={:.1f} s iteration {} element {}: expected {:.9g}, got {:.9g}", m.t_s,
                                           m.iteration, m.element_index, m.expected, m.actual));
    }
    check.advice.push_back(
        "A GPU that gives different answers to the same arithmetic corrupts training silently: do not use it for work "
        "until a re-run is clean.");
    check.advice.push_back(
        "If thermal.sustained or power.sustained also failed, fix the cooling or the power feed and run the burn again; "
        "errors on a cool card with clean power mean a defective GPU (return it).");
    return check;
  }
  if (s.checks_done == 0) {
    check.status = CheckStatus::skip;
    check.summary = "the load compared no results (the run ended before the first recomputation)";
    return check;
  }
  check.status = CheckStatus::pass;
  check.summary = fmt::format("{} recomputed results over {:.0f} s all equal the first", s.checks_done,
                              burn->duration_achieved_s);
  return check;
}

}  // namespace rigcheck
