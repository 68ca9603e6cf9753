// The VRAM test on the first CUDA device (mirrors tests/vulkan/vram_device_test.cpp): injected
// faults are found exactly, every word the kernels write equals the host reference, clean memory
// stays clean, counts beyond the record buffer are still counted. Skips without a CUDA device.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <tuple>

#include "kernels/cuda/cuda_backend.hpp"
#include "kernels/vram_test.hpp"
#include "reports/vram/vram_classify.hpp"
#include "tests/cuda/cuda_test_device.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kTestBytes = 256ull << 20;

// One device for the whole suite, opened once. No device: the tests skip; a device that does
// not open (no kernel image for it, a driver error) fails them.
VramDevice* shared_device(std::string* error) {
  static std::string open_error;
  static std::unique_ptr<VramDevice> device = [] {
    if (cuda_test::no_device_reason()) return std::unique_ptr<VramDevice>();
    auto opened = make_cuda_backend()->open_vram_device(0);
    if (!opened) { open_error = opened.error(); return std::unique_ptr<VramDevice>(); }
    return std::move(*opened);
  }();
  *error = open_error;
  return device.get();
}

#define REQUIRE_DEVICE(var)                                 \
  REQUIRE_CUDA_DEVICE();                                    \
  std::string open_error_;                                  \
  VramDevice* var = shared_device(&open_error_);            \
  ASSERT_NE(var, nullptr) << "opening CUDA device 0: " << open_error_

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

class CudaInjectedFaults : public ::testing::TestWithParam<std::tuple<VramPattern, std::uint32_t>> {};

