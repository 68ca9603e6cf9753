#pragma once
// The best GEMM or attention throughput of one GPU at one precision, for summaries (HTML charts,
// `rigcheck compare`): the judged check's figure and its ratio to the spec peak when the report
// was judged, else the best measurement that matched its CPU reference.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/model.hpp"

namespace rigcheck {

struct ThroughputSummary {
  double value = 0;
  std::string unit;                        // "TFLOPS", or "TOPS" for int8
  std::optional<double> spec_peak;         // same unit
  std::optional<double> fraction_of_peak;  // value / spec_peak
};

const Check* find_check(const std::vector<Check>& checks, std::string_view id);
std::optional<double> check_metric(const Check* check, std::string_view name);

// operation: "gemm" | "attention"; nullopt when nothing at that precision gave a right result.
std::optional<ThroughputSummary> best_throughput(const GpuEntry& gpu, std::string_view operation,
                                                 std::string_view precision);

}  // namespace rigcheck
