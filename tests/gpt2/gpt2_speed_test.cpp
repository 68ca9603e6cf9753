#include <gtest/gtest.h>

#include "reports/gpt2/gpt2_speed.hpp"

namespace rigcheck::gpt2 {
namespace {

Gpt2Config config(const char* name) { return *find_gpt2_config(name); }

// docs/gpt2.md "Speed": 0.86 / 2.43 / 5.21 / 10.29 GFLOP per trained token, 0.27 / 0.76 / 1.64 / 3.27 generated.
TEST(Gpt2Speed, FlopsPerToken) {
  const char* names[] = {"gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"};
  const double train[] = {0.86, 2.43, 5.21, 10.29};
  const double infer[] = {0.27, 0.76, 1.64, 3.27};
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(training_flops_per_token(config(names[i])) / 1e9, train[i], 0.005) << names[i];
    EXPECT_NEAR(inference_flops_per_token(config(names[i])) / 1e9, infer[i], 0.005) << names[i];
  }
  EXPECT_DOUBLE_EQ(inference_flops_per_token(config("gpt2")), 267'753'984.0);
  EXPECT_DOUBLE_EQ(checkpointed_training_flops_per_token(config("gpt2")),
                   8.0 * 124'439'808 + 16.0 * 12 * 768 * 1024);
}

TEST(Gpt2Speed, P40UsesFp32For16BitRowsAndDp4aOnlyForW8A8) {
  const CardSpec* p40 = find_card_by_key("p40");
  ASSERT_NE(p40, nullptr);
  EXPECT_EQ(choose_compute_rate(Precision::fp16_pure, p40, {})->precision, "fp32");  // 0.18 < 11.76 TFLOPS
  EXPECT_EQ(choose_compute_rate(Precision::amp, p40, {})->precision, "fp32");
  // Weight-only int8 dequantises to 16-bit math: it cannot use DP4A.
  EXPECT_EQ(choose_compute_rate(Precision::int8_weight, p40, {})->precision, "fp32");
  const auto int8 = *choose_compute_rate(Precision::int8, p40, {});
  EXPECT_EQ(int8.precision, "int8");
  EXPECT_FALSE(int8.measured);
  EXPECT_DOUBLE_EQ(int8.tflops, *p40->int8_tops * kSpecGemmEfficiency);
}

TEST(Gpt2Speed, M40HasNoFp16AndNoW8A8) {
  const CardSpec* m40 = find_card_by_key("m40");
  EXPECT_EQ(choose_compute_rate(Precision::fp16_pure, m40, {})->precision, "fp32");
  EXPECT_EQ(choose_compute_rate(Precision::int8_weight, m40, {})->precision, "fp32");
  EXPECT_FALSE(choose_compute_rate(Precision::int8, m40, {}));  // no DP4A on sm_52
}

TEST(Gpt2Speed, MeasurementWinsOverSpec) {
  const CardSpec* p40 = find_card_by_key("p40");
  const auto rate = *choose_compute_rate(Precision::fp32, p40, {{"fp32", 10.5}});
  EXPECT_TRUE(rate.measured);
  EXPECT_DOUBLE_EQ(rate.tflops, 10.5);  // a measurement is used as it is, no efficiency applied
  EXPECT_FALSE(choose_compute_rate(Precision::fp32, nullptr, {}));
}

// P40, XL training from the spec: 11.76 x 75% = 8.82 TFLOPS; x 35% / 55% over 10.289 GFLOP per
// token = 300-471 tokens/s.
TEST(Gpt2Speed, P40XlTrainingRange) {
  const auto rate = *choose_compute_rate(Precision::fp32, find_card_by_key("p40"), {});
  const auto tps = compute_bound_tokens_per_s(rate, training_flops_per_token(config("gpt2-xl")));
  EXPECT_NEAR(tps.conservative, 300.02, 0.01);
  EXPECT_NEAR(tps.likely, 471.46, 0.01);
}

// P40, XL fp16 batch 1: 346 GB/s / 3.115 GB = 111 sequences/s; x 60% / 80% = 66.6-88.9 tokens/s.
TEST(Gpt2Speed, DecodeBound) {
  const auto one = decode_bound_tokens_per_s(346e9, 2 * 1'557'611'200ull, 1, 0);
  EXPECT_NEAR(one.conservative, 66.64, 0.01);
  EXPECT_NEAR(one.likely, 88.85, 0.01);
  // gpt2 fp32 batch 47, 37,748,736 B of KV read per sequence per step (half of 1024 tokens).
  const auto many = decode_bound_tokens_per_s(346e9, 497'759'232ull, 47, 37'748'736ull);
  EXPECT_NEAR(many.likely, 47 * 346e9 * 0.8 / (497'759'232.0 + 47 * 37'748'736.0), 1e-6);
}

}  // namespace
}  // namespace rigcheck::gpt2
