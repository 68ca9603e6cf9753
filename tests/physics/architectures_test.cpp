// The architecture table against the card table: each card's rates per SM are its architecture's
// (the datacenter cards exactly; a GeForce card may run some tensor work at a lower rate, never a
// higher one), so a figure copied wrong into either table shows.
#include <gtest/gtest.h>

#include "reports/architectures.hpp"
#include "reports/cards.hpp"

namespace rigcheck {
namespace {

TEST(Architectures, EveryCardOfTheCardTableAgreesWithItsArchitecture) {
  for (const auto& card : card_table()) {
    SCOPED_TRACE(std::string(card.name));
    const ArchitectureRates* arch = find_architecture(card.compute_capability_major, card.compute_capability_minor);
    ASSERT_NE(arch, nullptr);
    ASSERT_NE(card.peak(MathPath::fp32), nullptr);
    EXPECT_EQ(card.peak(MathPath::fp32)->ops_per_clock_per_sm, 2.0 * arch->fp32_lanes_per_sm);
    for (const auto& rate : card.peaks) {
      SCOPED_TRACE(std::string(to_string(rate.path)));
      const PeakRate* arch_rate = arch->peak(rate.path);
      ASSERT_NE(arch_rate, nullptr) << "the architecture lacks an arithmetic the card has";
      if (card.has_display_outputs)
        EXPECT_GE(arch_rate->ops_per_clock_per_sm, rate.ops_per_clock_per_sm);
      else
        EXPECT_EQ(arch_rate->ops_per_clock_per_sm, rate.ops_per_clock_per_sm);
    }
  }
}

TEST(Architectures, KnownCardsByComputeCapability) {
  const struct {
    const char* key;
    const char* capability;
  } cards[] = {{"m40", "5.2"}, {"p40", "6.1"}, {"p100", "6.0"}, {"v100", "7.0"}, {"t4", "7.5"},
               {"a10", "8.6"}, {"4090", "8.9"}, {"h100-sxm", "9.0"}, {"k80", "3.7"}};
  for (const auto& c : cards) {
    SCOPED_TRACE(c.key);
    const CardSpec* card = find_card_by_key(c.key);
    ASSERT_NE(card, nullptr);
    EXPECT_EQ(find_architecture(c.capability),
              find_architecture(card->compute_capability_major, card->compute_capability_minor));
  }
}

TEST(Architectures, ComputeCapabilityTextIsReadStrictly) {
  EXPECT_NE(find_architecture("8.6"), nullptr);
  EXPECT_EQ(find_architecture("8.6")->fp32_lanes_per_sm, 128);
  EXPECT_EQ(find_architecture("6.0")->fp32_lanes_per_sm, 64);
  for (const char* bad : {"", "8", "8.", ".6", "8.6.1", "x.y", "8,6", "12.0"}) EXPECT_EQ(find_architecture(bad), nullptr) << bad;
}

TEST(Architectures, HalfTwoRatesRelativeToFp32) {
  const auto ratio = [](const char* capability) {
    const ArchitectureRates* arch = find_architecture(capability);
    return arch->peak(MathPath::fp16_half2)->ops_per_clock_per_sm / arch->peak(MathPath::fp32)->ops_per_clock_per_sm;
  };
  EXPECT_EQ(ratio("6.0"), 2.0);
  EXPECT_EQ(ratio("6.1"), 1.0 / 64);
  EXPECT_EQ(ratio("7.0"), 2.0);
  EXPECT_EQ(ratio("8.0"), 4.0);
  EXPECT_EQ(ratio("9.0"), 2.0);
  EXPECT_EQ(find_architecture("5.2")->peak(MathPath::fp16_half2), nullptr);  // Maxwell: no fp16 arithmetic
  EXPECT_EQ(find_architecture("6.0")->peak(MathPath::int8_dp4a), nullptr);   // DP4A from sm_61 on
}

}  // namespace
}  // namespace rigcheck
