#include "reports/gpt2/gpt2_task.hpp"

#include "reports/enum_table.hpp"

namespace rigcheck::gpt2 {
namespace {

// One table per enum: value and name.
constexpr EnumNames<Task, 5> kTasks{{
    {Task::inference, "inference"},
    {Task::finetune, "finetune"},
    {Task::finetune_checkpointing, "finetune-checkpointing"},
    {Task::finetune_offload, "finetune-offload"},
    {Task::finetune_offload_params, "finetune-offload-params"},
}};
constexpr EnumNames<Precision, 5> kPrecisions{{
    {Precision::fp32, "fp32"},
    {Precision::amp, "amp"},
    {Precision::fp16_pure, "fp16-pure"},
    {Precision::int8_weight, "int8-weight"},
    {Precision::int8, "int8"},
}};
constexpr EnumNames<Attention, 2> kAttentions{{
    {Attention::eager, "eager"},
    {Attention::sdpa, "sdpa"},
}};

}  // namespace

std::string_view to_string(Task task) { return name_of(kTasks, task); }
std::string_view to_string(Precision precision) { return name_of(kPrecisions, precision); }
std::string_view to_string(Attention attention) { return name_of(kAttentions, attention); }
std::optional<Task> task_from_string(std::string_view text) { return value_of(kTasks, text); }
std::optional<Precision> precision_from_string(std::string_view text) { return value_of(kPrecisions, text); }
std::optional<Attention> attention_from_string(std::string_view text) { return value_of(kAttentions, text); }

bool is_valid(Task task, Precision precision) {
  switch (task) {
    case Task::inference: return true;
    case Task::finetune:
    case Task::finetune_checkpointing:
      return precision == Precision::fp32 || precision == Precision::amp || precision == Precision::fp16_pure;
    case Task::finetune_offload:
    case Task::finetune_offload_params: return precision == Precision::fp16_pure;
  }
  return false;
}

const std::vector<TaskPrecision>& table_combinations() {
  static const std::vector<TaskPrecision> combinations = [] {
    std::vector<TaskPrecision> all;
    for (const auto& [task, task_name] : kTasks)
      for (const auto& [precision, precision_name] : kPrecisions)
        if (is_valid(task, precision)) all.push_back({task, precision});
    return all;
  }();
  return combinations;
}

}  // namespace rigcheck::gpt2
