// Host<->device transfers for real on the first Vulkan device (lavapipe in CI): every size gives
// all three directions from both kinds of host memory with sane spreads, latency is measured,
// the link is sampled while the largest copies run, and a run cancelled from the start is empty.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/transfer_options.hpp"
#include "kernels/transfer_support.hpp"
#include "kernels/vulkan/vk_transfer.hpp"
#include "kernels/vulkan/vk_transfer_measure.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kKiB = 1ull << 10;
constexpr std::uint64_t kMiB = 1ull << 20;

std::string vulkan_device_missing() {
  auto devices = make_vulkan_backend()->list_devices();
  if (!devices) return devices.error();
  if (devices->empty()) return "no Vulkan device";
  return "";
}

#define REQUIRE_DEVICE()                                             \
  if (const std::string why_ = vulkan_device_missing(); !why_.empty()) \
  GTEST_SKIP() << "no usable Vulkan device: " << why_

TransferOptions small_options() {
  TransferOptions o;
  o.sizes_bytes = {4 * kKiB, 1 * kMiB, 16 * kMiB};
  o.repeats = 3;
  o.latency_repeats = 20;
  return o;
}

TEST(TransferOptions, DefaultSizesAreFourKibToQuarterGibInStepsOfFour) {
  const auto sizes = default_transfer_sizes_bytes();
  ASSERT_EQ(sizes.size(), 9u);
  EXPECT_EQ(sizes.front(), 4 * kKiB);
  EXPECT_EQ(sizes.back(), 256 * kMiB);
  for (std::size_t i = 1; i < sizes.size(); ++i) EXPECT_EQ(sizes[i], 4 * sizes[i - 1]);
  EXPECT_EQ(TransferOptions{}.sizes_bytes, sizes);
}

// The verification every size goes through: random (not zero) data, and the first wrong byte found.
TEST(TransferData, RandomDataDiffersBySeedAndAFlippedByteIsFound) {
  std::vector<std::byte> a(4 * kKiB + 3), b(a.size()), zeros(a.size());
  fill_random_bytes(a.data(), a.size(), 1);
  fill_random_bytes(b.data(), b.size(), 2);
  EXPECT_TRUE(first_difference(a.data(), zeros.data(), a.size()).has_value());
  EXPECT_TRUE(first_difference(a.data(), b.data(), a.size()).has_value());
  fill_random_bytes(b.data(), b.size(), 1);
  EXPECT_FALSE(first_difference(a.data(), b.data(), a.size()).has_value());
  b[4097] ^= std::byte{0x10};
  EXPECT_EQ(first_difference(a.data(), b.data(), a.size()), std::optional<std::uint64_t>(4097));
  b[4097] ^= std::byte{0x10};
  b[4 * kKiB + 2] ^= std::byte{0x01};  // the tail past the last whole 8-byte word is random and checked too
  EXPECT_EQ(first_difference(a.data(), b.data(), a.size()), std::optional<std::uint64_t>(4 * kKiB + 2));
}

