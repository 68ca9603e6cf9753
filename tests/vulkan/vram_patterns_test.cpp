#include <gtest/gtest.h>

#include <set>

#include "kernels/vram_patterns.hpp"
#include "kernels/vram_test.hpp"

namespace rigcheck {
namespace {

TEST(VramPatterns, NamesRoundTrip) {
  for (auto p : all_vram_patterns()) EXPECT_EQ(vram_pattern_from_string(to_string(p)), p);
  EXPECT_FALSE(vram_pattern_from_string("bogus"));
  EXPECT_EQ(all_vram_patterns().size(), 7u);
}

TEST(VramPatterns, OwnAddressHoldsTheAddressAndFoldsHighBits) {
  EXPECT_EQ(vram_pattern_word(VramPattern::own_address, 0x1230, 0, 0, false), 0x1230u);
  EXPECT_EQ(vram_pattern_word(VramPattern::own_address, 0x1230, 1, 0, false), ~0x1230u);
  // 4 GiB further on, the high half makes the value differ (bit 0 is free: words are 4-aligned).
  EXPECT_EQ(vram_pattern_word(VramPattern::own_address, (1ull << 32) + 0x1230, 0, 0, false), 0x1231u);
}

TEST(VramPatterns, WalkingOnesAndZerosWalkOverAll32Bits) {
  std::set<std::uint32_t> ones;
  for (std::uint64_t a = 0; a < 32 * 4; a += 4) {
    const auto one = vram_pattern_word(VramPattern::walking_ones, a, 0, 0, false);
    EXPECT_EQ(__builtin_popcount(one), 1);
    EXPECT_EQ(vram_pattern_word(VramPattern::walking_zeros, a, 0, 0, false), ~one);
    ones.insert(one);
  }
  EXPECT_EQ(ones.size(), 32u);
  EXPECT_EQ(vram_pattern_word(VramPattern::walking_ones, 0, 5, 0, false), 1u << 5);
}

TEST(VramPatterns, MovingInversionsAlternateAndComplement) {
  EXPECT_EQ(vram_pattern_word(VramPattern::moving_inversions_ones_zeros, 64, 0, 0, false), 0xffffffffu);
  EXPECT_EQ(vram_pattern_word(VramPattern::moving_inversions_ones_zeros, 64, 1, 0, false), 0u);
  const auto r = vram_pattern_word(VramPattern::moving_inversions_random, 64, 0, 7, false);
  EXPECT_EQ(vram_pattern_word(VramPattern::moving_inversions_random, 64, 0, 7, true), ~r);
}

TEST(VramPatterns, RandomWordsDependOnSeedAndAddress) {
  const auto a = vram_pattern_word(VramPattern::random_scrambled, 0, 0, 1, false);
  EXPECT_NE(a, vram_pattern_word(VramPattern::random_scrambled, 0, 0, 2, false));
  EXPECT_NE(a, vram_pattern_word(VramPattern::random_scrambled, 4, 0, 1, false));
  EXPECT_NE(vram_step_seed(1, VramPattern::retention, 0), vram_step_seed(1, VramPattern::retention, 1));
}

TEST(VramPatterns, BlockOrdersAreBijections) {
  for (std::uint64_t blocks : {1ull, 2ull, 3ull, 64ull, 1000ull, 32768ull}) {
    for (auto order : {VramBlockOrder{}, vram_descending_order(blocks), vram_scrambled_order(blocks, 0x123456789abcdefull)}) {
      std::set<std::uint64_t> seen;
      for (std::uint64_t i = 0; i < blocks; ++i) seen.insert(vram_block_at(order, i, blocks));
      EXPECT_EQ(seen.size(), blocks) << "blocks " << blocks << " multiplier " << order.multiplier;
    }
  }
  EXPECT_EQ(vram_block_at(vram_descending_order(10), 0, 10), 9u);
}

TEST(VramRegions, RetentionWindowIsTheTailOfTheLastChunk) {
  const std::vector<VramChunk> chunks{{0, 0, 128ull << 20}, {1, 128ull << 20, 64ull << 20}};
  auto r = plan_vram_regions(chunks, true, false);
  ASSERT_EQ(r.retention.size(), 1u);
  EXPECT_EQ(r.retention[0].chunk, 1u);
  EXPECT_EQ(r.retention[0].size_bytes, (192ull << 20) / 16);
  EXPECT_EQ(r.retention[0].first_byte + r.retention[0].size_bytes, 64ull << 20);
  ASSERT_EQ(r.regular.size(), 2u);
  EXPECT_EQ(r.regular[1].size_bytes, (64ull << 20) - r.retention[0].size_bytes);

  auto alone = plan_vram_regions(chunks, true, true);
  EXPECT_TRUE(alone.regular.empty());
  EXPECT_EQ(alone.retention.size(), 2u);
  auto none = plan_vram_regions(chunks, false, false);
  EXPECT_TRUE(none.retention.empty());
  EXPECT_EQ(none.regular.size(), 2u);
}

}  // namespace
}  // namespace rigcheck
