#include <gtest/gtest.h>

#include "reports/gpt2/gpt2_build.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kGiB = 1ull << 30;

const Gpt2Row& row(const Gpt2Table& table, const std::string& model, const std::string& task,
                   const std::string& precision) {
  for (const auto& r : table.rows)
    if (r.model == model && r.task == task && r.precision == precision) return r;
  throw std::runtime_error("no row " + model + ":" + task + ":" + precision);
}

Gpt2Inputs p40_with(std::uint64_t host_bytes) {
  Gpt2Inputs in;
  in.card = find_card_by_key("p40");
  in.vram_bytes = in.card->memory_bytes;  // 24 GB
  in.host_ram_bytes = host_bytes;
  return in;
}

TEST(Gpt2Build, OneRowPerModelTaskPrecision) {
  const auto table = build_gpt2_table(p40_with(64 * kGiB));
  EXPECT_EQ(table.rows.size(), 4u * 9u);
  EXPECT_EQ(table.rows.front().params, 124'439'808u);
  EXPECT_EQ(*table.inputs.card_key, "p40");
  EXPECT_EQ(*table.inputs.usable_vram_bytes, 23'463'129'088u);
  EXPECT_FALSE(table.inputs.measured_tflops.at("fp32"));
}

// Worked example 1 (docs/gpt2.md): XL finetune-offload mixed on a P40 with 64 GiB of host RAM.
TEST(Gpt2Build, WorkedExampleXlOffloadOnP40) {
  const auto table = build_gpt2_table(p40_with(64 * kGiB));
  const auto& r = row(table, "gpt2-xl", "finetune-offload", "mixed");
  EXPECT_EQ(r.fit, Gpt2Fit::offload);
  EXPECT_EQ(r.batch, 2);  // batch 3 would need 32.3 GB
  EXPECT_EQ(r.vram_bytes, 22'943'024'512u);
  EXPECT_EQ(r.host_bytes, 37'382'668'800u);
  ASSERT_TRUE(r.tokens_per_s);
  EXPECT_NEAR(*r.tokens_per_s, 457.17, 0.01);
  EXPECT_NE(r.limit.find("estimated from spec peak, not measured"), std::string::npos) << r.limit;
  EXPECT_NE(r.limit.find("math runs in fp32"), std::string::npos) << r.limit;
}

// The same task with 32 GiB of host RAM does not fit: host RAM bounds the offload.
TEST(Gpt2Build, OffloadBoundedByHostRam) {
  const auto table = build_gpt2_table(p40_with(32 * kGiB));
  const auto& r = row(table, "gpt2-xl", "finetune-offload", "mixed");
  EXPECT_EQ(r.fit, Gpt2Fit::no);
  EXPECT_FALSE(r.tokens_per_s);
  EXPECT_EQ(r.limit.rfind("host RAM: needs 34.8 GiB", 0), 0u) << r.limit;
  // The medium model's offload needs 8.5 GB: fits.
  EXPECT_EQ(row(table, "gpt2-medium", "finetune-offload", "mixed").fit, Gpt2Fit::offload);
}

// Public reports: XL cannot be fully fine-tuned on a 24 GB card; large can (with checkpointing).
TEST(Gpt2Build, XlFinetuneDoesNotFitTwentyFourGigabytes) {
  const auto table = build_gpt2_table(p40_with(64 * kGiB));
  for (const char* task : {"finetune", "finetune-checkpointing"}) {
    const auto& r = row(table, "gpt2-xl", task, "mixed");
    EXPECT_EQ(r.fit, Gpt2Fit::no) << task;
    EXPECT_EQ(r.batch, 1);
    EXPECT_EQ(r.limit.rfind("VRAM: needs", 0), 0u) << r.limit;
  }
  EXPECT_EQ(row(table, "gpt2-large", "finetune-checkpointing", "mixed").fit, Gpt2Fit::gpu);
  EXPECT_EQ(row(table, "gpt2", "finetune", "mixed").fit, Gpt2Fit::gpu);
}

// Worked example 2: gpt2 inference fp32 on the P40: batch 47, memory-bound at 7158 tokens/s.
TEST(Gpt2Build, WorkedExampleSmallInferenceFp32OnP40) {
  const auto table = build_gpt2_table(p40_with(64 * kGiB));
  const auto& r = row(table, "gpt2", "inference", "fp32");
  EXPECT_EQ(r.fit, Gpt2Fit::gpu);
  EXPECT_EQ(r.batch, 47);
  EXPECT_EQ(r.vram_bytes, 23'222'363'136u);
  EXPECT_NEAR(*r.tokens_per_s, 7157.73, 0.01);
  EXPECT_NE(r.limit.find("memory-bound decode"), std::string::npos) << r.limit;
  EXPECT_NE(r.limit.find("batch-1 decode bound 695 tokens/s"), std::string::npos) << r.limit;
}

TEST(Gpt2Build, BatchCaps) {
  Gpt2Inputs big;
  big.vram_bytes = 80ull * 1000 * 1000 * 1000;
  big.host_ram_bytes = 512 * kGiB;
  const auto table = build_gpt2_table(big);
  EXPECT_EQ(row(table, "gpt2", "inference", "int8").batch, kInferenceBatchCap);
  EXPECT_EQ(row(table, "gpt2", "finetune-checkpointing", "mixed").batch, kFinetuneBatchCap);
  // No card and nothing measured: speed unknown, said so.
  const auto& r = row(table, "gpt2", "finetune", "mixed");
  EXPECT_FALSE(r.tokens_per_s);
  EXPECT_NE(r.limit.find("speed unknown"), std::string::npos);
}

TEST(Gpt2Build, UnknownVramFitsNothing) {
  Gpt2Inputs in;
  in.card = nullptr;
  const auto table = build_gpt2_table(in);
  EXPECT_FALSE(table.inputs.usable_vram_bytes);
  for (const auto& r : table.rows) {
    EXPECT_EQ(r.fit, Gpt2Fit::no);
    EXPECT_EQ(r.batch, 1);
  }
}

TEST(Gpt2Build, UnknownHostRamStillFitsOffloadButSaysSo) {
  auto in = p40_with(0);
  in.host_ram_bytes.reset();
  const auto table = build_gpt2_table(in);
  const auto& r = row(table, "gpt2-xl", "finetune-offload", "mixed");
  EXPECT_EQ(r.fit, Gpt2Fit::offload);
  EXPECT_EQ(r.limit.rfind("host RAM unknown: needs 34.8 GiB", 0), 0u) << r.limit;
}

TEST(Gpt2Build, MeasuredThroughputIsUsedAndSaid) {
  auto in = p40_with(64 * kGiB);
  in.measured_tflops = {{"fp32", 9.0}};
  const auto table = build_gpt2_table(in);
  const auto& r = row(table, "gpt2-large", "finetune-offload", "fp32");
  EXPECT_NE(r.limit.find("fp32 at 9.00 TFLOPS measured"), std::string::npos) << r.limit;
  EXPECT_DOUBLE_EQ(*table.inputs.measured_tflops.at("fp32"), 9.0);
}

TEST(Gpt2Build, M40Fp16InferenceComputesInFp32) {
  Gpt2Inputs in;
  in.card = find_card_by_key("m40");
  in.vram_bytes = in.card->memory_bytes;
  const auto table = build_gpt2_table(in);
  const auto& r = row(table, "gpt2-medium", "finetune", "mixed");
  EXPECT_NE(r.limit.find("fp16 math is missing or slower than fp32"), std::string::npos) << r.limit;
  const auto& i8 = row(table, "gpt2", "inference", "int8");
  EXPECT_NE(i8.limit.find("no fast int8 math"), std::string::npos) << i8.limit;
}

}  // namespace
}  // namespace rigcheck
