#pragma once
// The GPT-2 tasks and precisions the table covers, with their report names.
#include <optional>
#include <string_view>
#include <vector>

namespace rigcheck::gpt2 {

enum class Task { inference, finetune, finetune_checkpointing, finetune_offload };
enum class Precision { fp32, mixed, fp16, int8 };

std::string_view to_string(Task task);
std::string_view to_string(Precision precision);
std::optional<Task> task_from_string(std::string_view text);
std::optional<Precision> precision_from_string(std::string_view text);

// Inference: fp32, fp16, int8 weights. Training: fp32 or mixed (fp16/bf16 math, fp32 master).
bool is_valid(Task task, Precision precision);

struct TaskPrecision {
  Task task;
  Precision precision;
};
// Every valid combination, in table order.
const std::vector<TaskPrecision>& table_combinations();

}  // namespace rigcheck::gpt2
