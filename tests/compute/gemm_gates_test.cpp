// Issue 17 item 5: GEMM variants and attention are gated by the arithmetic they use, not by the
// name of the data type: fp16 data with fp32 accumulate runs on an M40 (cuBLAS converts), and the
// 1/64-rate fp16 accumulate of a P40 is skipped with the reason.
#include <gtest/gtest.h>

#include "kernels/cuda/gemm_gates.hpp"

namespace rigcheck {
namespace {

TEST(GemmGates, Fp16DataWithFp32AccumulateRunsOnMaxwellAndPascal) {
  EXPECT_EQ(cuda_gemm_skip_reason("fp16", "fp32", 52), "");
  EXPECT_EQ(cuda_gemm_skip_reason("fp16", "fp32", 61), "");
  EXPECT_EQ(cuda_attention_skip_reason("fp16", 52), "") << "the fused kernel only converts";
}

TEST(GemmGates, Fp16AccumulateIsSkippedWhereFp16ArithmeticIsAbsentOrOneSixtyFourthRate) {
  EXPECT_NE(cuda_gemm_skip_reason("fp16", "fp16", 52).find("sm_53"), std::string::npos);
  const auto p40 = cuda_gemm_skip_reason("fp16", "fp16", 61);
  EXPECT_NE(p40.find("1/64"), std::string::npos) << p40;
  EXPECT_EQ(cuda_gemm_skip_reason("fp16", "fp16", 60), "") << "P100: fast fp16";
  EXPECT_EQ(cuda_gemm_skip_reason("fp16", "fp16", 70), "");
}

TEST(GemmGates, TensorCoreOnlyPrecisionsStayGated) {
  EXPECT_NE(cuda_gemm_skip_reason("tf32", "fp32", 75), "");
  EXPECT_NE(cuda_gemm_skip_reason("bf16", "fp32", 70), "");
  EXPECT_NE(cuda_gemm_skip_reason("int8", "int32", 52), "");
  EXPECT_EQ(cuda_gemm_skip_reason("int8", "int32", 61), "");
  EXPECT_NE(cuda_attention_skip_reason("bf16", 75), "");
}

}  // namespace
}  // namespace rigcheck
