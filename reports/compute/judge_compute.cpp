#include "reports/compute/judge_compute.hpp"

#include <fmt/format.h>

#include "reports/compute/math_path.hpp"
#include "reports/compute/sm_clock_window.hpp"
#include "reports/spread.hpp"

namespace rigcheck {
namespace {

std::string rate_unit(std::string_view precision) { return precision == "int8" ? "TOPS" : "TFLOPS"; }

// What every measurement of one operation at one precision has in common for the judge.
struct Row {
  std::string label;  // "vulkan-tiled square 512x512x512"
  const Throughput* throughput;
  const ReferenceCheck* reference;
  std::string accumulate;      // what the arithmetic accumulated in
  std::string implementation;  // cublas, vulkan-tiled, cuda-fused, ...
};

const ComputeSkip* find_skip(const ComputeResult& r, std::string_view operation, std::string_view precision) {
  for (const auto& s : r.skipped)
    if (s.operation == operation && s.precision == precision) return &s;
  return nullptr;
}

// ", noisy: spread 14% of the median" when the repeats spread over kNoisySpreadFraction.
std::string noisy_text(const Throughput& t) {
  const auto spread = relative_spread(t.tflops_min, t.tflops_median, t.tflops_max);
  if (!is_noisy(spread)) return "";
  return fmt::format(", noisy: spread {:.0f}% of the median", *spread * 100);
}

Check judge_rows(std::string_view operation, std::string_view precision, const std::vector<Row>& rows,
                 const ComputeResult& result, const CardSpec* card, const Policy& policy, const Telemetry* telemetry) {
  Check check;
  check.id = fmt::format("compute.{}.{}", operation, precision);
  const std::string unit = rate_unit(precision);
  if (rows.empty()) {
    check.status = CheckStatus::skip;
    if (const auto* s = find_skip(result, operation, precision))
      check.summary = fmt::format("{} {} not measured: {}", precision, operation, s->reason);
    else
      check.summary = fmt::format("{} {} not run (not requested or not available on the {} backend)", precision,
                                  operation, result.backend.empty() ? "chosen" : result.backend);
    if (card && !card->precision_note.empty()) check.advice.emplace_back(card->precision_note);
    return check;
  }

  // The NVML SM clock over the timed window, when a sampler ran: a throttled sample shows here.
  auto sm_clock_text = [telemetry](const Throughput& t) -> std::string {
    const auto clock = sm_clock_over_window(t, telemetry);
    if (!clock) return "";
    return fmt::format(", SM clock median {:.0f} MHz (lowest {:.0f})", clock->median_mhz, clock->min_mhz);
  };
  const Row* best = nullptr;
  std::vector<const Row*> wrong;
  for (const auto& row : rows) {
    if (!row.reference->passed()) wrong.push_back(&row);
    else if (!best || row.throughput->tflops_median > best->throughput->tflops_median) best = &row;
    check.evidence.push_back(fmt::format("{}: {:.4g} {} median ({:.4g}-{:.4g}, {} samples), reference {}/{} within {}",
                                         row.label, row.throughput->tflops_median, unit, row.throughput->tflops_min,
                                         row.throughput->tflops_max, row.throughput->samples,
                                         row.reference->checked_elements - row.reference->mismatches,
                                         row.reference->checked_elements, row.reference->tolerance_rule) +
                             noisy_text(*row.throughput) + sm_clock_text(*row.throughput));
  }
  if (!wrong.empty()) {
    check.status = CheckStatus::fail;
    const auto& ref = *wrong.front()->reference;
    check.summary = fmt::format("{} {} results differ from the CPU reference: {} ({} of {} checked elements wrong, "
                                "max error {:.3g})",
                                precision, operation, wrong.front()->label, ref.mismatches, ref.checked_elements,
                                ref.max_abs_error);
    check.metrics["mismatches"] = {static_cast<double>(ref.mismatches), "count"};
    check.advice.emplace_back("Wrong arithmetic results point at an unstable card (clocks, heat, power) or a driver fault: "
                              "rerun, watch temperature and power, and try the card in another machine.");
    return check;
  }

  const double measured = best->throughput->tflops_median;
  check.metrics["throughput"] = {measured, unit};
  check.metrics["throughput_spread"] = {best->throughput->relative_stdev, "fraction"};
  check.status = CheckStatus::pass;
  // Rated by the arithmetic the best row actually ran on this card (math_path.hpp), not by the
  // precision's name: fp16 data computed in fp32 on a P40 is held to the fp32 peak.
  const auto path = card ? math_path_run(*card, precision, best->accumulate, best->implementation) : std::nullopt;
  const std::optional<double> peak = path ? std::optional<double>(card->peak(*path)->tflops) : std::nullopt;
  if (!card) {
    check.summary = fmt::format("{} {} matches the CPU reference; best {:.4g} {} ({}); no card entry, so no ratio to a "
                                "spec peak",
                                precision, operation, measured, unit, best->label);
    return check;
  }
  if (!peak || *peak <= 0) {
    check.summary = fmt::format("{} {} matches the CPU reference; best {:.4g} {} ({}); the {} has no listed peak for "
                                "the arithmetic it ran",
                                precision, operation, measured, unit, best->label, card->name);
    return check;
  }
  const double fraction = measured / *peak;
  check.metrics["spec_peak"] = {*peak, unit};
  check.metrics["fraction_of_peak"] = {fraction, "fraction"};
  check.summary = fmt::format("{} {} matches the CPU reference; best {:.4g} {} = {:.0f}% of the {} spec peak {:.4g} {} "
                              "({})",
                              precision, operation, measured, unit, fraction * 100, card->name, *peak, unit,
                              to_string(*path));
  if (fraction < policy.compute.min_fraction_of_peak_warn) {
    check.status = CheckStatus::warn;
    check.summary += fmt::format(": far below its class (policy warns under {:.0f}%)",
                                 policy.compute.min_fraction_of_peak_warn * 100);
    if (const auto clock = sm_clock_over_window(*best->throughput, telemetry))
      check.summary += fmt::format(" (SM clock during it: median {:.0f} MHz, lowest {:.0f} MHz)", clock->median_mhz,
                                   clock->min_mhz);
    check.advice.emplace_back("Look for throttling (power cap, HW slowdown, temperature) and a degraded PCIe link in "
                              "the same report; a card this far below spec under a short load is a finding.");
  }
  return check;
}

}  // namespace

std::optional<double> spec_peak_tflops(const CardSpec& card, std::string_view precision) {
  if (precision == "fp32") return card.fp32_tflops > 0 ? std::optional<double>(card.fp32_tflops) : std::nullopt;
  if (precision == "tf32") return card.tf32_tflops;
  if (precision == "fp16") return card.fp16_tflops;
  if (precision == "bf16") return card.bf16_tflops;
  if (precision == "int8") return card.int8_tops;
  if (precision == "fp8") return card.fp8_tflops;
  return std::nullopt;
}

std::vector<Check> judge_compute(const ComputeResult& result, const CardSpec* card, const Policy& policy,
                                 const Telemetry* telemetry) {
  std::vector<Check> checks;
  for (std::string_view precision : kComputePrecisions) {
    std::vector<Row> rows;
    for (const auto& g : result.gemm)
      if (g.precision == precision)
        rows.push_back({fmt::format("{} {} {}x{}x{} ({} accumulate)", g.implementation, g.shape, g.m, g.n, g.k,
                                    g.accumulate),
                        &g.throughput, &g.reference, g.accumulate, g.implementation});
    checks.push_back(judge_rows("gemm", precision, rows, result, card, policy, telemetry));
  }
  for (std::string_view precision : kAttentionPrecisions) {
    std::vector<Row> rows;
    for (const auto& a : result.attention)
      if (a.precision == precision)
        rows.push_back({fmt::format("{} {} b{} h{} s{} d{} ({} FLOPs)", a.implementation, a.shape, a.batch, a.heads,
                                    a.seq_len, a.head_dim, a.flops_counted),
                        &a.throughput, &a.reference, "fp32", a.implementation});
    checks.push_back(judge_rows("attention", precision, rows, result, card, policy, telemetry));
  }
  return checks;
}

}  // namespace rigcheck
