#pragma once
// The time windows of a sustained load and the statistics the burn judges take over them: time-
// weighted means, peaks and time shares of clock-event-reason masks, all on the telemetry clock.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/burn_result.hpp"
#include "reports/model.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck {

// Warm-up left out of the steady window: 20% of the load, at most 30 s. A saturating GEMM reaches
// the power limit within seconds; the cap keeps long runs judged on most of their length.
inline constexpr double kSteadyWarmupFraction = 0.2;
inline constexpr double kSteadyWarmupMaxSeconds = 30.0;
// First / last windows compared for the throughput decline and the steady temperature: a minute,
// or 20% of the load for runs shorter than five minutes (issue 7).
inline constexpr double kEdgeWindowFraction = 0.2;
inline constexpr double kEdgeWindowMaxSeconds = 60.0;

struct BurnWindows {
  double load_start_t_s = 0;
  double load_end_t_s = 0;
  double steady_start_t_s = 0;  // load_start + warm-up
  double edge_seconds = 0;      // length of the first and the last window

  double load_seconds() const { return load_end_t_s - load_start_t_s; }
  double steady_seconds() const { return load_end_t_s - steady_start_t_s; }
  double first_end_t_s() const { return load_start_t_s + edge_seconds; }
  double last_start_t_s() const { return load_end_t_s - edge_seconds; }
};

BurnWindows burn_windows(const BurnResult& burn);

// One telemetry row in a window with the time it stands for (until the next row; the last row
// weighs the median step), as clock_event_reason_shares weighs rows.
struct WeightedRow {
  std::size_t row = 0;
  double t_s = 0;
  double weight_s = 0;
};

// Rows with from_t_s <= t_s < to_t_s.
std::vector<WeightedRow> window_rows(const Telemetry& telemetry, double from_t_s, double to_t_s);

// Time-weighted mean of a column over the rows (null cells left out); nullopt without a value.
std::optional<double> weighted_mean(const Telemetry& telemetry, const std::vector<WeightedRow>& rows,
                                    std::string_view column);

struct Peak {
  double t_s = 0;
  double value = 0;
};
std::optional<Peak> peak(const Telemetry& telemetry, const std::vector<WeightedRow>& rows, std::string_view column);

// A test over one clock-event-reason mask (bits tested one by one, never compared as values).
using MaskTest = bool (*)(std::uint64_t mask);

// Share of the time of rows with a mask for which `test` holds; nullopt when no row has a mask.
std::optional<double> mask_share(const Telemetry& telemetry, const std::vector<WeightedRow>& rows, MaskTest test);

// Time of the first row whose mask passes `test`.
std::optional<double> first_mask_t_s(const Telemetry& telemetry, const std::vector<WeightedRow>& rows, MaskTest test);

// Heat slowed the clocks: SW or HW thermal, or HW slowdown without HW power brake in the same
// sample (NVML: HW slowdown is engaged for high temperature, an external power brake, or a power
// draw spike; with the brake bit set the brake is the cause and power.sustained judges it).
bool heat_bits(std::uint64_t mask);

// Throughput of the load over [from, to): each interval weighs its overlap with the window.
std::optional<double> mean_tflops(const BurnResult& burn, double from_t_s, double to_t_s);

// A fraction as a whole percent for summaries: 0.372 -> "37%".
std::string percent(double fraction);

// Why the GPU has no series to judge power or heat from (no NVML, no telemetry); nullopt when it has one.
std::optional<std::string> no_series_reason(const GpuEntry& gpu);

// Why a column is missing or empty: the sampler's reason, else a plain statement.
std::string column_unavailable_reason(const Telemetry& telemetry, std::string_view column);

}  // namespace rigcheck
