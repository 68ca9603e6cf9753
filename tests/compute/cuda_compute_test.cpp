// The CUDA backend on a real GPU (ctest label `gpu`): every precision measured or skipped with a
// reason, every measured result matching the CPU reference, fp8 only from sm_89, inputs rotated
// beyond L2, timed windows on the telemetry clock, int8 shapes cut to multiples of 4. The device
// tests skip without a CUDA device; the e4m3 rounding, the polling behind every wait and the error
// texts are checked on the host everywhere.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include <cuda_runtime.h>

#include "kernels/cuda/cublaslt_gemm.hpp"
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/run_cuda_compute.hpp"
#include "reports/compute/judge_compute.hpp"

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

ComputeOptions small() {
  ComputeOptions o;
  o.square_size = 512;
  o.tokens = 128;
  o.seq_len = 256;
  o.attention_batch = 1;
  o.models = {"gpt2"};
  o.samples = 3;
  return o;
}

TEST(CudaCompute, SmallShapesMatchTheReference) {
  if (device_cc() == 0) GTEST_SKIP() << "no CUDA device";
  auto r = run_cuda_compute(0, small(), {});
  ASSERT_TRUE(r.ok()) << r.error();
  for (const auto& n : r->notes) EXPECT_EQ(n.find("not measured"), std::string::npos) << n;
  for (const auto& c : judge_compute(*r, nullptr, Policy{})) {
    EXPECT_NE(c.status, CheckStatus::fail) << c.id << ": " << c.summary;
    if (c.id == "compute.gemm.fp32" || c.id == "compute.attention.fp32") {
      EXPECT_EQ(c.status, CheckStatus::pass) << c.summary;
    }
  }
}

TEST(CudaCompute, Fp8IsMeasuredThroughCublasLtOrSkippedWithTheReason) {
  const int cc = device_cc();
  if (cc == 0) GTEST_SKIP() << "no CUDA device";
  ComputeOptions o = small();
  o.precisions = {"fp8"};
  auto r = run_cuda_compute(0, o, {});
  ASSERT_TRUE(r.ok()) << r.error();
  const auto skip = std::find_if(r->skipped.begin(), r->skipped.end(),
                                 [](const ComputeSkip& s) { return s.operation == "gemm" && s.precision == "fp8"; });
  if (cc < 89) {
    ASSERT_NE(skip, r->skipped.end()) << "fp8 below sm_89 must be a skip";
    EXPECT_NE(skip->reason.find("sm_89"), std::string::npos) << skip->reason;
    EXPECT_TRUE(r->gemm.empty());
    return;
  }
  if (skip != r->skipped.end()) {  // sm_89 with a cuBLASLt older than 12.1: the trial call says why
    EXPECT_FALSE(skip->reason.empty());
    GTEST_SKIP() << "fp8 skipped on sm_" << cc << ": " << skip->reason;
  }
  ASSERT_FALSE(r->gemm.empty());
  for (const auto& g : r->gemm) {
    SCOPED_TRACE(g.shape);
    EXPECT_EQ(g.precision, "fp8");
    EXPECT_EQ(g.accumulate, "fp32");
    EXPECT_EQ(g.implementation, "cublaslt");
    EXPECT_EQ(g.m % 16, 0u);
    EXPECT_EQ(g.n % 16, 0u);  // the LM head's 50257 columns are measured as 50256
    EXPECT_TRUE(g.reference.passed()) << g.reference.mismatches << " mismatches, max error " << g.reference.max_abs_error;
    EXPECT_GT(g.throughput.tflops_median, 0);
  }
}

