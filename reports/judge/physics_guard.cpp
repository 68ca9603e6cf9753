#include "reports/judge/physics_guard.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "reports/judge/physics_limits.hpp"
#include "reports/spread.hpp"
#include "reports/transfer_result.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

constexpr double kGB = 1e9;

const char* kBrokenAdvice =
    "A figure above what the hardware can physically do means the timing or the measurement is broken, not a fast "
    "card: rerun; if it repeats, report it to the rigcheck developers with this report.";

void add_evidence_once(Check& check, const std::string& line) {
  if (std::find(check.evidence.begin(), check.evidence.end(), line) == check.evidence.end())
    check.evidence.push_back(line);
}

// The figure is impossible: the check cannot vouch for anything it measured.
void breach(Check& check, const std::string& why) {
  if (check.status == CheckStatus::fail || check.status == CheckStatus::error) {
    add_evidence_once(check, "physics guard: " + why);
    return;
  }
  if (!check.summary.empty()) check.evidence.push_back("judged before the physics guard: " + check.summary);
  check.status = CheckStatus::error;
  check.summary = why;
  check.advice = {kBrokenAdvice};
}

Check* find_check(std::vector<Check>& checks, const std::string& id) {
  auto it = std::find_if(checks.begin(), checks.end(), [&](const Check& c) { return c.id == id; });
  return it == checks.end() ? nullptr : &*it;
}

std::string rate_unit(std::string_view precision) { return precision == "int8" ? "TOPS" : "TFLOPS"; }

// "40.0 TFLOPS measured (cublas square ...), above the 11.8 TFLOPS fp32 peak of a Tesla P40 at 1531 MHz: ..."
std::string above_peak(double measured, std::string_view precision, const std::string& label, const ComputePeak& peak,
                       const CardSpec* card) {
  const std::string unit = rate_unit(precision);
  return fmt::format("{:.1f} {} measured ({}), above the {:.1f} {} {} peak of {} at {:.0f} MHz: the timing or the "
                     "measurement is broken",
                     measured, unit, label, peak.tflops, unit, peak.arithmetic,
                     card ? fmt::format("a {}", card->name) : std::string("this device"), peak.clock_mhz);
}

// Durations of one throughput: positive, and the GPU time of the repeats fits in the host window.
std::optional<std::string> duration_problem(const std::string& label, const Throughput& t) {
  if (t.samples == 0) return std::nullopt;
  if (!(t.seconds_median > 0) || !(t.seconds_min > 0))
    return fmt::format("{}: a repeat took {:.3g} s by the GPU timer, not a positive duration: the timing is broken",
                       label, std::min(t.seconds_median, t.seconds_min));
  if (!t.window_start_s || !t.window_end_s) return std::nullopt;
  const double host_s = *t.window_end_s - *t.window_start_s;
  if (host_s <= kTimerMinWindowS) return std::nullopt;
  // The shortest repeat times the count is the least GPU time the repeats can have taken.
  const double gpu_s = t.seconds_min * t.samples;
  if (gpu_s > host_s * (1 + kTimerAgreement))
    return fmt::format("{}: the GPU timer counted at least {:.3f} s of repeats inside {:.3f} s on the host's "
                       "monotonic clock: the timing is broken",
                       label, gpu_s, host_s);
  return std::nullopt;
}

std::string gemm_label(const GemmMeasurement& g) {
  return fmt::format("{} {} {}x{}x{}", g.implementation, g.shape, g.m, g.n, g.k);
}

void guard_rate(Check& check, const GpuEntry& gpu, const CardSpec* card, const std::string& label,
                std::string_view precision, std::string_view accumulate, std::string_view implementation,
                const Throughput& t) {
  if (auto problem = duration_problem(label, t)) breach(check, *problem);
  const auto peak = compute_peak(gpu, card, precision, accumulate, implementation, t);
  const std::string unit = rate_unit(precision);
  if (!peak) {
    add_evidence_once(check, fmt::format("physical limit of {}: no peak known for the arithmetic it ran on this device",
                                         label));
    return;
  }
  add_evidence_once(check, fmt::format("physical limit of {}: {:.4g} {} {} peak at {:.0f} MHz ({}; rate: {}), "
                                       "allowed up to {:.0f}%",
                                       label, peak->tflops, unit, peak->arithmetic, peak->clock_mhz, peak->clock_source,
                                       peak->rate_source, kComputePeakMargin * 100));
  if (t.tflops_median > kComputePeakMargin * peak->tflops)
    breach(check, above_peak(t.tflops_median, precision, label, *peak, card));
}

}  // namespace

std::optional<std::string> impossible_gemm_figure(const GpuEntry& gpu, const CardSpec* card, const GemmMeasurement& g) {
  const std::string label = gemm_label(g);
  if (auto problem = duration_problem(label, g.throughput)) return problem;
  const auto peak = compute_peak(gpu, card, g.precision, g.accumulate, g.implementation, g.throughput);
  if (peak && g.throughput.tflops_median > kComputePeakMargin * peak->tflops)
    return above_peak(g.throughput.tflops_median, g.precision, label, *peak, card);
  return std::nullopt;
}

