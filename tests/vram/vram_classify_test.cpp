// The judge classifies VRAM errors from the raw records. The re-read that classifies an error
// comes from memory in a pass of its own, so it can differ from the failing read. Stuck means the
// same wrong value came back; a re-read that is right, or wrong in another way, is a bit that moves
// (transient), never "return the card". A data line's thresholds are policy keys.
#include <gtest/gtest.h>

#include "reports/vram/vram_classify.hpp"

namespace rigcheck {
namespace {

VramErrorRecord record(std::uint64_t address, std::uint32_t expected, std::uint32_t actual, std::uint32_t reread) {
  VramErrorRecord r;
  r.address_bytes = address;
  r.expected = expected;
  r.actual = actual;
  r.reread = reread;
  r.pattern = "own_address";
  r.pass = 1;
  return r;
}

VramTestResult with_records(std::vector<VramErrorRecord> records) {
  VramTestResult v;
  v.error_count = records.size();
  for (const auto& r : records) {
    const std::uint32_t diff = r.expected ^ r.actual;
    for (std::uint32_t b = 0; b < 32; ++b)
      if ((diff >> b) & 1u) ++v.bit_histogram[b];
  }
  v.records = std::move(records);
  return v;
}

VramErrorClassification classify(const VramTestResult& v) { return classify_vram_errors(v, VramIntegrityPolicy{}); }

TEST(VramClassify, NoErrorsIsNone) { EXPECT_EQ(classify(VramTestResult{}).kind, VramErrorKind::none); }

TEST(VramClassify, TheSameWrongValueAgainIsStuck) {
  const auto c = classify(with_records({record(0x40, 0xffffffff, 0xfffffff7, 0xfffffff7)}));
  EXPECT_EQ(c.kind, VramErrorKind::stuck);
  EXPECT_EQ(c.stuck_records, 1u);
}

TEST(VramClassify, ARightReReadIsTransient) {
  const auto c = classify(with_records({record(0x40, 0xffffffff, 0xfffffff7, 0xffffffff)}));
  EXPECT_EQ(c.kind, VramErrorKind::transient);
}

TEST(VramClassify, AReReadWrongInAnotherWayIsTransientNotStuck) {
  // Heat or power: bit 3 read wrong, then bit 9 on the re-read. The bit is not stuck.
  const auto c = classify(with_records({record(0x40, 0xffffffff, 0xfffffff7, 0xfffffdff),
                                        record(0x80, 0x00000000, 0x00010000, 0x00000100)}));
  EXPECT_EQ(c.kind, VramErrorKind::transient);
  EXPECT_EQ(c.stuck_records, 0u);
  EXPECT_EQ(c.transient_records, 2u);
}

TEST(VramClassify, StuckAndMovingTogetherAreMixed) {
  const auto c = classify(with_records({record(0x40, 0xffffffff, 0xfffffff7, 0xfffffff7),
                                        record(0x80, 0xffffffff, 0xfffffff7, 0xffff7fff)}));
  EXPECT_EQ(c.kind, VramErrorKind::mixed);
}

TEST(VramClassify, ErrorsWithoutRecordsAreUnrecorded) {
  VramTestResult v;
  v.error_count = 7;
  EXPECT_EQ(classify(v).kind, VramErrorKind::unrecorded);
}

// Bit 3 wrong at 40 addresses: a data line under the default policy (>= 16 addresses, >= 50% of
// the errors); a policy that asks for more addresses calls the same records stuck.
TEST(VramClassify, OneBitOverManyAddressesIsADataLineByThePolicysThresholds) {
  std::vector<VramErrorRecord> records;
  for (std::uint64_t i = 0; i < 40; ++i) records.push_back(record(i * 4096, 0xff, 0xf7, 0xf7));
  const auto v = with_records(records);
  const auto c = classify(v);
  EXPECT_EQ(c.kind, VramErrorKind::data_line);
  EXPECT_EQ(c.data_line_bits, std::vector<std::uint32_t>{3});

  VramIntegrityPolicy strict;
  strict.data_line_min_addresses = 41;
  EXPECT_EQ(classify_vram_errors(v, strict).kind, VramErrorKind::stuck);
  strict = {};
  strict.data_line_min_error_share = 1.0;
  EXPECT_EQ(classify_vram_errors(v, strict).kind, VramErrorKind::data_line);  // bit 3 carries all of them
}

TEST(VramClassify, KindsHaveNames) {
  EXPECT_EQ(to_string(VramErrorKind::data_line), "data_line");
  EXPECT_EQ(to_string(VramErrorKind::unrecorded), "unrecorded");
}

}  // namespace
}  // namespace rigcheck
