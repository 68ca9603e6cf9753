// Issue 17 item 6: int8 GEMM is handed to cuBLAS in the TN arrangement, as fp8 is: cuBLASLt's int8
// tensor-core kernels with regular ordering exist only for TN (NN: NOT_SUPPORTED or a slow kernel).
#include <gtest/gtest.h>

#include "kernels/cuda/gemm_operand_order.hpp"

namespace rigcheck {
namespace {

TEST(GemmOperandOrder, IntegerAndFp8TensorCoreGemmsAreTn) {
  EXPECT_EQ(gemm_operand_order("int8"), GemmOperandOrder::tn);
  EXPECT_EQ(gemm_operand_order("fp8"), GemmOperandOrder::tn);
}

TEST(GemmOperandOrder, FloatGemmsKeepTheRowMajorNn) {
  for (const char* p : {"fp32", "tf32", "fp16", "bf16"}) EXPECT_EQ(gemm_operand_order(p), GemmOperandOrder::nn) << p;
}

}  // namespace
}  // namespace rigcheck
