#include <gtest/gtest.h>

#include "reports/gpt2/gpt2_memory.hpp"

namespace rigcheck::gpt2 {
namespace {

constexpr double kGiB = 1024.0 * 1024 * 1024;
Gpt2Config config(const char* name) { return *find_gpt2_config(name); }

double all_layers_gib(const char* name, bool checkpoint) {
  const auto c = config(name);
  const auto per_layer = checkpoint ? layer_checkpoint_bytes_16bit(c, 1024, 1) : layer_activation_bytes_16bit(c, 1024, 1);
  return static_cast<double>(c.layers * per_layer) / kGiB;
}

// DOMAIN.md: per 1024-token sequence 1.00 / 2.67 / 5.01 / 8.35 GiB (no recompute).
TEST(Gpt2Memory, ActivationsPerSequenceMatchKorthikanti) {
  EXPECT_NEAR(all_layers_gib("gpt2", false), 1.00, 0.005);
  EXPECT_NEAR(all_layers_gib("gpt2-medium", false), 2.67, 0.005);
  EXPECT_NEAR(all_layers_gib("gpt2-large", false), 5.01, 0.005);
  EXPECT_NEAR(all_layers_gib("gpt2-xl", false), 8.35, 0.005);
  // One gpt2 layer by hand: 1024 * (34*768 + 5*12*1024) = 89,653,248 bytes.
  EXPECT_EQ(layer_activation_bytes_16bit(config("gpt2"), 1024, 1), 89'653'248u);
}

// DOMAIN.md: 0.018 / 0.047 / 0.088 / 0.147 GiB with full recomputation (rounded there).
TEST(Gpt2Memory, CheckpointedActivationsMatchFullRecompute) {
  EXPECT_NEAR(all_layers_gib("gpt2", true), 0.018, 0.001);
  EXPECT_NEAR(all_layers_gib("gpt2-medium", true), 0.047, 0.001);
  EXPECT_NEAR(all_layers_gib("gpt2-large", true), 0.088, 0.001);
  EXPECT_NEAR(all_layers_gib("gpt2-xl", true), 0.147, 0.001);
  EXPECT_EQ(48 * layer_checkpoint_bytes_16bit(config("gpt2-xl"), 1024, 1), 157'286'400u);  // 48*2*1024*1600
}

TEST(Gpt2Memory, LogitsAndKvCache) {
  EXPECT_EQ(logits_bytes(1024, 1), 205'852'672u);  // 1024 * 50257 * 4, about 0.19 GiB
  EXPECT_EQ(logits_bytes(1024, 3), 3 * 205'852'672u);
  EXPECT_EQ(kv_cache_bytes(config("gpt2"), 1024, 1, 4), 75'497'472u);  // 2*12*768*4*1024
  EXPECT_EQ(kv_cache_bytes(config("gpt2-xl"), 1, 1, 2), 307'200u);     // 2*48*1600*2 per token
}

// DeepSpeed's ZeRO-2 offload estimator for XL: 3.1 GB GPU, 37.4 GB host.
TEST(Gpt2Memory, OffloadBoundsForXl) {
  const auto m = *memory_breakdown(config("gpt2-xl"), Task::finetune_offload, Precision::mixed);
  EXPECT_EQ(m.state_bytes, 3'115'222'400u);
  EXPECT_EQ(m.host_bytes, 37'382'668'800u);
  EXPECT_EQ(offload_host_bytes(1'000'000), 24'000'000u);  // max(4*1, 16) * 1.5 = 24 bytes/param
}

// Worked example 1 of docs/gpt2.md: XL finetune-offload, mixed, per sequence and fixed.
TEST(Gpt2Memory, WorkedExampleXlOffload) {
  const auto m = *memory_breakdown(config("gpt2-xl"), Task::finetune_offload, Precision::mixed);
  EXPECT_EQ(m.activation_bytes_per_sequence, 8'965'324'800u);
  EXPECT_EQ(m.logits_bytes_per_sequence, 411'705'344u);
  EXPECT_EQ(m.gpu_fixed_bytes(), 3'115'222'400u + 1'073'741'824u);
  EXPECT_EQ(m.gpu_bytes(1), 13'565'994'368u);
  EXPECT_EQ(m.gpu_bytes(2), 22'943'024'512u);
}

// Worked example 2: gpt2 inference fp32.
TEST(Gpt2Memory, WorkedExampleSmallInferenceFp32) {
  const auto m = *memory_breakdown(config("gpt2"), Task::inference, Precision::fp32);
  EXPECT_EQ(m.state_bytes, 497'759'232u);
  EXPECT_EQ(m.activation_bytes_per_sequence, 179'306'496u);
  EXPECT_EQ(m.kv_cache_bytes_per_sequence, 75'497'472u);
  EXPECT_EQ(m.logits_bytes_per_sequence, 205'852'672u);
  EXPECT_EQ(m.gpu_bytes_per_sequence(), 460'656'640u);
  EXPECT_EQ(m.gpu_fixed_bytes(), 1'571'501'056u);
  EXPECT_EQ(m.host_bytes, 497'759'232u);
}

// ZeRO's 16 bytes/param: XL needs about 24.9 GB of training state, more than a 24 GB card.
TEST(Gpt2Memory, FinetuneStateIs16BytesPerParam) {
  for (auto p : {Precision::fp32, Precision::mixed}) {
    const auto m = *memory_breakdown(config("gpt2-xl"), Task::finetune, p);
    EXPECT_EQ(m.state_bytes, 24'921'779'200u);
  }
  const auto fp32 = *memory_breakdown(config("gpt2"), Task::finetune, Precision::fp32);
  const auto mixed = *memory_breakdown(config("gpt2"), Task::finetune, Precision::mixed);
  EXPECT_EQ(fp32.activation_bytes_per_sequence, 2 * mixed.activation_bytes_per_sequence);
}

TEST(Gpt2Memory, CheckpointingKeepsLayerInputsPlusOneLayer) {
  const auto c = config("gpt2-medium");
  const auto m = *memory_breakdown(c, Task::finetune_checkpointing, Precision::mixed);
  EXPECT_EQ(m.activation_bytes_per_sequence, 24u * 2 * 1024 * 1024 + layer_activation_bytes_16bit(c, 1024, 1));
}

TEST(Gpt2Memory, InvalidCombinationIsNullopt) {
  EXPECT_FALSE(memory_breakdown(config("gpt2"), Task::inference, Precision::mixed));
  EXPECT_FALSE(memory_breakdown(config("gpt2"), Task::finetune, Precision::int8));
}

TEST(Gpt2Memory, UsableVramSubtractsReserve) {
  EXPECT_EQ(usable_vram_bytes(24'000'000'000u), 24'000'000'000u - 536'870'912u);
  EXPECT_EQ(usable_vram_bytes(100u), 0u);
}

}  // namespace
}  // namespace rigcheck::gpt2
