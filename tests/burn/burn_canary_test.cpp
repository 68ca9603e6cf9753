// The burn's shared comparison (kernels/burn_compare.*) and its canary: one planted flip is
// exactly one differing matrix with exactly that element; anything else fails the self-check.
#include <gtest/gtest.h>

#include "kernels/burn_compare.hpp"

namespace rigcheck {
namespace {

BurnStability compared(const std::vector<std::uint32_t>& reference, const std::vector<std::uint32_t>& actual) {
  BurnStability s;
  s.record_capacity = 4;
  record_burn_comparison(compare_burn_words(reference, actual, 4), 1.5, 3, s);
  return s;
}

TEST(BurnComparison, CountsAndRecordsInIndexOrder) {
  std::vector<std::uint32_t> reference(100, 7), actual = reference;
  actual[90] = 8;
  actual[10] = 9;
  auto s = compared(reference, actual);
  EXPECT_EQ(s.checks_done, 1u);
  EXPECT_EQ(s.mismatches, 1u);
  EXPECT_EQ(s.mismatched_elements, 2u);
  ASSERT_EQ(s.first_mismatches.size(), 2u);
  EXPECT_EQ(s.first_mismatches[0].element_index, 10u);
  EXPECT_EQ(s.first_mismatches[1].iteration, 3u);
  EXPECT_EQ(compared(reference, reference).mismatches, 0u);
}

TEST(BurnCanary, ThePlantedFlipCaughtExactlyPasses) {
  std::vector<std::uint32_t> reference(256, 0x3f800000u), planted = reference;
  const auto index = burn_canary_index(planted.size());
  planted[index] ^= 1u << kBurnCanaryBit;
  EXPECT_EQ(judge_burn_canary(index, compared(reference, planted)).outcome, SelfCheckOutcome::passed);
}

TEST(BurnCanary, AMissedOrMisplacedOrExtraMismatchFails) {
  std::vector<std::uint32_t> reference(256, 0x3f800000u), planted = reference;
  const auto index = burn_canary_index(planted.size());
  EXPECT_EQ(judge_burn_canary(index, compared(reference, planted)).outcome, SelfCheckOutcome::failed);  // blind
  planted[index + 1] ^= 1u;
  EXPECT_EQ(judge_burn_canary(index, compared(reference, planted)).outcome, SelfCheckOutcome::failed);  // elsewhere
  planted[index] ^= 1u << kBurnCanaryBit;
  EXPECT_EQ(judge_burn_canary(index, compared(reference, planted)).outcome, SelfCheckOutcome::failed);  // one more
}

}  // namespace
}  // namespace rigcheck
