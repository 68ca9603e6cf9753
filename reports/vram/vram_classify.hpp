#pragma once
// Classification of VRAM errors from the raw records of the measurement: judgement, so it lives
// with the judge and takes its thresholds from the policy (`[vram.integrity]`).
#include <cstdint>
#include <string_view>
#include <vector>

#include "reports/measurements.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

enum class VramErrorKind {
  none,        // no error
  stuck,       // every record re-read the same wrong value: bits that stay wrong
  transient,   // every re-read was right, or wrong in another way: bits that move
  mixed,       // both
  data_line,   // one bit position failing over many addresses: a data line or a memory chip
  unrecorded,  // errors counted but no record kept (record capacity 0)
};

std::string_view to_string(VramErrorKind kind);

struct VramErrorClassification {
  VramErrorKind kind = VramErrorKind::none;
  std::uint64_t stuck_records = 0;
  std::uint64_t transient_records = 0;
  std::vector<std::uint32_t> data_line_bits;  // bit positions that look like a data line
};

VramErrorClassification classify_vram_errors(const VramTestResult& result, const VramIntegrityPolicy& policy);

}  // namespace rigcheck