TEST(CudaCompute, InputsRotateBeyondL2AndWindowsAreOnTheTelemetryClock) {
  if (device_cc() == 0) GTEST_SKIP() << "no CUDA device";
  ComputeOptions o = small();
  o.precisions = {"fp32", "fp16"};
  o.clock_origin = std::chrono::steady_clock::now() - std::chrono::seconds(100);  // a sampler started earlier
  const auto seconds_now = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - o.clock_origin).count();
  };
  const double before = seconds_now();
  auto r = run_cuda_compute(0, o, {});
  const double after = seconds_now();
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_FALSE(r->gemm.empty());
  EXPECT_TRUE(std::any_of(r->notes.begin(), r->notes.end(),
                          [](const std::string& n) { return n.starts_with("rotating inputs:"); }));

  // Every window inside the call, start before end, and each measurement after the one before it.
  auto check_windows = [&](const auto& measurements) {
    double previous_end = before;
    for (const auto& m : measurements) {
      SCOPED_TRACE(m.precision + " " + m.shape + " " + m.implementation);
      ASSERT_TRUE(m.throughput.window_start_s.has_value());
      ASSERT_TRUE(m.throughput.window_end_s.has_value());
      EXPECT_GE(*m.throughput.window_start_s, previous_end);
      EXPECT_LT(*m.throughput.window_start_s, *m.throughput.window_end_s);
      EXPECT_LE(*m.throughput.window_end_s, after);
      // The window holds at least the timed runs themselves.
      EXPECT_GE(*m.throughput.window_end_s - *m.throughput.window_start_s,
                m.throughput.samples * m.throughput.seconds_min * 0.99);
      previous_end = *m.throughput.window_end_s;
    }
  };
  check_windows(r->gemm);
  check_windows(r->attention);
}

TEST(CudaCompute, Int8ShapesAreCutToMultiplesOf4WithANote) {
  const int cc = device_cc();
  if (cc == 0) GTEST_SKIP() << "no CUDA device";
  if (cc < 61) GTEST_SKIP() << "int8 needs sm_61; this card is sm_" << cc;
  ComputeOptions o = small();
  o.precisions = {"int8"};
  auto r = run_cuda_compute(0, o, {});
  ASSERT_TRUE(r.ok()) << r.error();
  for (const auto& n : r->notes) EXPECT_EQ(n.find("not measured"), std::string::npos) << n;
  const auto lm_head = std::find_if(r->gemm.begin(), r->gemm.end(),
                                    [](const GemmMeasurement& g) { return g.shape == "gpt2.lm_head"; });
  ASSERT_NE(lm_head, r->gemm.end()) << "the int8 LM head (50257 columns) must be measured";
  EXPECT_EQ(lm_head->n, 50256u);
  EXPECT_DOUBLE_EQ(lm_head->flops_per_run,
                   2.0 * static_cast<double>(lm_head->m) * 50256.0 * static_cast<double>(lm_head->k));
  EXPECT_TRUE(std::any_of(r->notes.begin(), r->notes.end(), [](const std::string& n) {
    return n.find("gpt2.lm_head measured as") != std::string::npos && n.find("multiples of 4") != std::string::npos;
  }));
  for (const auto& g : r->gemm) {
    SCOPED_TRACE(g.shape);
    EXPECT_EQ(g.precision, "int8");
    EXPECT_EQ(g.n % 4, 0u);
    EXPECT_EQ(g.k % 4, 0u);
    EXPECT_TRUE(g.reference.passed()) << g.reference.mismatches << " mismatches";
  }
}

TEST(CudaCompute, AMissingDeviceIsAnError) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) count = 0;
  auto r = run_cuda_compute(count + 3, small(), {});
  EXPECT_FALSE(r.ok());
}

TEST(PollUntil, EndsWhenDoneEvenIfCancelledOrLate) {
  using namespace std::chrono_literals;
  int calls = 0;
  EXPECT_EQ(poll_until([&] { return ++calls == 3; }, 10s, {}), PollEnd::done);
  EXPECT_EQ(calls, 3);
  // Done is asked first: finished work is done after a cancel or past the deadline.
  EXPECT_EQ(poll_until([] { return true; }, 0s, [] { return true; }), PollEnd::done);
}

TEST(PollUntil, TimesOutAndIsCancelled) {
  using namespace std::chrono_literals;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(poll_until([] { return false; }, 30ms, {}), PollEnd::timed_out);
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 30ms);
  EXPECT_LT(waited, 5s);
  int asked = 0;
  EXPECT_EQ(poll_until([] { return false; }, 10s, [&] { return ++asked == 4; }), PollEnd::cancelled);
  EXPECT_EQ(asked, 4);
}

