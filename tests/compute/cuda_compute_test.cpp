// The CUDA backend on a real GPU (ctest label `gpu`): every precision measured or skipped with a
// reason, every measured result matching the CPU reference. Skips without a CUDA device.
#include <gtest/gtest.h>

#include <cuda_runtime.h>

#include "kernels/cuda/run_cuda_compute.hpp"
#include "reports/compute/judge_compute.hpp"

namespace rigcheck {
namespace {

TEST(CudaCompute, SmallShapesMatchTheReference) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) GTEST_SKIP() << "no CUDA device";
  ComputeOptions o;
  o.square_size = 512;
  o.tokens = 128;
  o.seq_len = 256;
  o.attention_batch = 1;
  o.models = {"gpt2"};
  o.samples = 3;
  auto r = run_cuda_compute(0, o, {});
  ASSERT_TRUE(r.ok()) << r.error();
  for (const auto& n : r->notes) EXPECT_EQ(n.find("not measured"), std::string::npos) << n;
  for (const auto& c : judge_compute(*r, nullptr, Policy{})) {
    EXPECT_NE(c.status, CheckStatus::fail) << c.id << ": " << c.summary;
    if (c.id == "compute.gemm.fp32" || c.id == "compute.attention.fp32") {
      EXPECT_EQ(c.status, CheckStatus::pass) << c.summary;
    }
  }
}

}  // namespace
}  // namespace rigcheck
