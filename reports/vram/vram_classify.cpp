#include "reports/vram/vram_classify.hpp"

#include <map>
#include <set>

#include "reports/enum_table.hpp"

namespace rigcheck {
namespace {

constexpr EnumNames<VramErrorKind, 6> kKindNames{{
    {VramErrorKind::none, "none"},
    {VramErrorKind::stuck, "stuck"},
    {VramErrorKind::transient, "transient"},
    {VramErrorKind::mixed, "mixed"},
    {VramErrorKind::data_line, "data_line"},
    {VramErrorKind::unrecorded, "unrecorded"},
}};

}  // namespace

std::string_view to_string(VramErrorKind kind) { return name_of(kKindNames, kind); }

VramErrorClassification classify_vram_errors(const VramTestResult& result, const VramIntegrityPolicy& policy) {
  VramErrorClassification c;
  if (result.error_count == 0) return c;
  // Stuck: the separate re-read (from memory, not a cache) returned the same wrong value. A re-read
  // that is right, or wrong in another way, is a bit that moves: transient (heat, power, timing).
  for (const auto& r : result.records) {
    if (r.reread == r.actual) ++c.stuck_records;
    else ++c.transient_records;
  }
  // A data line (one bit position on a bus or a chip pin) shows as the same bit failing at many
  // different addresses and carrying most of the errors.
  std::map<std::uint32_t, std::set<std::uint64_t>> addresses_per_bit;
  for (const auto& r : result.records) {
    const std::uint32_t diff = r.expected ^ r.actual;
    for (std::uint32_t bit = 0; bit < 32; ++bit)
      if ((diff >> bit) & 1u) addresses_per_bit[bit].insert(r.address_bytes);
  }
  for (std::uint32_t bit = 0; bit < 32; ++bit) {
    const double share = static_cast<double>(result.bit_histogram[bit]) / static_cast<double>(result.error_count);
    if (share >= policy.data_line_min_error_share && addresses_per_bit[bit].size() >= policy.data_line_min_addresses)
      c.data_line_bits.push_back(bit);
  }
  if (!c.data_line_bits.empty()) c.kind = VramErrorKind::data_line;
  else if (c.stuck_records > 0 && c.transient_records == 0) c.kind = VramErrorKind::stuck;
  else if (c.transient_records > 0 && c.stuck_records == 0) c.kind = VramErrorKind::transient;
  else if (c.stuck_records > 0) c.kind = VramErrorKind::mixed;
  else c.kind = VramErrorKind::unrecorded;
  return c;
}

}  // namespace rigcheck
