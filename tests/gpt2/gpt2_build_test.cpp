#include <gtest/gtest.h>

#include "reports/gpt2/gpt2_build.hpp"
#include "reports/gpt2/gpt2_config.hpp"
#include "reports/gpt2/gpt2_cuda_params.hpp"
#include "reports/gpt2/gpt2_memory.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kGiB = 1ull << 30;

const Gpt2Row* find(const Gpt2Table& table, const std::string& model, const std::string& task,
                    const std::string& precision) {
  for (const auto& r : table.rows)
    if (r.model == model && r.task == task && r.precision == precision) return &r;
  return nullptr;
}

const Gpt2Row& row(const Gpt2Table& table, const std::string& model, const std::string& task,
                   const std::string& precision) {
  if (const auto* r = find(table, model, task, precision)) return *r;
  throw std::runtime_error("no row " + model + ":" + task + ":" + precision);
}

Gpt2Inputs p40_with(std::uint64_t host_bytes) {
  Gpt2Inputs in;
  in.card = find_card_by_key("p40");
  in.vram_bytes = in.card->memory_bytes;  // 24 GB
  in.host_ram_bytes = host_bytes;
  return in;
}

bool says(const Gpt2Row& r, const std::string& text) { return r.limit.find(text) != std::string::npos; }

