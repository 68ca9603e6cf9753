// The compute measurement survives a JSON round trip, and a broken file names the bad field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compute_test_fixtures.hpp"
#include "reports/json_fields.hpp"

namespace rigcheck {
namespace {

ComputeResult sample() {
  ComputeResult r;
  r.backend = "vulkan";
  r.device_name = "llvmpipe";
  r.gemm.push_back(testing::gemm_row("fp32", 0.05));
  r.gemm.push_back(testing::gemm_row("int8", 0.08));
  r.attention.push_back(testing::attention_row("fp32", "vulkan-fused", 0.02));
  r.skipped.push_back({"gemm", "bf16", "the Vulkan backend has no bf16 shaders"});
  r.notes.push_back("CPU Vulkan device");
  return r;
}

TEST(ComputeJson, RoundTrips) {
  const ComputeResult r = sample();
  const nlohmann::json j = to_json(r);
  const ComputeResult back = compute_result_from_json(j, "gpus[0].measurements.compute");
  EXPECT_EQ(to_json(back), j);
  ASSERT_EQ(back.gemm.size(), 2u);
  EXPECT_EQ(back.gemm[1].accumulate, "int32");
  EXPECT_DOUBLE_EQ(back.attention[0].flops_causal, r.attention[0].flops_causal);
  EXPECT_EQ(back.skipped[0].reason, "the Vulkan backend has no bf16 shaders");
}

TEST(ComputeJson, MissingFieldNamesItsPath) {
  nlohmann::json j = to_json(sample());
  j["gemm"][1]["throughput"].erase("tflops_median");
  try {
    compute_result_from_json(j, "compute");
    FAIL() << "expected FieldError";
  } catch (const json_fields::FieldError& e) {
    EXPECT_STREQ(e.what(), "missing field compute.gemm[1].throughput.tflops_median");
  }
}

TEST(ComputeJson, WrongTypeAndBadEnumAreErrors) {
  nlohmann::json j = to_json(sample());
  j["attention"][0]["seq_len"] = "long";
  EXPECT_THROW(compute_result_from_json(j, "c"), json_fields::FieldError);
  j = to_json(sample());
  j["attention"][0]["flops_counted"] = "half";
  EXPECT_THROW(compute_result_from_json(j, "c"), json_fields::FieldError);
}

TEST(ComputeThroughput, MedianSpreadAndRate) {
  const Throughput t = summarize_throughput({0.4, 0.1, 0.2, 0.3}, 1e12, 2);
  EXPECT_EQ(t.samples, 4u);
  EXPECT_EQ(t.warmup_runs, 2u);
  EXPECT_DOUBLE_EQ(t.seconds_median, 0.25);
  EXPECT_DOUBLE_EQ(t.tflops_median, 4.0);
  EXPECT_DOUBLE_EQ(t.tflops_max, 10.0);
  EXPECT_DOUBLE_EQ(t.tflops_min, 2.5);
  EXPECT_GT(t.relative_stdev, 0.4);
}

}  // namespace
}  // namespace rigcheck
