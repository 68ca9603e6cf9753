// Issue 17 item 3: the re-read that classifies an error comes from memory in a pass of its own,
// so it can differ from the failing read. Stuck means the same wrong value came back; a re-read
// that is right, or wrong in another way, is a bit that moves (transient), never "return the card".
#include <gtest/gtest.h>

#include "kernels/vram_test.hpp"

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

TEST(VramClassify, TheSameWrongValueAgainIsStuck) {
  const auto c = classify_vram_errors(with_records({record(0x40, 0xffffffff, 0xfffffff7, 0xfffffff7)}));
  EXPECT_EQ(c.kind, "stuck");
  EXPECT_EQ(c.stuck_records, 1u);
}

TEST(VramClassify, ARightReReadIsTransient) {
  const auto c = classify_vram_errors(with_records({record(0x40, 0xffffffff, 0xfffffff7, 0xffffffff)}));
  EXPECT_EQ(c.kind, "transient");
}

TEST(VramClassify, AReReadWrongInAnotherWayIsTransientNotStuck) {
  // Heat or power: bit 3 read wrong, then bit 9 on the re-read. The bit is not stuck.
  const auto c = classify_vram_errors(with_records({record(0x40, 0xffffffff, 0xfffffff7, 0xfffffdff),
                                                    record(0x80, 0x00000000, 0x00010000, 0x00000100)}));
  EXPECT_EQ(c.kind, "transient");
  EXPECT_EQ(c.stuck_records, 0u);
  EXPECT_EQ(c.transient_records, 2u);
}

TEST(VramClassify, StuckAndMovingTogetherAreMixed) {
  const auto c = classify_vram_errors(with_records({record(0x40, 0xffffffff, 0xfffffff7, 0xfffffff7),
                                                    record(0x80, 0xffffffff, 0xfffffff7, 0xffff7fff)}));
  EXPECT_EQ(c.kind, "mixed");
}

}  // namespace
}  // namespace rigcheck