void guard_compute(std::vector<Check>& checks, const GpuEntry& gpu, const CardSpec* card) {
  if (!gpu.measurements.compute) return;
  const auto& compute = *gpu.measurements.compute;
  for (const auto& g : compute.gemm)
    if (Check* check = find_check(checks, "compute.gemm." + g.precision))
      guard_rate(*check, gpu, card, gemm_label(g), g.precision, g.accumulate, g.implementation, g.throughput);
  for (const auto& a : compute.attention)
    if (Check* check = find_check(checks, "compute.attention." + a.precision))
      guard_rate(*check, gpu, card, fmt::format("{} {} attention", a.implementation, a.shape), a.precision, "fp32",
                 a.implementation, a.throughput);
}

void guard_burn(std::vector<Check>& checks, const GpuEntry& gpu, const CardSpec* card) {
  if (!gpu.measurements.burn) return;
  Check* check = find_check(checks, "thermal.sustained");
  if (check == nullptr) return;
  const auto& burn = *gpu.measurements.burn;
  const std::string accumulate = burn.precision == "int8" ? "int32" : "fp32";
  for (const auto& interval : burn.intervals) {
    const std::string label = fmt::format("burn {} interval at {:.1f} s", burn.implementation, interval.t_start_s);
    if (!(interval.t_end_s > interval.t_start_s)) {
      breach(*check, fmt::format("{}: it ends at {:.3f} s, not after it started: the timing is broken", label,
                                 interval.t_end_s));
      return;
    }
    Throughput t;
    t.samples = 1;
    t.tflops_median = interval.tflops;
    t.window_start_s = interval.t_start_s;
    t.window_end_s = interval.t_end_s;
    const auto peak = compute_peak(gpu, card, burn.precision, accumulate, burn.implementation, t);
    if (peak && interval.tflops > kComputePeakMargin * peak->tflops) {
      breach(*check, above_peak(interval.tflops, burn.precision, label, *peak, card));
      return;
    }
  }
}

void guard_host_copies(Check& check, const GpuEntry& gpu) {
  if (!gpu.measurements.transfers) return;
  const auto limit = host_link_limit(gpu);
  for (const auto& s : gpu.measurements.transfers->samples) {
    const std::string what = fmt::format("{} copies of {} ({} memory)", s.direction, format_bytes(s.size_bytes),
                                         s.host_memory);
    if (s.median_bytes_per_s < 0 || !std::isfinite(s.median_bytes_per_s)) {
      breach(check, fmt::format("{} at {:.3g} bytes/s, not a positive rate: the timing is broken", what,
                                s.median_bytes_per_s));
      continue;
    }
    if (!limit) continue;
    // Copies both ways at once count the bytes of both directions.
    const double can_carry = limit->value * (s.direction == transfer_direction::bidirectional ? 2 : 1);
    if (s.median_bytes_per_s > kLinkRateMargin * can_carry)
      breach(check, fmt::format("{} at {:.2f} GB/s measured, above the {:.2f} GB/s that {} can carry: the timing or "
                                "the measurement is broken",
                                what, s.median_bytes_per_s / kGB, can_carry / kGB, limit->source));
  }
  if (limit)
    add_evidence_once(check, fmt::format("physical limit: {:.2f} GB/s per direction, {}; copies allowed up to {:.0f}%",
                                         limit->value / kGB, limit->source, kLinkRateMargin * 100));
}

void guard_device_memory(Check& check, const GpuEntry& gpu, const CardSpec* card) {
  const auto& m = gpu.measurements;
  if (m.vram) {
    if (m.vram->gpu_seconds < 0 || m.vram->duration_s < 0)
      breach(check, fmt::format("the VRAM test's durations are negative ({:.3g} s GPU, {:.3g} s wall): the timing is "
                                "broken",
                                m.vram->gpu_seconds, m.vram->duration_s));
    else if (m.vram->duration_s > kTimerMinWindowS && m.vram->gpu_seconds > m.vram->duration_s * (1 + kTimerAgreement))
      breach(check, fmt::format("the GPU timer counted {:.3f} s of VRAM test steps in {:.3f} s of wall time: the "
                                "timing is broken",
                                m.vram->gpu_seconds, m.vram->duration_s));
  }
  const auto limit = memory_bandwidth_limit(gpu, card);
  if (!limit || (!m.vram && !m.bandwidth)) return;
  add_evidence_once(check, fmt::format("physical limit: {:.1f} GB/s memory bandwidth ({}); figures allowed up to {:.0f}%",
                                       limit->value / kGB, limit->source, kMemoryBandwidthMargin * 100));
  auto hold = [&](double bytes_per_s, const std::string& what) {
    if (bytes_per_s > kMemoryBandwidthMargin * limit->value)
      breach(check, fmt::format("{} {:.1f} GB/s measured, above the {:.1f} GB/s memory bandwidth ({}): the timing or "
                                "the measurement is broken",
                                what, bytes_per_s / kGB, limit->value / kGB, limit->source));
  };
  if (m.bandwidth)
    for (const auto& copy : m.bandwidth->device_copies) {
      hold(copy.median_bytes_per_s, "device copy (" + copy.method + ")");
      const auto spread = relative_spread(copy.min_bytes_per_s, copy.median_bytes_per_s, copy.max_bytes_per_s);
      if (is_noisy(spread))
        add_evidence_once(check, fmt::format("device copy ({}): {:.1f} GB/s median, noisy: spread {:.0f}% of the median",
                                             copy.method, copy.median_bytes_per_s / kGB, *spread * 100));
    }
  if (m.vram) hold(m.vram->traffic_bytes_per_s, "VRAM test traffic");
}

}  // namespace rigcheck
