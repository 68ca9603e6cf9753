#include <algorithm>
#include <cmath>
#include <numeric>

#include "reports/compute/compute_result.hpp"

namespace rigcheck {

Throughput summarize_throughput(const std::vector<double>& seconds, double flops_per_run, std::uint32_t warmup_runs) {
  Throughput t;
  t.warmup_runs = warmup_runs;
  t.samples = static_cast<std::uint32_t>(seconds.size());
  if (seconds.empty()) return t;
  std::vector<double> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  t.seconds_median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  t.seconds_min = sorted.front();
  t.seconds_max = sorted.back();
  const double mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(n);
  double var = 0;
  for (double s : sorted) var += (s - mean) * (s - mean);
  t.relative_stdev = mean > 0 ? std::sqrt(var / static_cast<double>(n)) / mean : 0;
  auto rate = [&](double s) { return s > 0 ? flops_per_run / s * 1e-12 : 0.0; };
  t.tflops_median = rate(t.seconds_median);
  t.tflops_min = rate(t.seconds_max);
  t.tflops_max = rate(t.seconds_min);
  return t;
}

}  // namespace rigcheck
