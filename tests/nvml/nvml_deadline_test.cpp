// A driver stuck inside NVML (the fake made to block) must not hang the probe or the sampler.
// Each test runs in its own process (ctest): the stuck call holds the fake's lock for good.
#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "probes/nvml/nvml_probe.hpp"
#include "probes/nvml/telemetry_sampler.hpp"
#include "tests/nvml/fake_scenario.hpp"

namespace rigcheck {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

TEST(NvmlDeadline, AStuckNvmlInitGivesNotAvailableAfterTheDeadline) {
  test::use_scenario("init_hangs");
  const auto start = std::chrono::steady_clock::now();
  auto probe = probe_nvml(FAKE_NVML_PATH, 300ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_FALSE(probe.system.initialized);
  EXPECT_FALSE(probe.session);
  ASSERT_TRUE(probe.system.init_error);
  EXPECT_THAT(*probe.system.init_error, HasSubstr("did not answer within"));
  EXPECT_FALSE(probe.system.device_count.value);
}

TEST(NvmlDeadline, AnAnsweringNvmlIsNotCutShort) {
  test::use_scenario("p40_healthy_ecc_off");
  auto probe = probe_nvml(FAKE_NVML_PATH, 5s);
  EXPECT_TRUE(probe.system.initialized);
  EXPECT_EQ(probe.devices.size(), 2u);
}

TEST(NvmlDeadline, AStuckSamplingCallDoesNotHangStop) {
  test::use_scenario("sampling_hangs");
  auto probe = probe_nvml(FAKE_NVML_PATH, 5s);
  ASSERT_TRUE(probe.session);
  TelemetrySamplerOptions options;
  options.interval = 10ms;
  options.stop_timeout = 300ms;
  TelemetrySampler sampler(probe.session);
  ASSERT_TRUE(sampler.start(options));
  std::this_thread::sleep_for(200ms);  // past the third sample: the fourth never returns
  const auto start = std::chrono::steady_clock::now();
  auto series = sampler.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_GE(series[0].second.rows.size(), 1u);  // what was sampled before it hung is kept
}

}  // namespace
}  // namespace rigcheck
