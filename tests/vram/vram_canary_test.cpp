// The VRAM canary's pure parts: where the planted bits go, and how the verify's answer is judged
// (exactly the planted words and bits on top of the baseline, nothing more, nothing less).
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernels/timer_check.hpp"
#include "kernels/vram_canary.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;

constexpr std::uint64_t kRegionBytes = 64 * kVramBlockBytes;

VramStepResult reported(const std::vector<VramFaultSite>& sites) {
  VramStepResult r;
  for (const auto& s : sites) r.records.push_back({s.chunk_offset_bytes, 0x12345678u, 0x12345678u ^ (1u << s.bit), 0});
  r.errors = r.records.size();
  return r;
}

std::vector<VramFaultSite> planted() {
  std::mt19937_64 rng(7);
  return plan_vram_canary_faults(8192, kRegionBytes, kVramCanaryFaults, rng);
}

TEST(VramCanary, RegionIsHalfAPercentWithinBounds) {
  EXPECT_EQ(vram_canary_bytes(24ull << 30, 1ull << 30), 64ull << 20);  // capped
  EXPECT_EQ(vram_canary_bytes(256ull << 20, 1ull << 30), (256ull << 20) / 200 / kVramBlockBytes * kVramBlockBytes);
  EXPECT_EQ(vram_canary_bytes(1ull << 20, 1ull << 20), 16 * kVramBlockBytes);  // at least 16 blocks
  EXPECT_EQ(vram_canary_bytes(1ull << 20, 4 * kVramBlockBytes), 4 * kVramBlockBytes);  // never past the region
  EXPECT_LE(static_cast<double>(vram_canary_bytes(24ull << 30, 1ull << 30)), 0.01 * static_cast<double>(24ull << 30));
}

TEST(VramCanary, PlantedWordsAreDistinctInsideTheRegionAndHitEvenAndOddBlocks) {
  const auto sites = planted();
  ASSERT_EQ(sites.size(), kVramCanaryFaults);
  std::set<std::uint64_t> words, parities;
  for (const auto& s : sites) {
    EXPECT_GE(s.chunk_offset_bytes, 8192u);
    EXPECT_LT(s.chunk_offset_bytes, 8192u + kRegionBytes);
    EXPECT_EQ(s.chunk_offset_bytes % 4, 0u);
    EXPECT_LT(s.bit, 32u);
    words.insert(s.chunk_offset_bytes);
    parities.insert(((s.chunk_offset_bytes - 8192) / kVramBlockBytes) % 2);
  }
  EXPECT_EQ(words.size(), sites.size());
  EXPECT_EQ(parities.size(), 2u);
}

TEST(VramCanary, ExactlyThePlantedBitsPass) {
  const auto sites = planted();
  auto check = judge_vram_canary(VramPattern::walking_ones, sites, {}, reported(sites), 0);
  EXPECT_EQ(check.kind, SelfCheckKind::vram_detector);
  EXPECT_EQ(check.subject, "walking_ones");
  EXPECT_EQ(check.outcome, SelfCheckOutcome::passed) << check.detail;
}

TEST(VramCanary, AMissedWordFails) {
  const auto sites = planted();
  auto fewer = sites;
  fewer.pop_back();
  auto check = judge_vram_canary(VramPattern::own_address, sites, {}, reported(fewer), 0);
  EXPECT_EQ(check.outcome, SelfCheckOutcome::failed);
  EXPECT_THAT(check.detail, HasSubstr("1 missed"));
}

TEST(VramCanary, AWrongBitOrAnExtraWordOrALaterErrorFails) {
  const auto sites = planted();
  auto wrong_bit = sites;
  wrong_bit[0].bit = (wrong_bit[0].bit + 1) % 32;
  EXPECT_EQ(judge_vram_canary(VramPattern::own_address, sites, {}, reported(wrong_bit), 0).outcome,
            SelfCheckOutcome::failed);
  auto extra = sites;
  extra.push_back({4, 3});
  EXPECT_EQ(judge_vram_canary(VramPattern::own_address, sites, {}, reported(extra), 0).outcome, SelfCheckOutcome::failed);
  auto unrecorded = reported(sites);
  unrecorded.errors += 1;
  EXPECT_EQ(judge_vram_canary(VramPattern::own_address, sites, {}, unrecorded, 0).outcome, SelfCheckOutcome::failed);
  EXPECT_EQ(judge_vram_canary(VramPattern::moving_inversions_random, sites, {}, reported(sites), 1).outcome,
            SelfCheckOutcome::failed);
  EXPECT_EQ(judge_vram_canary(VramPattern::own_address, sites, {}, VramStepResult{}, 0).outcome,
            SelfCheckOutcome::failed);  // a verify that does nothing
}

TEST(VramCanary, RealErrorsSeenBeforePlantingAreTheCardsAndDoNotCount) {
  const auto sites = planted();
  const std::vector<VramFaultSite> real{{12, 0}};
  auto both = sites;
  both.push_back(real[0]);
  auto check = judge_vram_canary(VramPattern::own_address, sites, reported(real), reported(both), 0);
  EXPECT_EQ(check.outcome, SelfCheckOutcome::passed) << check.detail;
  EXPECT_THAT(check.detail, HasSubstr("besides 1"));
}

TEST(TimerCheck, AgreesWithinFivePercentOverAWindowOfMoreThan100ms) {
  EXPECT_EQ(judge_timer_window({0.150, 0.152}).outcome, SelfCheckOutcome::passed);
  EXPECT_EQ(judge_timer_window({1.50, 0.150}).outcome, SelfCheckOutcome::failed);   // 10x fast
  EXPECT_EQ(judge_timer_window({0.015, 0.150}).outcome, SelfCheckOutcome::failed);  // 10x slow
  EXPECT_EQ(judge_timer_window({0.140, 0.150}).outcome, SelfCheckOutcome::failed);  // 6.7% off
  EXPECT_EQ(judge_timer_window({0.05, 0.05}).outcome, SelfCheckOutcome::not_run);   // too short to judge
  EXPECT_THAT(judge_timer_window({1.50, 0.150}).detail, HasSubstr("device timer 1500.0 ms, host clock 150.0 ms"));
}

}  // namespace
}  // namespace rigcheck
