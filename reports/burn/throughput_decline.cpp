#include "reports/burn/throughput_decline.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/burn/burn_series.hpp"
#include "reports/nvml/clock_reasons.hpp"

namespace rigcheck {
namespace {

bool power_brake(std::uint64_t mask) { return (mask & clock_reason::hw_power_brake) != 0; }
bool power_cap(std::uint64_t mask) { return (mask & clock_reason::sw_power_cap) != 0; }

struct Cause {
  const char* name;
  MaskTest test;
};
constexpr Cause kCauses[] = {{"thermal slowdown", heat_bits},
                             {"HW power brake", power_brake},
                             {"SW power cap", power_cap}};

// The causes whose time share grew from the first window to the last; when none grew, those
// present in the last window.
std::vector<std::string> causes(const Telemetry& t, const BurnWindows& w) {
  const auto first = window_rows(t, w.load_start_t_s, w.first_end_t_s());
  const auto last = window_rows(t, w.last_start_t_s(), w.load_end_t_s);
  std::vector<std::string> grew;
  std::vector<std::string> present;
  for (const auto& c : kCauses) {
    auto before = mask_share(t, first, c.test).value_or(0);
    auto after = mask_share(t, last, c.test);
    if (!after || *after <= 0) continue;
    auto text = fmt::format("{} {} of the last window", c.name, percent(*after));
    (*after > before ? grew : present).push_back(text);
  }
  return grew.empty() ? present : grew;
}

}  // namespace

std::optional<Finding> throughput_decline_finding(const GpuEntry& gpu, const BurnResult& burn, const Policy& policy) {
  const auto w = burn_windows(burn);
  if (!(w.edge_seconds > 0)) return std::nullopt;
  auto first = mean_tflops(burn, w.load_start_t_s, w.first_end_t_s());
  auto last = mean_tflops(burn, w.last_start_t_s(), w.load_end_t_s);
  if (!first || !last || !(*first > 0)) return std::nullopt;

  Finding f;
  const double ratio = *last / *first;
  f.metrics["tflops_first_window"] = {*first, "TFLOPS"};
  f.metrics["tflops_last_window"] = {*last, "TFLOPS"};
  f.metrics["throughput_last_to_first"] = {ratio, "fraction"};
  f.metrics["edge_window_seconds"] = {w.edge_seconds, "seconds"};
  const auto line = fmt::format("throughput {:.2f} TFLOPS in the first {:.0f} s, {:.2f} TFLOPS in the last {:.0f} s ({:+.0f}%)",
                                *first, w.edge_seconds, *last, w.edge_seconds, 100.0 * (ratio - 1.0));
  if (ratio >= 1.0 - policy.thermal.throughput_decline_warn_fraction) {
    f.status = CheckStatus::pass;
    f.summary = line;
    return f;
  }
  f.status = CheckStatus::warn;
  std::string reason;
  if (gpu.telemetry && !gpu.telemetry->rows.empty()) {
    const auto& t = *gpu.telemetry;
    auto found = causes(t, w);
    for (const auto& c : found) reason += (reason.empty() ? "" : ", ") + c;
    if (reason.empty()) reason = "no clock-event reason in the series";
    auto temp_first = weighted_mean(t, window_rows(t, w.load_start_t_s, w.first_end_t_s()), telemetry_column::temp_gpu_c);
    auto temp_last = weighted_mean(t, window_rows(t, w.last_start_t_s(), w.load_end_t_s), telemetry_column::temp_gpu_c);
    if (temp_first && temp_last)
      f.evidence.push_back(fmt::format("GPU temperature {:.0f} °C in the first window, {:.0f} °C in the last",
                                       *temp_first, *temp_last));
  } else {
    reason = "no telemetry to name a reason";
  }
  f.summary = fmt::format("throughput fell {} from the first to the last {:.0f} s of the load ({})", percent(1.0 - ratio),
                          w.edge_seconds, reason);
  f.evidence.push_back(line);
  if (reason.find("thermal") != std::string::npos)
    f.advice.push_back("The card slows as it heats: improve its cooling (see above) and run the burn again.");
  else if (reason.find("power") != std::string::npos)
    f.advice.push_back("The card slows at its power limit or under power brake: see power.sustained.");
  else
    f.advice.push_back("Nothing in NVML's series explains the slowdown: look for other work on the GPU or the host.");
  return f;
}

}  // namespace rigcheck
