#pragma once
// `compare --fail-on-outlier`: within the compared set, a card whose key figure is worse than the
// median of its card model by more than the policy's tolerance is an outlier (a fleet sweep gates
// on it), unless that median lies inside the spread of the card's own repeats (noise is "same").
// Only models with at least two cards that measured the figure are judged.
#include <string>
#include <vector>

#include "reports/compare/compare.hpp"

namespace rigcheck {

struct Outlier {
  std::string column;  // column_heading() of the card
  std::string figure;  // "GEMM fp32"
  double value = 0;
  double median = 0;
  std::string unit;
  double worse_fraction = 0;  // 0.22: 22% worse than the median
  std::size_t cards = 0;      // cards of this model that measured the figure
  std::string model;
};

std::vector<Outlier> find_outliers(const std::vector<LabeledReport>& reports, double tolerance);

// "report-3.json: node3 / GPU 0 Tesla P40 (0000:13:00.0): GEMM fp32 8.1 TFLOPS is 22% worse than
// the median 10.4 TFLOPS of 4 Tesla P40"
std::string describe(const Outlier& outlier);

}  // namespace rigcheck
