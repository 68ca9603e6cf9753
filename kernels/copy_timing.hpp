#pragma once
// Device-to-device copy bandwidth from timed repeats, for every backend's VramDevice: one
// warm-up, then `repeats` runs of `once` (seconds of one copy), bytes read + written per second.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernels/transfer_support.hpp"
#include "reports/measurements.hpp"
#include "reports/result.hpp"

namespace rigcheck {

template <class Once>  // Once: () -> Result<double>
Result<DeviceCopyBandwidth> time_copy_repeats(std::uint32_t repeats, std::uint64_t copy_bytes, Once&& once) {
  if (auto warm = once(); !warm) return Error{warm.error()};  // warm-up, not counted
  std::vector<double> rates;
  for (std::uint32_t i = 0; i < std::max<std::uint32_t>(1, repeats); ++i) {
    auto seconds = once();
    if (!seconds) return Error{seconds.error()};
    if (*seconds > 0) rates.push_back(2.0 * static_cast<double>(copy_bytes) / *seconds);  // read + written
  }
  if (rates.empty()) return Error{"the timer reported zero time for every copy"};
  const TransferSpread spread = transfer_spread(rates);
  DeviceCopyBandwidth r;
  r.copy_bytes = copy_bytes;
  r.repeats = static_cast<std::uint32_t>(rates.size());
  r.median_bytes_per_s = spread.median;
  r.min_bytes_per_s = spread.min;
  r.max_bytes_per_s = spread.max;
  return r;
}

}  // namespace rigcheck
