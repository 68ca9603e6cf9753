#include "reports/gpt2/gpt2_task.hpp"

namespace rigcheck::gpt2 {

std::string_view to_string(Task task) {
  switch (task) {
    case Task::inference: return "inference";
    case Task::finetune: return "finetune";
    case Task::finetune_checkpointing: return "finetune-checkpointing";
    case Task::finetune_offload: return "finetune-offload";
  }
  return "inference";
}

std::string_view to_string(Precision precision) {
  switch (precision) {
    case Precision::fp32: return "fp32";
    case Precision::mixed: return "mixed";
    case Precision::fp16: return "fp16";
    case Precision::int8: return "int8";
  }
  return "fp32";
}

std::optional<Task> task_from_string(std::string_view text) {
  for (Task t : {Task::inference, Task::finetune, Task::finetune_checkpointing, Task::finetune_offload})
    if (to_string(t) == text) return t;
  return std::nullopt;
}

std::optional<Precision> precision_from_string(std::string_view text) {
  for (Precision p : {Precision::fp32, Precision::mixed, Precision::fp16, Precision::int8})
    if (to_string(p) == text) return p;
  return std::nullopt;
}

bool is_valid(Task task, Precision precision) {
  if (task == Task::inference) return precision != Precision::mixed;
  return precision == Precision::fp32 || precision == Precision::mixed;
}

const std::vector<TaskPrecision>& table_combinations() {
  static const std::vector<TaskPrecision> combinations{
      {Task::inference, Precision::fp32},
      {Task::inference, Precision::fp16},
      {Task::inference, Precision::int8},
      {Task::finetune, Precision::fp32},
      {Task::finetune, Precision::mixed},
      {Task::finetune_checkpointing, Precision::fp32},
      {Task::finetune_checkpointing, Precision::mixed},
      {Task::finetune_offload, Precision::fp32},
      {Task::finetune_offload, Precision::mixed},
  };
  return combinations;
}

}  // namespace rigcheck::gpt2
