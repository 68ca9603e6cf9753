#pragma once
// The spread of repeated measurements: (max - min) / median. A median whose spread is over
// kNoisySpreadFraction is marked noisy in the evidence, and `rigcheck compare` calls differences
// inside the spread "same".
#include <optional>

namespace rigcheck {

inline constexpr double kNoisySpreadFraction = 0.10;

// nullopt when the median is not positive or the extremes are not known (both 0).
inline std::optional<double> relative_spread(double min, double median, double max) {
  if (!(median > 0) || (min == 0 && max == 0) || max < min) return std::nullopt;
  return (max - min) / median;
}

inline bool is_noisy(std::optional<double> spread) { return spread && *spread > kNoisySpreadFraction; }

}  // namespace rigcheck
