#include "reports/burn/judge_thermal.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/burn/burn_series.hpp"
#include "reports/burn/throughput_decline.hpp"
#include "reports/judge/evidence.hpp"
#include "reports/nvml/clock_reasons.hpp"
#include "reports/nvml/telemetry_series.hpp"

namespace rigcheck {
namespace {

// docs/burn.md: cooling. Passive Tesla cards report no fan to NVML.
constexpr const char* kPassiveAdvice =
    "NVML reports no fan: a passive card lives on airflow through its fins. In a desktop fit a blower, or 40 mm "
    "high-static-pressure fans with a shroud, on the card's intake; in a server use a slot in the GPU airflow path "
    "with the server's fans set to cool it.";

bool has_fan(const Telemetry& t) { return !column_points(t, telemetry_column::fan_pct).empty(); }

void cooling_advice(Check& check, const Telemetry& t, const std::vector<WeightedRow>& load) {
  if (!has_fan(t)) {
    check.advice.push_back(kPassiveAdvice);
    return;
  }
  auto fan = peak(t, load, telemetry_column::fan_pct);
  if (fan) check.metrics["fan_peak"] = {fan->value, "percent"};
  check.advice.push_back(fmt::format("The card's own fan reached {:.0f}%: give it room and case airflow (intake and "
                                     "exhaust fans) and clean the heatsink.",
                                     fan ? fan->value : 0.0));
}

// The temperature part; returns false when the series has no temperature to judge.
bool judge_temperatures(Check& check, const GpuEntry& gpu, const BurnWindows& w, const Policy& policy) {
  const auto& t = *gpu.telemetry;
  const auto& facts = *gpu.nvml;
  const auto load = window_rows(t, w.load_start_t_s, w.load_end_t_s);
  auto hottest = peak(t, load, telemetry_column::temp_gpu_c);
  if (!hottest) return false;
  auto steady = weighted_mean(t, window_rows(t, w.last_start_t_s(), w.load_end_t_s), telemetry_column::temp_gpu_c);
  check.metrics["temp_peak"] = {hottest->value, "celsius"};
  if (steady) check.metrics["temp_steady"] = {*steady, "celsius"};
  check.evidence.push_back(fmt::format("peak {:.0f} °C {:.0f} s into the load{}", hottest->value,
                                       hottest->t_s - w.load_start_t_s,
                                       steady ? fmt::format(", {:.0f} °C over the last {:.0f} s", *steady, w.edge_seconds)
                                              : std::string()));

  std::optional<double> margin;
  if (facts.temp_slowdown_celsius) {
    const double slowdown = *facts.temp_slowdown_celsius;
    margin = slowdown - hottest->value;
    check.metrics["temp_slowdown"] = {slowdown, "celsius"};
    check.metrics["slowdown_margin"] = {*margin, "celsius"};
  } else {
    check.evidence.push_back("margin not judged: slowdown temperature " + facts.temp_slowdown_celsius.reason);
  }

  const auto shares = clock_event_reason_shares(t, w.load_start_t_s, w.load_end_t_s);
  std::optional<double> heat_share;
  std::optional<double> first_heat;
  if (shares.samples > 0) {
    check.metrics["hw_thermal_share"] = {shares.hw_thermal, "fraction"};
    check.metrics["sw_thermal_share"] = {shares.sw_thermal, "fraction"};
    check.metrics["hw_slowdown_share"] = {shares.hw_slowdown, "fraction"};
    heat_share = mask_share(t, load, heat_bits);
    check.metrics["heat_throttle_share"] = {heat_share.value_or(0), "fraction"};
    first_heat = first_mask_t_s(t, load, heat_bits);
    if (first_heat) check.metrics["time_to_first_thermal_event"] = {*first_heat - w.load_start_t_s, "seconds"};
  } else {
    check.evidence.push_back("thermal events not judged: " +
                             column_unavailable_reason(t, telemetry_column::clock_event_reasons));
  }

  const bool throttled = heat_share && *heat_share > policy.thermal.thermal_throttle_share_fail_above;
  const bool reached_slowdown = margin && *margin <= 0;
  if (throttled || reached_slowdown) {
    check.status = CheckStatus::fail;
    check.summary = throttled
                        ? fmt::format("heat slowed the card {} of the load, first after {:.0f} s (peak {:.0f} °C)",
                                      percent(*heat_share), first_heat.value_or(w.load_start_t_s) - w.load_start_t_s, hottest->value)
                        : fmt::format("the card reached its {:.0f} °C slowdown temperature ({:.0f} °C peak)",
                                      hottest->value + *margin, hottest->value);
    if (throttled)
      check.evidence.push_back(fmt::format("HW thermal {}, SW thermal {}, HW slowdown {} of the load",
                                           percent(shares.hw_thermal), percent(shares.sw_thermal),
                                           percent(shares.hw_slowdown)));
    if (facts.temp_slowdown_celsius && facts.temp_shutdown_celsius)
      check.evidence.push_back(fmt::format("NVML: this card slows down at {} °C and shuts down at {} °C",
                                           *facts.temp_slowdown_celsius, *facts.temp_shutdown_celsius));
    cooling_advice(check, t, load);
  } else if (margin && *margin < policy.thermal.slowdown_margin_warn_celsius) {
    check.status = CheckStatus::warn;
    check.summary = fmt::format("peak {:.0f} °C is only {:.0f} °C below the {:.0f} °C slowdown temperature",
                                hottest->value, *margin, hottest->value + *margin);
    cooling_advice(check, t, load);
  } else {
    check.status = CheckStatus::pass;
    check.summary = margin ? fmt::format("peak {:.0f} °C, {:.0f} °C below slowdown; no thermal slowdown", hottest->value, *margin)
                           : fmt::format("peak {:.0f} °C; no thermal slowdown", hottest->value);
  }
  return true;
}

}  // namespace

Check judge_thermal_sustained(const GpuEntry& gpu, const std::optional<BurnResult>& burn, const Policy& policy) {
  Check check;
  check.id = kThermalSustainedCheckId;
  if (!burn) {
    check.summary = "no sustained load ran (run `rigcheck burn` or the standard / burn-in profile)";
    return check;
  }
  const auto w = burn_windows(*burn);
  check.metrics["load_seconds"] = {w.load_seconds(), "seconds"};

  std::optional<std::string> not_judged = no_series_reason(gpu);
  if (!not_judged && !judge_temperatures(check, gpu, w, policy))
    not_judged = column_unavailable_reason(*gpu.telemetry, telemetry_column::temp_gpu_c);
  if (not_judged) {
    check.status = CheckStatus::skip;
    check.summary = "temperatures not judged: " + *not_judged;
  }
  if (burn->interrupted) check.evidence.push_back("the load was interrupted: the series is shorter than requested");

  if (auto decline = throughput_decline_finding(gpu, *burn, policy)) {
    // A skipped check with a pass finding stays skipped: the throughput alone says nothing of heat.
    if (check.status == CheckStatus::skip && decline->status == CheckStatus::pass) {
      check.evidence.push_back(decline->summary);
      for (const auto& [name, metric] : decline->metrics) check.metrics[name] = metric;
    } else {
      if (check.status == CheckStatus::skip) check.evidence.push_back(check.summary);
      merge_finding(check, *decline);
    }
  }
  return check;
}

}  // namespace rigcheck
