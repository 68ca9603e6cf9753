// The CUDA sustained load on a real GPU (ctest label `gpu`): a short load gives intervals with
// positive throughput on the telemetry clock, every recomputation equal to the first, and the
// precision the card's capability calls for. Skips without a CUDA device.
#include <gtest/gtest.h>

#include <chrono>

#include <cuda_runtime.h>

#include "kernels/cuda/cuda_burn.hpp"

namespace rigcheck {
namespace {

// Compute capability of device 0 as major*10 + minor, or 0 without a usable CUDA device.
int device_cc() {
  int count = 0, major = 0, minor = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) return 0;
  if (cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, 0) != cudaSuccess) return 0;
  if (cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, 0) != cudaSuccess) return 0;
  return major * 10 + minor;
}

TEST(CudaBurn, ThreeSecondsOfLoadAreFastAndBitwiseStable) {
  const int cc = device_cc();
  if (cc == 0) GTEST_SKIP() << "no CUDA device";
  BurnOptions o;
  o.duration_s = 3;
  o.interval_s = 1;
  o.check_every_s = 0.5;
  o.clock_origin = std::chrono::steady_clock::now() - std::chrono::seconds(10);  // a sampler started earlier
  int progress_calls = 0;
  o.progress = [&](const BurnProgress& p) {
    ++progress_calls;
    EXPECT_GT(p.tflops, 0);
  };
  auto r = run_cuda_burn(0, o);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->backend, "cuda");
  EXPECT_EQ(r->implementation, "cublas");
  EXPECT_EQ(r->precision, cc >= 70 ? "fp16" : "fp32");
  ASSERT_FALSE(r->notes.empty());
  EXPECT_NE(r->notes.front().find(cc >= 70 ? "tensor cores" : "no tensor cores"), std::string::npos) << r->notes.front();
  EXPECT_FALSE(r->interrupted);
  EXPECT_FALSE(r->device_error.has_value()) << *r->device_error;
  EXPECT_GE(r->matrix_size, 2048u);
  EXPECT_GE(r->duration_achieved_s, 3.0);
  EXPECT_GE(r->load_start_t_s, 10.0);
  ASSERT_FALSE(r->intervals.empty());
  EXPECT_GE(progress_calls, 1);
  double previous_end = r->load_start_t_s;
  for (const auto& i : r->intervals) {
    EXPECT_GT(i.tflops, 0);
    EXPECT_DOUBLE_EQ(i.t_start_s, previous_end);
    EXPECT_GT(i.t_end_s, i.t_start_s);
    previous_end = i.t_end_s;
  }
  EXPECT_LE(previous_end, r->load_end_t_s);
  EXPECT_GE(r->stability.checks_done, 3u);  // every 0.5 s over 3 s, and the last result
  EXPECT_EQ(r->stability.mismatches, 0u);
  EXPECT_EQ(r->stability.mismatched_elements, 0u);
  EXPECT_TRUE(r->stability.first_mismatches.empty());
}

TEST(CudaBurn, CancelledLoadStopsAtOnceAndIsStillChecked) {
  if (device_cc() == 0) GTEST_SKIP() << "no CUDA device";
  BurnOptions o;
  o.duration_s = 60;
  o.matrix_size = 1024;
  o.cancelled = [] { return true; };
  auto r = run_cuda_burn(0, o);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r->interrupted);
  EXPECT_FALSE(r->device_error.has_value()) << *r->device_error;  // Ctrl-C is not a device error
  EXPECT_LT(r->duration_achieved_s, 5.0);
  EXPECT_EQ(r->matrix_size, 1024u);
  EXPECT_EQ(r->stability.checks_done, 1u);
  EXPECT_EQ(r->stability.mismatches, 0u);
}

TEST(CudaBurn, AMissingDeviceIsAnError) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) count = 0;
  auto r = run_cuda_burn(count + 3, BurnOptions{});
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace rigcheck
