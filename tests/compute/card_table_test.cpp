// Issue 17 item 4: every card-table entry has a source, and every peak it lists equals SM count x
// clock x the SM's rate per clock for that arithmetic: a figure copied from another SKU (the SXM
// part's for the PCIe one) or a sparse figure in place of a dense one does not pass.
#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <set>

#include "reports/cards.hpp"

namespace rigcheck {
namespace {

TEST(CardTable, EveryPeakIsSmsTimesClockTimesRate) {
  for (const auto& card : card_table()) {
    EXPECT_FALSE(card.source.empty()) << card.name;
    ASSERT_FALSE(card.peaks.empty()) << card.name;
    ASSERT_NE(card.peak(MathPath::fp32), nullptr) << card.name;
    for (const auto& p : card.peaks) {
      const double derived = card.sm_count * card.clock_mhz_for(p.path) * 1e6 * p.ops_per_clock_per_sm * 1e-12;
      EXPECT_NEAR(p.tflops / derived, 1.0, 0.01)
          << card.name << " " << to_string(p.path) << ": listed " << p.tflops << ", derived " << derived;
    }
  }
}

TEST(CardTable, EverySkuHasItsOwnEntryAndIds) {
  std::set<std::uint16_t> ids;
  std::set<std::string_view> keys;
  for (const auto& card : card_table()) {
    EXPECT_TRUE(keys.insert(card.key).second) << card.key;
    EXPECT_EQ(card.device_ids.size(), 1u) << card.name << ": one SKU per entry";
    for (auto id : card.device_ids) EXPECT_TRUE(ids.insert(id).second) << std::hex << id;
  }
}

TEST(CardTable, H100PcieIsNotJudgedAgainstTheSxmPart) {
  const CardSpec* pcie = find_card(0x10de, 0x2331);
  const CardSpec* sxm = find_card(0x10de, 0x2330);
  ASSERT_NE(pcie, nullptr);
  ASSERT_NE(sxm, nullptr);
  EXPECT_EQ(pcie->sm_count, 114);
  EXPECT_DOUBLE_EQ(pcie->memory_bandwidth_gbps, 2000);
  EXPECT_NEAR(*pcie->fp16_tflops, 756, 1);
  EXPECT_DOUBLE_EQ(pcie->power_watts, 350);
  EXPECT_EQ(sxm->sm_count, 132);
  EXPECT_NEAR(*sxm->fp16_tflops, 989.4, 1);
}

TEST(CardTable, CardsUsersPairWithM40AndP40BuildsAreListed) {
  for (const std::uint16_t id : std::initializer_list<std::uint16_t>{0x2335, 0x1db4, 0x1db6, 0x1eb8, 0x2236, 0x2235,
                                                                    0x2204, 0x2684})
    EXPECT_NE(find_card(0x10de, id), nullptr) << std::hex << id;
  EXPECT_NEAR(find_card(0x10de, 0x2335)->memory_bandwidth_gbps, 4800, 1);
}

TEST(CardTable, DenseNotSparseFigures) {
  // The sparse figure is twice the dense one: the per-SM rate test above catches it too, this
  // names the cards whose data sheets print both.
  EXPECT_NEAR(*find_card_by_key("h100-sxm")->fp8_tflops, 1978.9, 1);
  EXPECT_NEAR(*find_card_by_key("a10")->int8_tops, 250, 1);
  EXPECT_NEAR(*find_card_by_key("4090")->fp16_tflops, 165.2, 0.1) << "fp32 accumulate, dense";
}

}  // namespace
}  // namespace rigcheck
