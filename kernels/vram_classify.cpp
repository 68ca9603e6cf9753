// Classification of VRAM errors (the judge turns it into advice).
#include <map>
#include <set>

#include "kernels/vram_test.hpp"

namespace rigcheck {
namespace {

// A data line (one bit position on a bus or a chip pin) shows as the same bit failing at many
// different addresses and carrying most of the errors.
constexpr std::size_t kDataLineMinAddresses = 16;
constexpr double kDataLineMinShare = 0.5;

}  // namespace

VramErrorClassification classify_vram_errors(const VramTestResult& result) {
  VramErrorClassification c;
  if (result.error_count == 0) return c;
  // Stuck: the separate re-read (from memory, not a cache) returned the same wrong value. A re-read
  // that is right, or wrong in another way, is a bit that moves: transient (heat, power, timing).
  for (const auto& r : result.records) {
    if (r.reread == r.actual) ++c.stuck_records;
    else ++c.transient_records;
  }
  std::map<std::uint32_t, std::set<std::uint64_t>> addresses_per_bit;
  for (const auto& r : result.records) {
    const std::uint32_t diff = r.expected ^ r.actual;
    for (std::uint32_t bit = 0; bit < 32; ++bit)
      if ((diff >> bit) & 1u) addresses_per_bit[bit].insert(r.address_bytes);
  }
  for (std::uint32_t bit = 0; bit < 32; ++bit) {
    const double share = static_cast<double>(result.bit_histogram[bit]) / static_cast<double>(result.error_count);
    if (share >= kDataLineMinShare && addresses_per_bit[bit].size() >= kDataLineMinAddresses)
      c.data_line_bits.push_back(bit);
  }
  if (!c.data_line_bits.empty()) c.kind = "data_line";
  else if (c.stuck_records > 0 && c.transient_records == 0) c.kind = "stuck";
  else if (c.transient_records > 0 && c.stuck_records == 0) c.kind = "transient";
  else if (c.stuck_records > 0) c.kind = "mixed";
  else c.kind = "unrecorded";  // errors counted but no record kept (capacity 0)
  return c;
}

}  // namespace rigcheck
