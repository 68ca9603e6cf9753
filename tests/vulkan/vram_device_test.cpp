// The VRAM test for real on the first Vulkan device (lavapipe in CI): injected faults are found
// exactly, clean memory stays clean, counts beyond the record buffer are still counted.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <tuple>

#include "kernels/backend.hpp"
#include "kernels/vram_test.hpp"
#include "reports/vram/vram_classify.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kTestBytes = 64ull << 20;

// One device for the whole suite: creating a Vulkan device per test costs more than the test.
VramDevice* shared_device(std::string* why) {
  static std::unique_ptr<Backend> backend = make_vulkan_backend();
  static std::string reason;
  static std::unique_ptr<VramDevice> device = [] {
    auto devices = backend->list_devices();
    if (!devices) { reason = devices.error(); return std::unique_ptr<VramDevice>(); }
    if (devices->empty()) { reason = "no Vulkan device"; return std::unique_ptr<VramDevice>(); }
    auto opened = backend->open_vram_device(0);
    if (!opened) { reason = opened.error(); return std::unique_ptr<VramDevice>(); }
    return std::move(*opened);
  }();
  *why = reason;
  return device.get();
}

#define REQUIRE_DEVICE(var)                                              \
  std::string why_;                                                      \
  VramDevice* var = shared_device(&why_);                                \
  if (var == nullptr) GTEST_SKIP() << "no usable Vulkan device: " << why_

VramTestOptions small_options(std::vector<VramPattern> patterns, std::uint32_t inject) {
  VramTestOptions o;
  o.size_bytes = kTestBytes;
  o.patterns = std::move(patterns);
  o.inject_faults = inject;
  o.seed = 0x1234567890abcdefull + inject;
  o.measure_copy_bandwidth = false;
  return o;
}

std::uint32_t bit_of(std::uint32_t mask) { return static_cast<std::uint32_t>(__builtin_ctz(mask)); }

class InjectedFaults : public ::testing::TestWithParam<std::tuple<VramPattern, std::uint32_t>> {};

TEST_P(InjectedFaults, AreFoundExactly) {
  REQUIRE_DEVICE(device);
  const auto [pattern, n] = GetParam();
  auto options = small_options({pattern}, n);
  auto run = run_vram_test(*device, options);
  ASSERT_TRUE(run.ok()) << run.error();
  const auto& v = run->vram;
  ASSERT_EQ(v.injected_faults.size(), n);
  EXPECT_EQ(v.error_count, n);
  ASSERT_EQ(v.records.size(), n);
  std::set<std::pair<std::uint64_t, std::uint32_t>> injected, found;
  for (const auto& f : v.injected_faults) injected.insert({f.address_bytes, f.bit});
  EXPECT_EQ(injected.size(), n) << "injected sites must be distinct";
  const std::uint32_t seed = vram_step_seed(*options.seed, pattern, 0);
  for (const auto& r : v.records) {
    const std::uint32_t diff = r.expected ^ r.actual;
    ASSERT_EQ(__builtin_popcount(diff), 1) << "one flipped bit per injected fault";
    found.insert({r.address_bytes, bit_of(diff)});
    // The shader's expected value is the host reference (moving inversions find it in the first sweep).
    EXPECT_EQ(r.expected, vram_pattern_word(pattern, r.address_bytes, 0, seed, false));
    EXPECT_EQ(r.reread, r.actual) << "an injected flip stays: it re-reads wrong";
    EXPECT_EQ(r.pattern, to_string(pattern));
    EXPECT_EQ(r.pass, 1u);
  }
  EXPECT_EQ(found, injected);
  std::uint64_t bits = 0;
  for (auto b : v.bit_histogram) bits += b;
  EXPECT_EQ(bits, n);
  EXPECT_EQ(v.popcount_histogram[1], n);
  EXPECT_EQ(v.lowest_failing_address_bytes, injected.begin()->first);
  EXPECT_EQ(v.highest_failing_address_bytes, injected.rbegin()->first);
  EXPECT_EQ(classify_vram_errors(v, VramIntegrityPolicy{}).kind, VramErrorKind::stuck);
}

INSTANTIATE_TEST_SUITE_P(EveryPattern, InjectedFaults,
                         ::testing::Combine(::testing::ValuesIn(all_vram_patterns()), ::testing::Values(1u, 17u, 1000u)),
                         [](const auto& param_info) {
                           return std::string(to_string(std::get<0>(param_info.param))) + "_" +
                                  std::to_string(std::get<1>(param_info.param));
                         });