TEST(VulkanTransfers, EverySizeDirectionAndHostMemoryIsMeasuredAndVerified) {
  REQUIRE_DEVICE();
  auto options = small_options();
  std::vector<std::string> progress;
  options.progress = [&](const std::string& line) { progress.push_back(line); };
  std::uint32_t link_calls = 0;
  options.sample_link = [&]() -> std::optional<LinkSample> {
    ++link_calls;
    LinkSample s;
    s.time_s = -1;  // the runner sets the time since the test started
    s.speed_gts = 16.0;
    s.width = 16;
    return s;
  };
  auto run = run_vulkan_transfers(0, options);
  ASSERT_TRUE(run.ok()) << run.error();
  const auto& r = *run;
  EXPECT_EQ(r.backend, "vulkan");
  EXPECT_NE(r.method.find("vkCmdCopyBuffer"), std::string::npos);
  EXPECT_FALSE(r.interrupted);
  EXPECT_TRUE(r.peers.empty());
  EXPECT_NE(std::find(r.notes.begin(), r.notes.end(), "peer transfers: CUDA backend only"), r.notes.end());

  std::set<std::tuple<std::string, std::string, std::uint64_t>> seen;
  for (const auto& s : r.samples) {
    SCOPED_TRACE(s.direction + " " + s.host_memory + " " + std::to_string(s.size_bytes));
    seen.insert({s.direction, s.host_memory, s.size_bytes});
    EXPECT_EQ(s.repeats, 3u);
    EXPECT_TRUE(std::isfinite(s.median_bytes_per_s) && std::isfinite(s.min_bytes_per_s) &&
                std::isfinite(s.max_bytes_per_s));
    EXPECT_GT(s.min_bytes_per_s, 0);
    EXPECT_LE(s.min_bytes_per_s, s.median_bytes_per_s);
    EXPECT_LE(s.median_bytes_per_s, s.max_bytes_per_s);
    if (s.host_memory == host_memory_kind::pageable) {
      EXPECT_EQ(s.timing, "wall_clock");
    }
    EXPECT_TRUE(s.timing == "gpu_timestamps" || s.timing == "wall_clock") << s.timing;
  }
  EXPECT_EQ(r.samples.size(), 18u);
  for (const char* direction : {transfer_direction::host_to_device, transfer_direction::device_to_host,
                                transfer_direction::bidirectional})
    for (const char* memory : {host_memory_kind::pinned, host_memory_kind::pageable})
      for (std::uint64_t size : options.sizes_bytes)
        EXPECT_TRUE(seen.count({direction, memory, size})) << direction << " " << memory << " " << size;
  EXPECT_EQ(progress.size(), 3u);

  ASSERT_EQ(r.latencies.size(), 2u);
  for (const auto& l : r.latencies) {
    EXPECT_EQ(l.host_memory, host_memory_kind::pinned);
    EXPECT_EQ(l.size_bytes, options.latency_size_bytes);
    EXPECT_EQ(l.repeats, 20u);
    EXPECT_GT(l.min_us, 0);
    EXPECT_LE(l.min_us, l.median_us);
    EXPECT_LE(l.median_us, l.max_us);
  }
  EXPECT_EQ(r.latencies[0].direction, transfer_direction::host_to_device);
  EXPECT_EQ(r.latencies[1].direction, transfer_direction::device_to_host);

  // The batched phase lasts ~200 ms: about 20 samples 10 ms apart, at least a few.
  EXPECT_GE(link_calls, 3u);
  ASSERT_EQ(r.link_during_transfer.size(), link_calls);
  double last_s = 0;
  for (const auto& l : r.link_during_transfer) {
    EXPECT_GT(l.time_s, 0);
    EXPECT_GE(l.time_s, last_s);
    last_s = l.time_s;
    EXPECT_EQ(l.width, 16);
  }

  auto find = [&](const char* direction, const char* memory, std::uint64_t size) {
    for (const auto& s : r.samples)
      if (s.direction == direction && s.host_memory == memory && s.size_bytes == size) return s.median_bytes_per_s;
    return 0.0;
  };
  std::printf("lavapipe 16 MiB: pinned h2d %.2f d2h %.2f both %.2f GB/s; pageable h2d %.2f d2h %.2f both %.2f GB/s; "
              "latency h2d %.1f us d2h %.1f us; %zu link samples\n",
              find("host_to_device", "pinned", 16 * kMiB) / 1e9, find("device_to_host", "pinned", 16 * kMiB) / 1e9,
              find("bidirectional", "pinned", 16 * kMiB) / 1e9, find("host_to_device", "pageable", 16 * kMiB) / 1e9,
              find("device_to_host", "pageable", 16 * kMiB) / 1e9, find("bidirectional", "pageable", 16 * kMiB) / 1e9,
              r.latencies[0].median_us, r.latencies[1].median_us, r.link_during_transfer.size());
  for (const auto& n : r.notes) std::printf("note: %s\n", n.c_str());
}

TEST(VulkanTransfers, CancelledFromTheStartReturnsInterruptedAndEmpty) {
  REQUIRE_DEVICE();
  auto options = small_options();
  options.cancelled = [] { return true; };
  std::uint32_t link_calls = 0;
  options.sample_link = [&]() -> std::optional<LinkSample> { ++link_calls; return LinkSample{}; };
  auto run = run_vulkan_transfers(0, options);
  ASSERT_TRUE(run.ok()) << run.error();
  EXPECT_TRUE(run->interrupted);
  EXPECT_TRUE(run->samples.empty());
  EXPECT_TRUE(run->latencies.empty());
  EXPECT_TRUE(run->link_during_transfer.empty());
  EXPECT_EQ(link_calls, 0u);
}

TEST(VulkanTransfers, CancelledAfterTheFirstSizeKeepsThatSize) {
  REQUIRE_DEVICE();
  auto options = small_options();
  std::uint32_t finished = 0;
  options.progress = [&](const std::string&) { ++finished; };
  options.cancelled = [&] { return finished >= 1; };
  auto run = run_vulkan_transfers(0, options);
  ASSERT_TRUE(run.ok()) << run.error();
  EXPECT_TRUE(run->interrupted);
  ASSERT_EQ(run->samples.size(), 6u);
  for (const auto& s : run->samples) EXPECT_EQ(s.size_bytes, 4 * kKiB);
  EXPECT_TRUE(run->latencies.empty());
}

TEST(VulkanTransfers, ANonexistentDeviceIsAnError) {
  REQUIRE_DEVICE();
  auto run = run_vulkan_transfers(1000, small_options());
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.error().find("no Vulkan device 1000"), std::string::npos) << run.error();
}

}  // namespace
}  // namespace rigcheck
