#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/transfer/judge_pcie_bandwidth.hpp"
#include "tests/transfer/transfer_fixtures.hpp"

namespace rigcheck {
namespace {

using namespace transfer_fixtures;
using ::testing::HasSubstr;

TEST(PcieBandwidth, SoundP40ReachesMostOfGen3x16) {
  const auto check = judge_pcie_bandwidth(p40(transfers(12.2, 12.9, 8.0, 16)), Policy{});
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_THAT(check.summary, HasSubstr("host-to-device 12.20 GB/s"));
  EXPECT_THAT(check.summary, HasSubstr("77%"));
  EXPECT_NEAR(check.metrics.at("link_rate_bytes_per_s").value, 15.754e9, 1e6);
  EXPECT_NEAR(check.metrics.at("host_to_device_bytes_per_s").value, 12.2e9, 1);
  EXPECT_NEAR(check.metrics.at("host_to_device_latency_us").value, 9.5, 1e-9);
}

TEST(PcieBandwidth, SlowerDirectionDecides) {
  const auto check = judge_pcie_bandwidth(p40(transfers(12.2, 5.0, 8.0, 16)), Policy{});
  EXPECT_EQ(check.status, CheckStatus::warn);
  EXPECT_THAT(check.summary, HasSubstr("device-to-host 5.00 GB/s"));
  EXPECT_FALSE(check.advice.empty());
}

TEST(PcieBandwidth, FarBelowTheLinkFails) {
  const auto check = judge_pcie_bandwidth(p40(transfers(3.0, 3.1, 8.0, 16)), Policy{});
  EXPECT_EQ(check.status, CheckStatus::fail);
  EXPECT_THAT(check.summary, HasSubstr("19%"));
  EXPECT_THAT(check.advice.front(), HasSubstr("pcie.errors"));
}

TEST(PcieBandwidth, JudgedAgainstTheLinkTheCopiesRanOn) {
  // A riser at x4: 3.2 GB/s is 81% of Gen3 x4 — the bandwidth is right for that link; pcie.link
  // is the check that says the link is wrong.
  const auto check = judge_pcie_bandwidth(p40(transfers(3.2, 3.3, 8.0, 4)), Policy{});
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_THAT(check.summary, HasSubstr("8 GT/s x4"));
}

TEST(PcieBandwidth, WithoutSamplesUsesTheProbeTimeLinkAndSaysSo) {
  auto gpu = p40(transfers(12.2, 12.9, std::nullopt, std::nullopt, 0));
  gpu.pci.link.current_speed_gts = 8.0;
  const auto check = judge_pcie_bandwidth(gpu, Policy{});
  EXPECT_EQ(check.status, CheckStatus::pass);
  bool said = false;
  for (const auto& e : check.evidence) said = said || e.find("read at probe time") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(PcieBandwidth, PolicyThresholdsApply) {
  Policy strict;
  strict.pcie_bandwidth.warn_below_fraction_of_link = 0.85;
  EXPECT_EQ(judge_pcie_bandwidth(p40(transfers(12.2, 12.9, 8.0, 16)), strict).status, CheckStatus::warn);
  strict.pcie_bandwidth.fail_below_fraction_of_link = 0.8;
  EXPECT_EQ(judge_pcie_bandwidth(p40(transfers(12.2, 12.9, 8.0, 16)), strict).status, CheckStatus::fail);
}

TEST(PcieBandwidth, SkipsWithTheReason) {
  EXPECT_EQ(judge_pcie_bandwidth(p40(std::nullopt), Policy{}).status, CheckStatus::skip);
  EXPECT_THAT(judge_pcie_bandwidth(p40(std::nullopt), Policy{}).summary, HasSubstr("not run"));

  // The CPU Vulkan device: no PCIe link, the figure is kept.
  GpuEntry cpu;
  cpu.name = "llvmpipe";
  cpu.measurements.transfers = transfers(7.5, 7.0, std::nullopt, std::nullopt, 0);
  const auto check = judge_pcie_bandwidth(cpu, Policy{});
  EXPECT_EQ(check.status, CheckStatus::skip);
  EXPECT_THAT(check.summary, HasSubstr("no PCIe link"));
  EXPECT_THAT(check.summary, HasSubstr("7.50 GB/s"));

  TransferResult interrupted;
  interrupted.interrupted = true;
  const auto stopped = judge_pcie_bandwidth(p40(interrupted), Policy{});
  EXPECT_EQ(stopped.status, CheckStatus::skip);
  EXPECT_THAT(stopped.summary, HasSubstr("interrupted"));
}

}  // namespace
}  // namespace rigcheck
