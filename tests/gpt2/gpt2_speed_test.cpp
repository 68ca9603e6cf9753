#include <gtest/gtest.h>

#include "reports/gpt2/gpt2_speed.hpp"

namespace rigcheck::gpt2 {
namespace {

Gpt2Config config(const char* name) { return *find_gpt2_config(name); }

// DOMAIN.md: 0.86 / 2.43 / 5.21 / 10.29 GFLOP per trained token, 0.27 / 0.76 / 1.64 / 3.27 generated.
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

TEST(Gpt2Speed, P40UsesFp32ForFp16AndMixedButInt8ForInt8) {
  const CardSpec* p40 = find_card_by_key("p40");
  ASSERT_NE(p40, nullptr);
  EXPECT_EQ(choose_compute_rate(Precision::fp16, p40, {})->precision, "fp32");  // 0.18 < 11.76 TFLOPS
  EXPECT_EQ(choose_compute_rate(Precision::mixed, p40, {})->precision, "fp32");
  const auto int8 = *choose_compute_rate(Precision::int8, p40, {});
  EXPECT_EQ(int8.precision, "int8");
  EXPECT_FALSE(int8.measured);
}

TEST(Gpt2Speed, M40HasNoFp16OrInt8) {
  const CardSpec* m40 = find_card_by_key("m40");
  EXPECT_EQ(choose_compute_rate(Precision::fp16, m40, {})->precision, "fp32");
  EXPECT_EQ(choose_compute_rate(Precision::int8, m40, {})->precision, "fp32");
}

TEST(Gpt2Speed, MeasurementWinsOverSpec) {
  const CardSpec* p40 = find_card_by_key("p40");
  const auto rate = *choose_compute_rate(Precision::fp32, p40, {{"fp32", 10.5}});
  EXPECT_TRUE(rate.measured);
  EXPECT_DOUBLE_EQ(rate.tflops, 10.5);
  EXPECT_FALSE(choose_compute_rate(Precision::fp32, nullptr, {}));
}

// P40, XL: 11.76 TFLOPS * 40% / 10.289 GFLOP = 457 tokens/s (DOMAIN.md range 340-570).
TEST(Gpt2Speed, P40XlTrainingInDomainRange) {
  const auto rate = *choose_compute_rate(Precision::fp32, find_card_by_key("p40"), {});
  const double tps = compute_bound_tokens_per_s(rate, training_flops_per_token(config("gpt2-xl")));
  EXPECT_NEAR(tps, 457.17, 0.01);
}

// DOMAIN.md: P40, XL fp16, batch-1 decode bound = 346 GB/s / 3.115 GB = 111 tokens/s.
TEST(Gpt2Speed, DecodeBound) {
  EXPECT_NEAR(decode_bound_tokens_per_s(346e9, 2 * 1'557'611'200ull, 1, 0), 111.07, 0.01);
  // gpt2 fp32 batch 47: 47 * 346e9 / (497,759,232 + 47 * 73,728 * 512) = 7157.7
  EXPECT_NEAR(decode_bound_tokens_per_s(346e9, 497'759'232ull, 47, 73'728), 7157.73, 0.01);
}

}  // namespace
}  // namespace rigcheck::gpt2
