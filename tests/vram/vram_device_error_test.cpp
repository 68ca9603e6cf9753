// Issue 17 item 2: a device that fails mid-test (a fault in a kernel, a time-out) keeps the
// evidence gathered so far; the judge turns it into fail (errors found) or error (none yet), and
// the run is a result, not an error, so no other backend re-runs the test on the crippled card.
#include <gtest/gtest.h>

#include "kernels/vram_test.hpp"
#include "reports/vram/judge_vram.hpp"
#include "tests/vram/fake_vram_device.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kP40TotalBytes = 24451ull << 20;

VramTestOptions two_patterns() {
  VramTestOptions o;
  o.patterns = {VramPattern::own_address, VramPattern::walking_ones};
  o.seed = 11;
  o.measure_copy_bandwidth = false;
  o.self_checks = false;  // the steps counted here are the test proper's
  return o;
}

Check judged(const VramTestResult& v) {
  GpuEntry gpu;
  gpu.pci.bdf = "0000:03:00.0";
  gpu.measurements.vram = v;
  return judge_vram_integrity(gpu, Policy{});
}

TEST(VramDeviceError, ErrorsFoundBeforeTheFailureAreKeptAndFail) {
  // How many device steps writing own_address takes (the test runs long regions in pieces, so
  // Ctrl-C is seen between them): its verify follows, then walking ones.
  testing::FakeVramDevice counter(kP40TotalBytes);
  auto own_address_only = two_patterns();
  own_address_only.patterns = {VramPattern::own_address};
  ASSERT_TRUE(run_vram_test(counter, own_address_only).ok());
  const std::uint32_t write_steps = counter.steps / 2;
  testing::FakeVramDevice device(kP40TotalBytes);
  device.errors_at_step = write_steps + 1;       // the second verify step finds one error
  device.fail_at_step = 2 * write_steps + 4;     // early in walking ones
  auto run = run_vram_test(device, two_patterns());
  ASSERT_TRUE(run.ok()) << "a mid-test device failure must not drop the result: " << run.error();
  const auto& v = run->vram;
  ASSERT_TRUE(v.device_error.has_value());
  EXPECT_NE(v.device_error->find("cudaErrorIllegalAddress"), std::string::npos);
  EXPECT_EQ(v.error_count, 1u);
  EXPECT_EQ(v.records.size(), 1u);
  const Check c = judged(v);
  EXPECT_EQ(c.status, CheckStatus::fail) << c.summary;
  EXPECT_NE(c.summary.find("before the device failed"), std::string::npos);
}

TEST(VramDeviceError, AFailureBeforeAnyErrorIsAnErrorNotAPass) {
  testing::FakeVramDevice device(kP40TotalBytes);
  device.failure = "verify kernel: the device did not finish within 120 s";
  device.fail_at_step = 30;
  auto run = run_vram_test(device, two_patterns());
  ASSERT_TRUE(run.ok()) << run.error();
  ASSERT_TRUE(run->vram.device_error.has_value());
  EXPECT_EQ(run->vram.error_count, 0u);
  const Check c = judged(run->vram);
  EXPECT_EQ(c.status, CheckStatus::error) << c.summary;
  EXPECT_NE(c.summary.find("120 s"), std::string::npos);
}

TEST(VramDeviceError, NothingTestedIsStillAnError) {
  // Failing at the very first write: nothing was tested, yet the card failed under the test.
  testing::FakeVramDevice device(kP40TotalBytes);
  device.fail_at_step = 0;
  auto run = run_vram_test(device, two_patterns());
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(judged(run->vram).status, CheckStatus::error);
}

TEST(VramDeviceError, ACleanRunHasNoDeviceError) {
  testing::FakeVramDevice device(kP40TotalBytes);
  auto run = run_vram_test(device, two_patterns());
  ASSERT_TRUE(run.ok());
  EXPECT_FALSE(run->vram.device_error.has_value());
  EXPECT_EQ(judged(run->vram).status, CheckStatus::pass);
}

}  // namespace
}  // namespace rigcheck