TEST_P(CudaInjectedFaults, AreFoundExactly) {
  REQUIRE_DEVICE(device);
  const auto [pattern, n] = GetParam();
  auto options = small_options({pattern}, n);
  auto run = run_vram_test(*device, options);
  ASSERT_TRUE(run.ok()) << run.error();
  const auto& v = run->vram;
  EXPECT_EQ(v.backend, "cuda");
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
    // The kernel's expected value is the host reference (moving inversions find it in the first sweep).
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

INSTANTIATE_TEST_SUITE_P(EveryPattern, CudaInjectedFaults,
                         ::testing::Combine(::testing::ValuesIn(all_vram_patterns()), ::testing::Values(1u, 17u, 1000u)),
                         [](const auto& param_info) {
                           return std::string(to_string(std::get<0>(param_info.param))) + "_" +
                                  std::to_string(std::get<1>(param_info.param));
                         });

// Every word of a region written in a scrambled block order, read back through a verify of the
// complement (so every word mismatches and is recorded): the written value is the host
// reference's, word by word, and the expected value its complement.
class CudaWrittenWords : public ::testing::TestWithParam<VramPattern> {};

TEST_P(CudaWrittenWords, EqualTheHostReferenceEverywhere) {
  REQUIRE_DEVICE(device);
  const VramPattern pattern = GetParam();
  constexpr std::uint64_t kBlocks = 8;
  constexpr std::uint64_t kWords = kBlocks * kVramBlockBytes / 4;
  VramAllocationRequest request;
  // More than one 1 GiB chunk: the last one starts at a non-zero address in the tested range.
  request.target_bytes = (1ull << 30) + (64ull << 20);
  request.record_capacity = static_cast<std::uint32_t>(kWords);
  auto allocation = device->allocate(request);
  ASSERT_TRUE(allocation.ok()) << allocation.error();
  ASSERT_FALSE(allocation->chunks.empty());
  const VramChunk chunk = allocation->chunks.back();
  ASSERT_GE(chunk.size_bytes, 4 * kBlocks * kVramBlockBytes);

  VramStep write;
  write.op = VramOp::write;
  write.pattern = pattern;
  write.pass = 1;
  write.seed = 0xc0ffee11u;
  write.chunk = chunk.id;
  write.first_byte = 3 * kVramBlockBytes;
  write.size_bytes = kBlocks * kVramBlockBytes;
  write.order = vram_scrambled_order(kBlocks, 0x0000000500000003ull);
  ASSERT_NE(write.order.multiplier, 1u) << "the test wants a scrambled order";
  auto written = device->run(write);
  ASSERT_TRUE(written.ok()) << written.error();
  EXPECT_GE(written->gpu_seconds, 0);
  EXPECT_EQ(written->errors, 0u);

  VramStep check = write;
  check.op = VramOp::verify;
  check.complement = true;
  check.order = vram_descending_order(kBlocks);
  check.record_capacity = static_cast<std::uint32_t>(kWords);
  auto checked = device->run(check);
  ASSERT_TRUE(checked.ok()) << checked.error();
  ASSERT_EQ(checked->errors, kWords);
  ASSERT_EQ(checked->records.size(), kWords);
  std::uint64_t popcounts = 0;
  for (auto c : checked->popcount_histogram) popcounts += c;
  EXPECT_EQ(popcounts, kWords);
  EXPECT_EQ(checked->popcount_histogram[32], kWords) << "a complement differs in every bit";
  for (auto b : checked->bit_histogram) EXPECT_EQ(b, kWords);
  EXPECT_EQ(checked->lowest_chunk_offset_bytes, write.first_byte);
  EXPECT_EQ(checked->highest_chunk_offset_bytes, write.first_byte + write.size_bytes - 4);
  for (std::uint64_t i = 0; i < kWords; ++i) {
    const auto& r = checked->records[i];
    ASSERT_EQ(r.chunk_offset_bytes, write.first_byte + 4 * i) << "one record per word, sorted";
    const std::uint64_t address = chunk.base_bytes + r.chunk_offset_bytes;
    const std::uint32_t reference = vram_pattern_word(pattern, address, write.pass, write.seed, false);
    ASSERT_EQ(r.actual, reference) << "word at " << address;
    ASSERT_EQ(r.expected, ~reference) << "word at " << address;
    ASSERT_EQ(r.reread, r.actual);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryPattern, CudaWrittenWords, ::testing::ValuesIn(all_vram_patterns()),
                         [](const auto& param_info) { return std::string(to_string(param_info.param)); });

TEST(CudaVramDevice, AllPatternsTwoPassesCleanWithCopyBandwidth) {
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
  EXPECT_EQ(run->bandwidth->backend, "cuda");
  ASSERT_EQ(run->bandwidth->device_copies.size(), 2u);
  for (const auto& c : run->bandwidth->device_copies) {
    EXPECT_GT(c.median_bytes_per_s, 0) << c.method;
    EXPECT_LE(c.min_bytes_per_s, c.median_bytes_per_s) << c.method;
    EXPECT_GE(c.max_bytes_per_s, c.median_bytes_per_s) << c.method;
  }
  EXPECT_GT(progress_calls, 0u);
  // 0.25 GiB: 4 single-sweep and 2 double-sweep patterns over 15/16 of it, twice, plus the window.
  EXPECT_NEAR(last_done, 0.25 * (2 * (4 + 2 * 2) * 15.0 / 16 + 1.0 / 16), 1e-9);
  EXPECT_EQ(classify_vram_errors(v, VramIntegrityPolicy{}).kind, VramErrorKind::none);
  std::printf("%s: tested %.2f GB/s, traffic %.2f GB/s, copy %.2f GB/s (kernel %.2f, cudaMemcpy %.2f), ratio %.2f\n",
              device->info().name.c_str(), v.tested_bytes_per_s / 1e9, v.traffic_bytes_per_s / 1e9,
              *v.copy_bandwidth_bytes_per_s / 1e9, run->bandwidth->device_copies[0].median_bytes_per_s / 1e9,
              run->bandwidth->device_copies[1].median_bytes_per_s / 1e9, *v.ratio_to_copy_bandwidth);
}

TEST(CudaVramDevice, AllPatternsWithInjectionFindExactlyTheInjectedFaults) {
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

TEST(CudaVramDevice, ErrorsBeyondTheRecordBufferAreStillCounted) {
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

TEST(CudaVramDevice, CancelStopsBetweenStepsWithAPartialResult) {
  REQUIRE_DEVICE(device);
  auto options = small_options(all_vram_patterns(), 0);
  options.passes = 3;
  int steps = 0;
  auto run = run_vram_test(*device, options, [&](const VramProgress&) { ++steps; }, [&] { return steps >= 3; });
  ASSERT_TRUE(run.ok()) << run.error();
  EXPECT_TRUE(run->vram.interrupted);
  EXPECT_EQ(run->vram.passes_completed, 0u);
}

TEST(CudaVramDevice, BadStepsAreErrorsAndLeaveTheDeviceUsable) {
  REQUIRE_DEVICE(device);
  VramAllocationRequest request;
  request.target_bytes = 16ull << 20;
  request.max_faults = 4;
  auto allocation = device->allocate(request);
  ASSERT_TRUE(allocation.ok()) << allocation.error();
  VramStep step;
  step.op = VramOp::write;
  step.chunk = 99;
  step.size_bytes = kVramBlockBytes;
  EXPECT_FALSE(device->run(step).ok());
  step.chunk = 0;
  step.first_byte = 100;  // not a block boundary
  EXPECT_FALSE(device->run(step).ok());
  step.first_byte = 0;
  step.size_bytes = allocation->chunks[0].size_bytes + kVramBlockBytes;
  EXPECT_FALSE(device->run(step).ok());
  VramStep inject;
  inject.op = VramOp::inject;
  inject.faults = {{0, 1}, {4, 2}, {8, 3}, {12, 4}, {16, 5}};  // one more than allocated
  EXPECT_FALSE(device->run(inject).ok());
  inject.faults = {{2, 1}};  // not word-aligned
  EXPECT_FALSE(device->run(inject).ok());
  step.size_bytes = kVramBlockBytes;
  auto ok = device->run(step);
  EXPECT_TRUE(ok.ok()) << ok.error();
}

}  // namespace
}  // namespace rigcheck
