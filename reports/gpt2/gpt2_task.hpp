#pragma once
// The GPT-2 tasks, precisions and attention kernels the table covers, named as PyTorch and DeepSpeed
// users type them (docs/gpt2.md "Names").
#include <optional>
#include <string_view>
#include <vector>

namespace rigcheck::gpt2 {

// finetune_offload: DeepSpeed ZeRO-2 with the optimizer in host RAM. finetune_offload_params: ZeRO-3
// with parameters and optimizer in host RAM (a row only for models whose ZeRO-2 row does not fit).
enum class Task { inference, finetune, finetune_checkpointing, finetune_offload, finetune_offload_params };
// fp32; amp = torch.autocast (fp16/bf16 math, fp32 master weights); fp16_pure = a 16-bit model with
// fp32 optimizer state (DeepSpeed fp16/bf16); int8_weight = weight-only int8, 16-bit math; int8 =
// W8A8 (int8 GEMMs: DP4A or tensor cores, TensorRT-style).
enum class Precision { fp32, amp, fp16_pure, int8_weight, int8 };
// eager: attention scores materialised (s x s per head); sdpa: a fused kernel that keeps none
// (PyTorch's memory-efficient SDPA on sm_50+, FlashAttention-2 on sm_80+).
enum class Attention { eager, sdpa };

std::string_view to_string(Task task);
std::string_view to_string(Precision precision);
std::string_view to_string(Attention attention);
std::optional<Task> task_from_string(std::string_view text);
std::optional<Precision> precision_from_string(std::string_view text);
std::optional<Attention> attention_from_string(std::string_view text);

// Inference: every precision. finetune and finetune-checkpointing: fp32, amp, fp16-pure. The
// DeepSpeed offload tasks: fp16-pure (DeepSpeed keeps a 16-bit model on the GPU).
bool is_valid(Task task, Precision precision);

struct TaskPrecision {
  Task task;
  Precision precision;
};
// Every valid combination, in table order.
const std::vector<TaskPrecision>& table_combinations();

}  // namespace rigcheck::gpt2
