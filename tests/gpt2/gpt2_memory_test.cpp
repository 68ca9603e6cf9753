#include <gtest/gtest.h>

#include "reports/gpt2/gpt2_cuda_params.hpp"
#include "reports/gpt2/gpt2_memory.hpp"

namespace rigcheck::gpt2 {
namespace {

Gpt2Config config(const char* name) { return *find_gpt2_config(name); }

// docs/gpt2.md "Memory": bytes saved per layer, gpt2 at s = 1024, b = 1.
TEST(Gpt2Memory, LayerActivationsPerPrecisionAndKernel) {
  const auto c = config("gpt2");
  EXPECT_EQ(layer_activation_bytes(c, Precision::fp32, Attention::eager, 1024, 1), 1024u * (66 * 768 + 9 * 12 * 1024));
  EXPECT_EQ(layer_activation_bytes(c, Precision::amp, Attention::eager, 1024, 1), 1024u * (38 * 768 + 7 * 12 * 1024));
  // A 16-bit model is Korthikanti et al.'s 34h + 5as: 89,653,248 bytes.
  EXPECT_EQ(layer_activation_bytes(c, Precision::fp16_pure, Attention::eager, 1024, 1), 89'653'248u);
  // sdpa: no s*s term, its output kept (+4 bytes per h in fp32), a fp32 log-sum-exp per row.
  EXPECT_EQ(layer_activation_bytes(c, Precision::fp32, Attention::sdpa, 1024, 1), 1024u * 70 * 768 + 12 * 1024 * 4);
  EXPECT_EQ(layer_activation_bytes(c, Precision::amp, Attention::sdpa, 1000, 2),
            2000u * 40 * 768 + 2 * 12 * 1024 * 4);  // rows padded to 32
}

TEST(Gpt2Memory, KvCacheAndWeights) {
  const auto c = config("gpt2");
  EXPECT_EQ(kv_cache_bytes(c, 4, 1024, 1), 113'246'208u);  // 3 * 12 * 768 * 4 * 1024: c_attn output kept
  EXPECT_EQ(weight_bytes(c, Precision::fp32), 497'759'232u);
  EXPECT_EQ(weight_bytes(c, Precision::fp16_pure), 248'879'616u);
  // int8: 12*d^2*L Linear weights at 1 byte, the other 39,505,152 params at 2.
  EXPECT_EQ(weight_bytes(c, Precision::int8_weight), 84'934'656u + 2 * 39'505'152u);
}

// Worked example: gpt2 fp32 sdpa prefill of one 1024-token sequence = weights + KV + fp32 logits +
// four fp32 hidden states (the reference measured 820,012,032).
TEST(Gpt2Memory, InferencePeakIsWeightsKvAndLogits) {
  const Workload w{Task::inference, Precision::fp32, Attention::sdpa, 1024, 1};
  EXPECT_EQ(tensor_peak_bytes(config("gpt2"), w), 497'759'232u + 113'246'208u + 205'852'672u + 1024u * 768 * 16);
}

// With gradients set to None, fp32 fine-tuning of gpt2-large at batch 1 peaks at the start of
// backward: 12N + 36 layers + loss path 4x logits + the tied embedding's gradient.
TEST(Gpt2Memory, FinetunePeakIsTwelveNPlusActivationsPlusLoss) {
  const auto c = config("gpt2-large");
  const std::uint64_t n = parameter_count(c);
  const Workload w{Task::finetune, Precision::fp32, Attention::eager, 1024, 1};
  const std::uint64_t expected = 12 * n + 36 * layer_activation_bytes(c, Precision::fp32, Attention::eager, 1024, 1) +
                                 4 * 205'852'672u + 50257u * 1280 * 4;
  EXPECT_EQ(tensor_peak_bytes(c, w), expected);
  // At s = 128 the optimizer state dominates: 16N plus the tied embedding's second gradient and sum.
  const Workload short_context{Task::finetune, Precision::fp32, Attention::eager, 128, 1};
  EXPECT_EQ(tensor_peak_bytes(c, short_context), 16 * n + 8 * 50257u * 1280 + 128 * 50257u * 4);
}

TEST(Gpt2Memory, CheckpointingKeepsFp32BlockInputsUnderAmp) {
  const auto c = config("gpt2-medium");
  const Workload plain{Task::finetune, Precision::amp, Attention::sdpa, 1024, 4};
  const Workload ckpt{Task::finetune_checkpointing, Precision::amp, Attention::sdpa, 1024, 4};
  EXPECT_LT(tensor_peak_bytes(c, ckpt), tensor_peak_bytes(c, plain));
  const Workload fp16_ckpt{Task::finetune_checkpointing, Precision::fp16_pure, Attention::sdpa, 1024, 8};
  const Workload amp_ckpt{Task::finetune_checkpointing, Precision::amp, Attention::sdpa, 1024, 8};
  EXPECT_LT(tensor_peak_bytes(c, fp16_ckpt), tensor_peak_bytes(c, amp_ckpt));
}

// DeepSpeed's estimators for XL, one GPU: ZeRO-2 offload host 24 bytes/param, ZeRO-3 27.
TEST(Gpt2Memory, OffloadHostBytesFollowDeepSpeed) {
  EXPECT_EQ(host_bytes(config("gpt2-xl"), Task::finetune_offload), 37'382'668'800u);
  EXPECT_EQ(host_bytes(config("gpt2-xl"), Task::finetune_offload_params), 42'055'502'400u);
  EXPECT_EQ(host_bytes(config("gpt2"), Task::inference), 4 * 124'439'808u);
  // ZeRO-2 keeps the 16-bit model (2N) on the GPU; ZeRO-3 only its largest layer (the embedding).
  const Workload zero2{Task::finetune_offload, Precision::fp16_pure, Attention::sdpa, 128, 1};
  const Workload zero3{Task::finetune_offload_params, Precision::fp16_pure, Attention::sdpa, 128, 1};
  EXPECT_GT(tensor_peak_bytes(config("gpt2-xl"), zero2), 2 * 1'557'611'200u);
  EXPECT_LT(tensor_peak_bytes(config("gpt2-xl"), zero3), 2 * 1'557'611'200u);
}

TEST(Gpt2Memory, CudaSideParameters) {
  EXPECT_EQ(usable_vram_bytes(24'000'000'000u), 24'000'000'000u - 536'870'912u);
  EXPECT_EQ(usable_vram_bytes(100u), 0u);
  EXPECT_EQ(cuda_fixed_bytes(6), (384u << 20) + 8'519'680u + (1u << 20));
  EXPECT_EQ(cuda_fixed_bytes(9), (512u << 20) + 33'685'504u + (1u << 20));
  EXPECT_EQ(cuda_fixed_bytes(0), cuda_fixed_bytes(8));  // unknown: the larger Ampere context
  // P40: (23,463,129,088 - 412,221,440) / 1.05.
  EXPECT_EQ(tensor_budget_bytes(24'000'000'000u, 6), 21'953'245'379u);
  EXPECT_EQ(gpu_need_bytes(1'000'000'000u, 6), 1'050'000'000u + cuda_fixed_bytes(6));
}

TEST(Gpt2Memory, AttentionKernelPerCard) {
  EXPECT_EQ(attention_for(nullptr), Attention::eager);
  EXPECT_EQ(attention_for(find_card_by_key("m40")), Attention::sdpa);  // memory-efficient SDPA runs on sm_50+
  EXPECT_STREQ(sdpa_kernel_name(find_card_by_key("p40")), "memory-efficient SDPA");
}

TEST(Gpt2Memory, NamesRoundTrip) {
  for (const auto& tp : table_combinations()) {
    EXPECT_EQ(task_from_string(to_string(tp.task)), tp.task);
    EXPECT_EQ(precision_from_string(to_string(tp.precision)), tp.precision);
  }
  EXPECT_EQ(precision_from_string("fp16-pure"), Precision::fp16_pure);
  EXPECT_FALSE(precision_from_string("mixed"));
  EXPECT_EQ(attention_from_string("sdpa"), Attention::sdpa);
  EXPECT_FALSE(is_valid(Task::finetune, Precision::int8));
  EXPECT_FALSE(is_valid(Task::finetune_offload, Precision::fp32));
  EXPECT_EQ(table_combinations().size(), 13u);  // 5 inference + 3 + 3 + ZeRO-2 + ZeRO-3
}

}  // namespace
}  // namespace rigcheck::gpt2
