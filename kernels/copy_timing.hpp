#pragma once
// Device-to-device copy bandwidth for every backend's VramDevice: the copy size and its random
// source, and the timed repeats (one warm-up, then `repeats` runs of `once`, seconds of one copy)
// as bytes read + written per second.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernels/transfer_support.hpp"
#include "kernels/vram_device.hpp"
#include "reports/measurements.hpp"
#include "reports/result.hpp"

namespace rigcheck {

// Half the first chunk at most, whole blocks; source and destination (the first 2 × size bytes
// of chunk 0) filled with random data: a zero page could be compressed or skipped by some paths.
inline Result<std::uint64_t> prepare_copy_source(VramDevice& device, std::uint64_t first_chunk_bytes,
                                                 std::uint64_t max_copy_bytes) {
  const std::uint64_t copy_bytes = std::min(max_copy_bytes, first_chunk_bytes / 2) / kVramBlockBytes * kVramBlockBytes;
  if (copy_bytes == 0) return Error{"the first chunk is too small for a copy"};
  VramStep fill;
  fill.op = VramOp::write;
  fill.pattern = VramPattern::random_scrambled;
  fill.seed = 0x5eed;
  fill.size_bytes = 2 * copy_bytes;
  if (auto ok = device.run(fill); !ok) return Error{"filling the copy source: " + ok.error()};
  return copy_bytes;
}

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