TEST(Gpt2Build, OneRowPerModelTaskPrecision) {
  const auto table = build_gpt2_table(p40_with(64 * kGiB));
  EXPECT_EQ(table.rows.size(), 4u * 12u);  // every ZeRO-2 row fits a P40: no ZeRO-3 rows
  EXPECT_EQ(table.rows.front().params, 124'439'808u);
  EXPECT_EQ(table.rows.front().attention, "sdpa");  // the P40 runs PyTorch's memory-efficient kernel
  EXPECT_EQ(*table.inputs.card_key, "p40");
  EXPECT_EQ(*table.inputs.usable_vram_bytes, 23'463'129'088u);
  EXPECT_FALSE(table.inputs.measured_tflops.at("fp32"));
}

// XL with ZeRO-2 optimizer offload on a P40 with 64 GiB of host RAM (docs/gpt2.md worked example).
TEST(Gpt2Build, XlOffloadOnP40) {
  const auto table = build_gpt2_table(p40_with(64 * kGiB));
  const auto& r = row(table, "gpt2-xl", "finetune-offload", "fp16-pure");
  EXPECT_EQ(r.fit, Gpt2Fit::offload);
  const auto xl = *gpt2::find_gpt2_config("gpt2-xl");
  const gpt2::Workload at_batch{gpt2::Task::finetune_offload, gpt2::Precision::fp16_pure, gpt2::Attention::sdpa, 1024,
                                static_cast<std::uint64_t>(r.batch)};
  EXPECT_EQ(r.vram_bytes, gpt2::gpu_need_bytes(gpt2::tensor_peak_bytes(xl, at_batch), 6));
  EXPECT_LE(r.vram_bytes, *table.inputs.usable_vram_bytes);
  auto one_more = at_batch;
  one_more.batch += 1;
  EXPECT_GT(gpt2::gpu_need_bytes(gpt2::tensor_peak_bytes(xl, one_more), 6), *table.inputs.usable_vram_bytes);
  EXPECT_EQ(r.host_bytes, 37'382'668'800u);
  ASSERT_TRUE(r.tokens_per_s && r.tokens_per_s_conservative);
  EXPECT_NEAR(*r.tokens_per_s, 471.46, 0.01);  // 11.76 x 75% x 55% / 10.289 GFLOP
  EXPECT_NEAR(*r.tokens_per_s_conservative, 300.02, 0.01);
  EXPECT_TRUE(says(r, "spec peak x 75% (not measured)")) << r.limit;
  EXPECT_TRUE(says(r, "GEMMs run in fp32")) << r.limit;
  EXPECT_TRUE(says(r, "6N + 12*L*d*s")) << r.limit;
  EXPECT_TRUE(says(r, "attention sdpa (memory-efficient SDPA)")) << r.limit;
}

TEST(Gpt2Build, OffloadBoundedByHostRam) {
  const auto table = build_gpt2_table(p40_with(32 * kGiB));
  const auto& r = row(table, "gpt2-xl", "finetune-offload", "fp16-pure");
  EXPECT_EQ(r.fit, Gpt2Fit::no);
  EXPECT_FALSE(r.tokens_per_s);
  EXPECT_EQ(r.limit.rfind("host RAM: needs 34.8 GiB", 0), 0u) << r.limit;
  EXPECT_EQ(row(table, "gpt2-medium", "finetune-offload", "fp16-pure").fit, Gpt2Fit::offload);
}

// The P40 findings: XL cannot be fine-tuned without offload; gpt2-large fp32 can.
TEST(Gpt2Build, P40FinetuneFits) {
  const auto table = build_gpt2_table(p40_with(64 * kGiB));
  for (const char* precision : {"fp32", "amp", "fp16-pure"}) {
    const auto& r = row(table, "gpt2-xl", "finetune", precision);
    EXPECT_EQ(r.fit, Gpt2Fit::no) << precision;
    EXPECT_EQ(r.limit.rfind("VRAM: needs", 0), 0u) << r.limit;
  }
  EXPECT_EQ(row(table, "gpt2-large", "finetune", "fp32").fit, Gpt2Fit::gpu);
  EXPECT_EQ(row(table, "gpt2-xl", "finetune-checkpointing", "fp16-pure").fit, Gpt2Fit::no);  // 16N alone is 24.9 GB
}

TEST(Gpt2Build, InferenceIsMemoryBoundAndSaysItsInputs) {
  const auto table = build_gpt2_table(p40_with(64 * kGiB));
  const auto& r = row(table, "gpt2", "inference", "fp32");
  EXPECT_EQ(r.fit, Gpt2Fit::gpu);
  ASSERT_TRUE(r.tokens_per_s);
  EXPECT_LT(*r.tokens_per_s_conservative, *r.tokens_per_s);
  EXPECT_TRUE(says(r, "memory-bound decode")) << r.limit;
  EXPECT_TRUE(says(r, "346 GB/s spec")) << r.limit;
}

TEST(Gpt2Build, BatchCapsWithoutCard) {
  Gpt2Inputs big;
  big.vram_bytes = 80ull * 1000 * 1000 * 1000;
  big.host_ram_bytes = 512 * kGiB;
  const auto table = build_gpt2_table(big);
  EXPECT_EQ(row(table, "gpt2", "inference", "int8").batch, kInferenceBatchCap);
  EXPECT_EQ(row(table, "gpt2", "finetune-checkpointing", "amp").batch, kFinetuneBatchCap);
  const auto& r = row(table, "gpt2", "finetune", "amp");
  EXPECT_EQ(r.attention, "eager");  // card unknown: the larger, safe figure
  EXPECT_FALSE(r.tokens_per_s);
  EXPECT_TRUE(says(r, "speed unknown"));
}

TEST(Gpt2Build, UnknownVramFitsNothing) {
  Gpt2Inputs in;
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
  const auto& r = row(table, "gpt2-xl", "finetune-offload", "fp16-pure");
  EXPECT_EQ(r.fit, Gpt2Fit::offload);
  EXPECT_EQ(r.limit.rfind("host RAM unknown: needs 34.8 GiB", 0), 0u) << r.limit;
}

TEST(Gpt2Build, MeasuredThroughputIsUsedAndSaid) {
  auto in = p40_with(64 * kGiB);
  in.measured_tflops = {{"fp32", 9.0}};
  const auto table = build_gpt2_table(in);
  const auto& r = row(table, "gpt2-large", "finetune-offload", "fp16-pure");
  EXPECT_TRUE(says(r, "fp32 GEMM 9.00 TFLOPS measured")) << r.limit;
  EXPECT_DOUBLE_EQ(*table.inputs.measured_tflops.at("fp32"), 9.0);
}

TEST(Gpt2Build, M40Has16BitMathOnlyInFp32AndNoW8A8) {
  Gpt2Inputs in;
  in.card = find_card_by_key("m40");
  in.vram_bytes = in.card->memory_bytes;
  const auto table = build_gpt2_table(in);
  EXPECT_TRUE(says(row(table, "gpt2-medium", "finetune", "amp"), "16-bit math is missing or slower than fp32"));
  const auto& w8a8 = row(table, "gpt2", "inference", "int8");
  EXPECT_FALSE(w8a8.tokens_per_s);
  EXPECT_TRUE(says(w8a8, "no int8 GEMM on this card")) << w8a8.limit;
  EXPECT_TRUE(row(table, "gpt2", "inference", "int8-weight").tokens_per_s);
}

// A card whose ZeRO-2 row does not fit XL gets a ZeRO-3 (parameter offload) row.
TEST(Gpt2Build, ZeroThreeRowWhenZeroTwoDoesNotFit) {
  Gpt2Inputs in;
  in.card = find_card_by_key("p40");
  in.vram_bytes = 6ull * 1000 * 1000 * 1000;
  in.host_ram_bytes = 128 * kGiB;
  const auto table = build_gpt2_table(in);
  EXPECT_EQ(row(table, "gpt2-xl", "finetune-offload", "fp16-pure").fit, Gpt2Fit::no);
  const auto& zero3 = row(table, "gpt2-xl", "finetune-offload-params", "fp16-pure");
  EXPECT_EQ(zero3.fit, Gpt2Fit::offload);
  EXPECT_EQ(zero3.host_bytes, 42'055'502'400u);
  EXPECT_TRUE(says(zero3, "ZeRO-3 estimator, not measured")) << zero3.limit;
  EXPECT_EQ(find(table, "gpt2", "finetune-offload-params", "fp16-pure"), nullptr);  // its ZeRO-2 fits
}

// `rigcheck gpt2 --task finetune --precision fp32 --context 1024 --batch 2` on a P40.
TEST(Gpt2Build, OneConfiguration) {
  Gpt2Query q;
  q.task = gpt2::Task::finetune;
  q.precision = gpt2::Precision::fp32;
  q.context_tokens = 512;
  q.batch = 2;
  const auto table = build_gpt2_configuration(p40_with(64 * kGiB), q);
  ASSERT_EQ(table.rows.size(), 4u);
  for (const auto& r : table.rows) {
    EXPECT_EQ(r.batch, 2);
    EXPECT_EQ(r.context, 512);
  }
  EXPECT_EQ(row(table, "gpt2-large", "finetune", "fp32").fit, Gpt2Fit::gpu);
  EXPECT_TRUE(says(row(table, "gpt2", "finetune", "fp32"), "batch 2 as asked"));
  EXPECT_EQ(row(table, "gpt2-xl", "finetune", "fp32").fit, Gpt2Fit::no);
}

}  // namespace
}  // namespace rigcheck
