// Host<->device and peer transfers on the first CUDA device at small sizes: every size measured
// pinned and pageable in three directions with its data verified, latency, the link sampled
// under load, peers measured or skipped with a reason. Without a device: an error, not a crash.
#include <gtest/gtest.h>

#include <atomic>

#include "kernels/cuda/cuda_transfer.hpp"
#include "tests/cuda/cuda_test_device.hpp"

namespace rigcheck {
namespace {

TransferOptions small_options() {
  TransferOptions o;
  o.sizes_bytes = {4ull << 10, 1ull << 20, 16ull << 20};
  o.repeats = 3;
  o.latency_repeats = 5;
  o.latency_size_bytes = 4096;
  return o;
}

TEST(CudaTransfers, WithoutADeviceAreAnErrorNotACrash) {
  if (cuda_test::device_count() > 0) GTEST_SKIP() << "a CUDA device exists: covered by the tests below";
  auto r = run_cuda_transfers(0, small_options());
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().empty());
}

TEST(CudaTransfers, ADeviceThatDoesNotExistIsAnError) {
  auto r = run_cuda_transfers(1000, small_options());
  EXPECT_FALSE(r.ok());
}

TEST(CudaTransfers, EverySizeIsMeasuredVerifiedAndTheLinkSampled) {
  REQUIRE_CUDA_DEVICE();
  const int count = cuda_test::device_count();
  auto options = small_options();
  std::atomic<int> link_reads{0};
  options.sample_link = [&]() -> std::optional<LinkSample> {
    ++link_reads;
    return LinkSample{0.5, 8.0, 16};
  };
  std::vector<std::string> lines;
  options.progress = [&](const std::string& line) { lines.push_back(line); };
  auto r = run_cuda_transfers(0, options);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->backend, "cuda");
  EXPECT_FALSE(r->method.empty());
  EXPECT_FALSE(r->interrupted);
  ASSERT_EQ(r->samples.size(), 3u * 2u * 3u) << "sizes x host memory x direction";
  for (const auto& s : r->samples) {
    SCOPED_TRACE(s.direction + " " + s.host_memory + " " + std::to_string(s.size_bytes));
    EXPECT_GT(s.median_bytes_per_s, 0);
    EXPECT_LE(s.min_bytes_per_s, s.median_bytes_per_s);
    EXPECT_GE(s.max_bytes_per_s, s.median_bytes_per_s);
    EXPECT_EQ(s.repeats, 3u);
    EXPECT_EQ(s.timing, s.host_memory == host_memory_kind::pinned ? "device_events" : "wall_clock");
  }
  ASSERT_EQ(r->latencies.size(), 2u);
  for (const auto& l : r->latencies) {
    EXPECT_EQ(l.size_bytes, 4096u);
    EXPECT_EQ(l.repeats, 5u);
    EXPECT_GT(l.median_us, 0);
    EXPECT_LE(l.min_us, l.median_us);
  }
  EXPECT_GT(link_reads.load(), 0);
  ASSERT_FALSE(r->link_during_transfer.empty());
  EXPECT_EQ(r->link_during_transfer.front().width, 16);
  ASSERT_GE(lines.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NE(lines[i].find("data verified"), std::string::npos) << lines[i];
  if (count == 1) {
    EXPECT_TRUE(r->peers.empty());
    bool said = false;
    for (const auto& n : r->notes) said = said || n.find("no other CUDA device") != std::string::npos;
    EXPECT_TRUE(said) << "one GPU: the report says why there are no peer copies";
  } else {
    EXPECT_EQ(r->peers.size(), static_cast<std::size_t>(count - 1));
    for (const auto& p : r->peers) {
      EXPECT_FALSE(p.peer_name.empty());
      EXPECT_TRUE(p.median_bytes_per_s.has_value() || p.unavailable_reason.has_value()) << p.peer_name;
    }
  }
  for (const auto& s : r->samples)
    if (s.size_bytes == (16ull << 20) && s.host_memory == host_memory_kind::pinned)
      std::printf("16 MiB pinned %s: %.2f GB/s\n", s.direction.c_str(), s.median_bytes_per_s / 1e9);
}

TEST(CudaTransfers, CancelStopsBetweenSizesWithAPartialResult) {
  REQUIRE_CUDA_DEVICE();
  auto options = small_options();
  int sizes_done = 0;
  options.progress = [&](const std::string&) { ++sizes_done; };
  options.cancelled = [&] { return sizes_done >= 1; };
  auto r = run_cuda_transfers(0, options);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r->interrupted);
  EXPECT_EQ(r->samples.size(), 6u) << "only the first size";
  EXPECT_TRUE(r->peers.empty());
}

}  // namespace
}  // namespace rigcheck
