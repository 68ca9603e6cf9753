#include "reports/render/throughput_summary.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rigcheck {
namespace {

template <class Measurement>
std::optional<double> best_measured(const std::vector<Measurement>& measurements, std::string_view precision) {
  std::optional<double> best;
  for (const auto& m : measurements)
    if (m.precision == precision && m.reference.passed())
      best = std::max(best.value_or(0.0), m.throughput.tflops_median);
  return best;
}

}  // namespace

const Check* find_check(const std::vector<Check>& checks, std::string_view id) {
  for (const auto& c : checks)
    if (c.id == id) return &c;
  return nullptr;
}

std::optional<double> check_metric(const Check* check, std::string_view name) {
  if (check == nullptr) return std::nullopt;
  auto it = check->metrics.find(std::string(name));
  return it == check->metrics.end() ? std::nullopt : std::optional<double>(it->second.value);
}

std::optional<ThroughputSummary> best_throughput(const GpuEntry& gpu, std::string_view operation,
                                                 std::string_view precision) {
  ThroughputSummary summary;
  summary.unit = precision == "int8" ? "TOPS" : "TFLOPS";
  const Check* check = find_check(gpu.checks, fmt::format("compute.{}.{}", operation, precision));
  std::optional<double> value = check_metric(check, "throughput");
  if (!value && gpu.measurements.compute) {
    const auto& compute = *gpu.measurements.compute;
    value = operation == "gemm" ? best_measured(compute.gemm, precision) : best_measured(compute.attention, precision);
  }
  if (!value) return std::nullopt;
  summary.value = *value;
  summary.spec_peak = check_metric(check, "spec_peak");
  summary.fraction_of_peak = check_metric(check, "fraction_of_peak");
  return summary;
}

}  // namespace rigcheck