TEST(CudaCheck, StickyErrorsAndAMissingKernelImage) {
  for (cudaError_t e : {cudaErrorIllegalAddress, cudaErrorLaunchFailure, cudaErrorECCUncorrectable,
                        cudaErrorHardwareStackError, cudaErrorIllegalInstruction, cudaErrorMisalignedAddress,
                        cudaErrorInvalidPc, cudaErrorLaunchTimeout})
    EXPECT_TRUE(is_sticky_cuda_error(e)) << cudaGetErrorName(e);
  for (cudaError_t e : {cudaSuccess, cudaErrorMemoryAllocation, cudaErrorNotReady, cudaErrorInvalidValue,
                        cudaErrorNoKernelImageForDevice})
    EXPECT_FALSE(is_sticky_cuda_error(e)) << cudaGetErrorName(e);

  EXPECT_TRUE(check_kernel_image(0, 52).ok());
  auto missing = check_kernel_image(static_cast<int>(cudaErrorNoKernelImageForDevice), 52);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("this build has no GPU code for sm_52 (built with CUDA "), std::string::npos)
      << missing.error();
  if (CUDART_VERSION >= 13000) {
    EXPECT_NE(missing.error().find("11.8-12.9"), std::string::npos) << missing.error();
  }
  auto other = check_kernel_image(static_cast<int>(cudaErrorInvalidValue), 52);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().find("cudaErrorInvalidValue"), std::string::npos) << other.error();
}

TEST(E4m3, RoundsToNearestEvenAndSaturatesLikeCuda) {
  EXPECT_EQ(float_to_e4m3_bits(1.0f), 0x38);
  EXPECT_EQ(float_to_e4m3_bits(-1.0f), 0xb8);
  EXPECT_EQ(float_to_e4m3_bits(448.0f), 0x7e);
  EXPECT_EQ(float_to_e4m3_bits(1000.0f), 0x7e);   // saturates: e4m3 has no infinity
  EXPECT_EQ(float_to_e4m3_bits(-INFINITY), 0xfe);
  EXPECT_EQ(float_to_e4m3_bits(NAN) & 0x7f, 0x7f);
  EXPECT_EQ(float_to_e4m3_bits(1.0625f), 0x38);   // tie between 1 and 1.125: to even
  EXPECT_EQ(float_to_e4m3_bits(1.1875f), 0x3a);   // tie between 1.125 and 1.25: to even
  EXPECT_EQ(float_to_e4m3_bits(0.001953125f), 0x01);  // 2^-9, the smallest subnormal
  EXPECT_EQ(float_to_e4m3_bits(0.0009f), 0x00);
  EXPECT_FLOAT_EQ(e4m3_bits_to_float(0x7e), 448.0f);
  EXPECT_FLOAT_EQ(e4m3_bits_to_float(0x08), 0.015625f);  // the smallest normal, 2^-6
  EXPECT_TRUE(std::isnan(e4m3_bits_to_float(0x7f)));
  for (int bits = 0; bits < 256; ++bits) {
    if ((bits & 0x7f) == 0x7f) continue;  // NaN
    EXPECT_EQ(float_to_e4m3_bits(e4m3_bits_to_float(static_cast<std::uint8_t>(bits))), bits);
  }
}

TEST(E4m3, Fp8NeedsSm89) {
  EXPECT_NE(fp8_gemm_unsupported_reason(61).find("sm_89"), std::string::npos);
  EXPECT_NE(fp8_gemm_unsupported_reason(86).find("sm_86"), std::string::npos);
  EXPECT_TRUE(fp8_gemm_unsupported_reason(89).empty());  // this build's cuBLAS is 11.11 or newer
  EXPECT_TRUE(fp8_gemm_unsupported_reason(90).empty());
}

}  // namespace
}  // namespace rigcheck
