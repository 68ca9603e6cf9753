#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/judge/judge.hpp"
#include "reports/transfer/judge_pcie_bandwidth.hpp"
#include "tests/transfer/transfer_fixtures.hpp"

namespace rigcheck {
namespace {

using namespace transfer_fixtures;
using ::testing::HasSubstr;

TEST(LinkDuringTransfer, FullLinkPasses) {
  const auto finding = link_during_transfer_finding(p40(transfers(12.2, 12.9, 8.0, 16)), Policy{});
  ASSERT_TRUE(finding);
  EXPECT_EQ(finding->status, CheckStatus::pass);
  EXPECT_THAT(finding->summary, HasSubstr("8 GT/s x16"));
}

TEST(LinkDuringTransfer, Gen1UnderLoadOnAGen3CardFails) {
  const auto finding = link_during_transfer_finding(p40(transfers(3.2, 3.3, 2.5, 16)), Policy{});
  ASSERT_TRUE(finding);
  EXPECT_EQ(finding->status, CheckStatus::fail);
  EXPECT_THAT(finding->summary, HasSubstr("2.5 GT/s"));
  EXPECT_FALSE(finding->advice.empty());
}

TEST(LinkDuringTransfer, NarrowLinkFailsAtHalfAndWarnsAbove) {
  EXPECT_EQ(link_during_transfer_finding(p40(transfers(3.2, 3.3, 8.0, 4)), Policy{})->status, CheckStatus::fail);
  EXPECT_EQ(link_during_transfer_finding(p40(transfers(9.0, 9.0, 8.0, 12)), Policy{})->status, CheckStatus::warn);
}

TEST(LinkDuringTransfer, TheSlotLimitsWhatIsPossible) {
  auto gpu = p40(transfers(6.2, 6.4, 8.0, 8));
  gpu.pci.slot_link.max_width = 8;  // an x8 slot: x8 is all the card can get
  EXPECT_EQ(link_during_transfer_finding(gpu, Policy{})->status, CheckStatus::pass);
}

TEST(LinkDuringTransfer, NothingSampledNothingSaid) {
  EXPECT_FALSE(link_during_transfer_finding(p40(transfers(12.2, 12.9, 8.0, 16, 0)), Policy{}));
  EXPECT_FALSE(link_during_transfer_finding(p40(std::nullopt), Policy{}));
}

TEST(LinkDuringTransfer, MergedIntoPcieLinkByTheJudge) {
  Report report;
  report.gpus.push_back(p40(transfers(3.2, 3.3, 2.5, 16)));
  const auto judged = judge(report, Policy{});
  const Check* link = nullptr;
  const Check* bandwidth = nullptr;
  for (const auto& c : judged.gpus.front().checks) {
    if (c.id == "pcie.link") link = &c;
    if (c.id == "pcie.bandwidth") bandwidth = &c;
  }
  ASSERT_TRUE(link);
  ASSERT_TRUE(bandwidth);
  EXPECT_EQ(link->status, CheckStatus::fail);
  EXPECT_THAT(link->summary, HasSubstr("transfer load"));
  EXPECT_EQ(bandwidth->status, CheckStatus::pass);  // 3.2 GB/s is right for Gen1 x16
  EXPECT_EQ(judged.verdict.status, VerdictStatus::unsound);
}

}  // namespace
}  // namespace rigcheck
