#include "reports/gpt2/gpt2_speed.hpp"

#include <vector>

namespace rigcheck::gpt2 {
namespace {

double attention_term(const Gpt2Config& c, std::uint64_t t) {
  return static_cast<double>(c.layers * c.width * t);
}

std::optional<double> spec_tflops(const CardSpec& card, const std::string& precision) {
  if (precision == "fp32") return card.fp32_tflops;
  if (precision == "fp16") return card.fp16_tflops;
  if (precision == "bf16") return card.bf16_tflops;
  if (precision == "int8") return card.int8_tops;
  return std::nullopt;
}

const std::vector<std::string>& candidates(Precision precision) {
  static const std::vector<std::string> fp32{"fp32"}, fp16{"fp16", "fp32"}, mixed{"fp16", "bf16", "fp32"},
      int8{"int8", "fp16", "fp32"};
  switch (precision) {
    case Precision::fp32: return fp32;
    case Precision::fp16: return fp16;
    case Precision::mixed: return mixed;
    case Precision::int8: return int8;
  }
  return fp32;
}

}  // namespace

double training_flops_per_token(const Gpt2Config& c, std::uint64_t t) {
  return 6.0 * static_cast<double>(parameter_count(c)) + 12.0 * attention_term(c, t);
}

double checkpointed_training_flops_per_token(const Gpt2Config& c, std::uint64_t t) {
  return 8.0 * static_cast<double>(parameter_count(c)) + 16.0 * attention_term(c, t);
}

double inference_flops_per_token(const Gpt2Config& c, std::uint64_t t) {
  return 2.0 * static_cast<double>(parameter_count(c)) + 2.0 * attention_term(c, t);
}

double flops_per_token(const Gpt2Config& c, Task task, std::uint64_t t) {
  switch (task) {
    case Task::inference: return inference_flops_per_token(c, t);
    case Task::finetune_checkpointing: return checkpointed_training_flops_per_token(c, t);
    case Task::finetune:
    case Task::finetune_offload: return training_flops_per_token(c, t);
  }
  return training_flops_per_token(c, t);
}

std::optional<ComputeRate> choose_compute_rate(Precision precision, const CardSpec* card,
                                               const std::map<std::string, double>& measured_tflops) {
  std::optional<ComputeRate> best;
  for (const auto& name : candidates(precision)) {
    std::optional<ComputeRate> rate;
    if (auto it = measured_tflops.find(name); it != measured_tflops.end() && it->second > 0)
      rate = ComputeRate{name, it->second, true};
    else if (card != nullptr)
      if (auto spec = spec_tflops(*card, name); spec && *spec > 0) rate = ComputeRate{name, *spec, false};
    if (rate && (!best || rate->tflops > best->tflops)) best = rate;
  }
  return best;
}

double compute_bound_tokens_per_s(const ComputeRate& rate, double flops) {
  return rate.tflops * 1e12 * kModelFlopsFraction / flops;
}

double decode_bound_tokens_per_s(double bandwidth_bytes_per_s, std::uint64_t weight_bytes, std::uint64_t batch,
                                 std::uint64_t kv_bytes_per_token_per_sequence, std::uint64_t context_tokens) {
  const double bytes_per_step = static_cast<double>(weight_bytes) +
                                static_cast<double>(batch * kv_bytes_per_token_per_sequence * context_tokens) / 2.0;
  return static_cast<double>(batch) * bandwidth_bytes_per_s / bytes_per_step;
}

}  // namespace rigcheck::gpt2