TEST(VramDevice, AllPatternsTwoPassesCleanWithCopyBandwidth) {
  REQUIRE_DEVICE(device);
  auto options = small_options(all_vram_patterns(), 0);
  options.passes = 2;
  options.measure_copy_bandwidth = true;
  options.copy_repeats = 3;
  std::uint32_t progress_calls = 0;
  double last_done = -1;
  auto run = run_vram_test(*device, options, [&](const VramProgress& p) {
    ++progress_calls;
    EXPECT_GE(p.gib_done, last_done);
    last_done = p.gib_done;
  });
  ASSERT_TRUE(run.ok()) << run.error();
  const auto& v = run->vram;
  EXPECT_EQ(v.error_count, 0u);
  EXPECT_TRUE(v.records.empty());
  EXPECT_EQ(v.passes_completed, 2u);
  EXPECT_EQ(v.tested_bytes, kTestBytes);
  EXPECT_GT(v.retention_window_bytes, 0u);
  EXPECT_GT(v.tested_bytes_per_s, 0);
  EXPECT_GT(v.gpu_seconds, 0);
  ASSERT_TRUE(v.copy_bandwidth_bytes_per_s.has_value());
  ASSERT_TRUE(v.ratio_to_copy_bandwidth.has_value());
  ASSERT_TRUE(run->bandwidth.has_value());
  EXPECT_EQ(run->bandwidth->device_copies.size(), 2u);
  EXPECT_GT(progress_calls, 0u);
  EXPECT_NEAR(last_done, 0.0625 * (2 * (4 + 2 * 2) * 15.0 / 16 + 1.0 / 16), 1e-9);
  EXPECT_EQ(classify_vram_errors(v, VramIntegrityPolicy{}).kind, VramErrorKind::none);
  ::testing::Test::RecordProperty("tested_gbps", std::to_string(v.tested_bytes_per_s / 1e9));
  std::printf("lavapipe: tested %.2f GB/s, traffic %.2f GB/s, copy %.2f GB/s (shader %.2f, api %.2f), ratio %.2f\n",
              v.tested_bytes_per_s / 1e9, v.traffic_bytes_per_s / 1e9, *v.copy_bandwidth_bytes_per_s / 1e9,
              run->bandwidth->device_copies[0].median_bytes_per_s / 1e9,
              run->bandwidth->device_copies[1].median_bytes_per_s / 1e9, *v.ratio_to_copy_bandwidth);
}

TEST(VramDevice, AllPatternsWithInjectionFindExactlyTheInjectedFaults) {
  REQUIRE_DEVICE(device);
  auto run = run_vram_test(*device, small_options(all_vram_patterns(), 17));
  ASSERT_TRUE(run.ok()) << run.error();
  EXPECT_EQ(run->vram.error_count, 17u);
  ASSERT_EQ(run->vram.records.size(), 17u);
  for (std::size_t i = 0; i < 17; ++i) {
    EXPECT_EQ(run->vram.records[i].address_bytes, run->vram.injected_faults[i].address_bytes);
    EXPECT_EQ(run->vram.records[i].pattern, "own_address");  // injected into the first pattern only
  }
}

TEST(VramDevice, ErrorsBeyondTheRecordBufferAreStillCounted) {
  REQUIRE_DEVICE(device);
  auto options = small_options({VramPattern::walking_ones}, 1000);
  options.record_capacity = 10;
  auto run = run_vram_test(*device, options);
  ASSERT_TRUE(run.ok()) << run.error();
  EXPECT_EQ(run->vram.error_count, 1000u);
  EXPECT_EQ(run->vram.records.size(), 10u);
  EXPECT_EQ(run->vram.popcount_histogram[1], 1000u);
  EXPECT_EQ(run->vram.lowest_failing_address_bytes, run->vram.injected_faults.front().address_bytes);
  EXPECT_EQ(run->vram.highest_failing_address_bytes, run->vram.injected_faults.back().address_bytes);
}

TEST(VramDevice, CancelStopsBetweenStepsWithAPartialResult) {
  REQUIRE_DEVICE(device);
  auto options = small_options(all_vram_patterns(), 0);
  options.passes = 3;
  int steps = 0;
  auto run = run_vram_test(*device, options, [&](const VramProgress&) { ++steps; }, [&] { return steps >= 3; });
  ASSERT_TRUE(run.ok()) << run.error();
  EXPECT_TRUE(run->vram.interrupted);
  EXPECT_EQ(run->vram.passes_completed, 0u);
}

TEST(VramDevice, BadOptionsAreErrors) {
  REQUIRE_DEVICE(device);
  auto options = small_options({}, 0);
  EXPECT_FALSE(run_vram_test(*device, options).ok());
  options = small_options({VramPattern::own_address}, 0);
  options.passes = 0;
  EXPECT_FALSE(run_vram_test(*device, options).ok());
}

}  // namespace
}  // namespace rigcheck
