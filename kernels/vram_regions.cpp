// Where the patterns and the retention window go in the allocated range.
#include "kernels/vram_test.hpp"

namespace rigcheck {

VramRegions plan_vram_regions(const std::vector<VramChunk>& chunks, bool retention, bool retention_only) {
  VramRegions regions;
  if (chunks.empty()) return regions;
  auto whole = [](const VramChunk& c) { return VramRegion{c.id, 0, c.size_bytes}; };
  if (!retention) {
    for (const auto& c : chunks) regions.regular.push_back(whole(c));
    return regions;
  }
  if (retention_only) {
    for (const auto& c : chunks) regions.retention.push_back(whole(c));
    return regions;
  }
  std::uint64_t total = 0;
  for (const auto& c : chunks) total += c.size_bytes;
  const VramChunk& last = chunks.back();
  // A window of 1/16 of the range keeps the retention delay long while most memory cycles patterns.
  std::uint64_t window = (total / 16) / kVramBlockBytes * kVramBlockBytes;
  if (window < kVramBlockBytes) window = kVramBlockBytes;
  const std::uint64_t half_last = (last.size_bytes / 2) / kVramBlockBytes * kVramBlockBytes;
  if (window > half_last) window = half_last;
  if (window == 0) window = last.size_bytes;  // a one-block last chunk becomes the window
  for (const auto& c : chunks) {
    if (c.id != last.id) {
      regions.regular.push_back(whole(c));
    } else if (window < c.size_bytes) {
      regions.regular.push_back({c.id, 0, c.size_bytes - window});
    }
  }
  regions.retention.push_back({last.id, last.size_bytes - window, window});
  return regions;
}

}  // namespace rigcheck
