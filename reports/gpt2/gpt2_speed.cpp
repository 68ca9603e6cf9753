#include "reports/gpt2/gpt2_speed.hpp"

#include <vector>

namespace rigcheck::gpt2 {
namespace {

double attention_term(const Gpt2Config& c, std::uint64_t s) { return static_cast<double>(c.layers * c.width * s); }

std::optional<double> spec_tflops(const CardSpec& card, const std::string& precision) {
  if (precision == "fp32") return card.fp32_tflops;
  if (precision == "fp16") return card.fp16_tflops;
  if (precision == "bf16") return card.bf16_tflops;
  if (precision == "int8") return card.int8_tops;
  return std::nullopt;
}

const std::vector<std::string>& candidates(Precision precision) {
  static const std::vector<std::string> fp32{"fp32"}, sixteen{"fp16", "bf16", "fp32"}, dequantised{"fp16", "fp32"},
      int8{"int8"};
  switch (precision) {
    case Precision::fp32: return fp32;
    case Precision::amp:
    case Precision::fp16_pure: return sixteen;
    case Precision::int8_weight: return dequantised;
    case Precision::int8: return int8;
  }
  return fp32;
}

}  // namespace

double training_flops_per_token(const Gpt2Config& c, std::uint64_t s) {
  return 6.0 * static_cast<double>(parameter_count(c)) + 12.0 * attention_term(c, s);
}

double checkpointed_training_flops_per_token(const Gpt2Config& c, std::uint64_t s) {
  return 8.0 * static_cast<double>(parameter_count(c)) + 16.0 * attention_term(c, s);
}

double inference_flops_per_token(const Gpt2Config& c, std::uint64_t s) {
  return 2.0 * static_cast<double>(parameter_count(c)) + 2.0 * attention_term(c, s);
}

double flops_per_token(const Gpt2Config& c, Task task, std::uint64_t s) {
  switch (task) {
    case Task::inference: return inference_flops_per_token(c, s);
    case Task::finetune_checkpointing: return checkpointed_training_flops_per_token(c, s);
    default: return training_flops_per_token(c, s);
  }
}

std::optional<ComputeRate> choose_compute_rate(Precision precision, const CardSpec* card,
                                               const std::map<std::string, double>& measured_tflops) {
  std::optional<ComputeRate> best;
  for (const auto& name : candidates(precision)) {
    std::optional<ComputeRate> rate;
    if (auto it = measured_tflops.find(name); it != measured_tflops.end() && it->second > 0)
      rate = ComputeRate{name, it->second, true};
    else if (card != nullptr)
      if (auto spec = spec_tflops(*card, name); spec && *spec > 0)
        rate = ComputeRate{name, *spec * kSpecGemmEfficiency, false};
    if (rate && (!best || rate->tflops > best->tflops)) best = rate;
  }
  return best;
}

TokensRange compute_bound_tokens_per_s(const ComputeRate& rate, double flops) {
  const double flop_per_s = rate.tflops * 1e12;
  return {flop_per_s * kModelFractionConservative / flops, flop_per_s * kModelFractionLikely / flops};
}

TokensRange decode_bound_tokens_per_s(double bandwidth_bytes_per_s, std::uint64_t weight_bytes, std::uint64_t batch,
                                      std::uint64_t kv_read_bytes_per_sequence) {
  const double bytes_per_step =
      static_cast<double>(weight_bytes) + static_cast<double>(batch * kv_read_bytes_per_sequence);
  const double sequences_per_s = static_cast<double>(batch) * bandwidth_bytes_per_s / bytes_per_step;
  return {sequences_per_s * kDecodeBandwidthConservative, sequences_per_s * kDecodeBandwidthLikely};
}

}  // namespace rigcheck::gpt2
