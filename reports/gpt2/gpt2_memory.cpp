#include "reports/gpt2/gpt2_memory.hpp"

#include <algorithm>
#include <cmath>

namespace rigcheck::gpt2 {
namespace {

// Bytes per value of activations, logits and gradients (fp32 model: 4; every other: 16-bit).
std::uint64_t value_bytes(Precision p) { return p == Precision::fp32 ? 4 : 2; }
// The residual stream: fp32 under fp32 and amp (autocast leaves additions and layer norm in fp32).
std::uint64_t residual_bytes(Precision p) { return p == Precision::fp32 || p == Precision::amp ? 4 : 2; }

std::uint64_t linear_weight_params(const Gpt2Config& c) { return c.layers * 12 * c.width * c.width; }
std::uint64_t embedding_params(const Gpt2Config& c) { return kVocabTokens * c.width; }

// Per token, per layer (bytes per h and per a*s), from counting the tensors autograd saves.
struct LayerCoefficients {
  std::uint64_t per_width;
  std::uint64_t per_score;
};
LayerCoefficients eager_coefficients(Precision p) {
  switch (p) {
    case Precision::fp32: return {66, 9};
    case Precision::amp: return {38, 7};
    default: return {34, 5};
  }
}

// amp: autocast's 16-bit copies of every Linear weight and bias, and of the tied embedding for the
// output layer; cached for the forward, saved until each layer's backward.
std::uint64_t autocast_copy_bytes(const Gpt2Config& c) {
  return 2 * (linear_weight_params(c) + c.layers * 9 * c.width + embedding_params(c));
}

std::uint64_t inference_peak(const Gpt2Config& c, const Workload& w) {
  const std::uint64_t tokens = w.batch * w.context_tokens;
  std::uint64_t resident = weight_bytes(c, w.precision) + kv_cache_bytes(c, value_bytes(w.precision), w.context_tokens, w.batch);
  if (w.precision == Precision::amp) resident += autocast_copy_bytes(c);
  // The hidden states alive beside it: the residual stream and a layer norm's input and output.
  resident += tokens * c.width * (2 * residual_bytes(w.precision) + 2 * value_bytes(w.precision));
  // End of the prefill: logits in the model's dtype (16-bit under autocast).
  const std::uint64_t at_logits = resident + tokens * kVocabTokens * value_bytes(w.precision);
  if (w.attention == Attention::sdpa) return at_logits;
  // Eager attention in the last layer: scores, masked scores and softmax alive together
  // (autocast: a 16-bit product, its fp32 copy and the fp32 softmax).
  const std::uint64_t score_bytes = w.precision == Precision::fp32 ? 8 : w.precision == Precision::amp ? 10 : 4;
  const std::uint64_t at_attention = resident + w.batch * c.heads * w.context_tokens * w.context_tokens * score_bytes;
  return std::max(at_logits, at_attention);
}

std::uint64_t training_peak(const Gpt2Config& c, const Workload& w) {
  const std::uint64_t n = parameter_count(c);
  const std::uint64_t vh = embedding_params(c);
  const std::uint64_t tokens = w.batch * w.context_tokens;
  const std::uint64_t grad_bytes = value_bytes(w.precision == Precision::fp16_pure ? Precision::fp16_pure : Precision::fp32);
  const std::uint64_t logits_model_dtype = tokens * kVocabTokens * value_bytes(w.precision);
  // Loss path at the start of backward, in units of fp32 logits (b*s*V*4): logits, the shifted copy,
  // log-softmax and its gradient (fp32 4x, amp 3.5x with 16-bit logits, fp16-pure 2x), plus the
  // tied embedding's gradient from the output layer.
  const double loss_factor = w.precision == Precision::fp32 ? 4.0 : w.precision == Precision::amp ? 3.5 : 2.0;
  const auto loss = static_cast<std::uint64_t>(std::llround(loss_factor * static_cast<double>(tokens * kVocabTokens * 4)));
  const std::uint64_t embedding_grad = vh * grad_bytes;
  const std::uint64_t layer = layer_activation_bytes(c, w.precision, w.attention, w.context_tokens, w.batch);

  // Resident through the forward: fp32 and amp keep weights + Adam moments (12N), fp16-pure a
  // 16-bit model + fp32 master + moments (14N); ZeRO offload only the 16-bit model (2N).
  const bool offload = w.task == Task::finetune_offload || w.task == Task::finetune_offload_params;
  std::uint64_t resident = offload ? 2 * n : w.precision == Precision::fp16_pure ? 14 * n : 12 * n;
  // ZeRO-3: only the layer in use is on the GPU, DeepSpeed's 4 bytes per its largest layer's params.
  if (w.task == Task::finetune_offload_params) resident = 4 * std::max(vh, linear_weight_params(c) / c.layers);
  if (w.precision == Precision::amp)
    resident += w.task == Task::finetune_checkpointing ? 2 * vh : autocast_copy_bytes(c);

  std::uint64_t backward_start = 0;
  if (w.task == Task::finetune_checkpointing) {
    // Each block's input (in the residual dtype) is kept; the last block is recomputed in full while
    // the loss path has gone and only the logits the caller holds remain.
    const std::uint64_t inputs = c.layers * tokens * c.width * residual_bytes(w.precision);
    backward_start = resident + inputs + embedding_grad + std::max(loss, logits_model_dtype + layer);
  } else {
    backward_start = resident + c.layers * layer + loss + embedding_grad;
  }
  if (offload) {
    // End of backward: the tied embedding's two gradients and their sum (16-bit) before they leave.
    return std::max(backward_start, resident + 6 * vh + logits_model_dtype);
  }
  // With gradients freed to None, full state (16N) exists only at the end of backward and in the step:
  // then the tied embedding's second gradient and their sum (fp32), or for fp16-pure the update's
  // fp32 gradient copy and denominator.
  const std::uint64_t state = kAdamStateBytesPerParam * n;
  const std::uint64_t state_peak = w.precision == Precision::fp16_pure
                                       ? std::max(state + 4 * vh + logits_model_dtype, state + 6 * vh)
                                       : state + 8 * vh + logits_model_dtype;
  return std::max(backward_start, state_peak);
}

}  // namespace

std::uint64_t layer_activation_bytes(const Gpt2Config& c, Precision p, Attention attention, std::uint64_t s,
                                     std::uint64_t b) {
  const auto k = eager_coefficients(p);
  if (attention == Attention::eager) return s * b * (k.per_width * c.width + k.per_score * c.heads * s);
  const std::uint64_t padded_rows = (s + 31) / 32 * 32;  // the kernel's log-sum-exp is padded to 32
  return s * b * (k.per_width + value_bytes(p)) * c.width + b * c.heads * padded_rows * 4;
}

std::uint64_t kv_cache_bytes(const Gpt2Config& c, std::uint64_t bytes_per_value, std::uint64_t s, std::uint64_t b) {
  return 3 * c.layers * c.width * bytes_per_value * s * b;
}

std::uint64_t weight_bytes(const Gpt2Config& c, Precision p) {
  const std::uint64_t n = parameter_count(c);
  switch (p) {
    case Precision::fp32:
    case Precision::amp: return 4 * n;
    case Precision::fp16_pure: return 2 * n;
    case Precision::int8_weight:
    case Precision::int8: return linear_weight_params(c) + 2 * (n - linear_weight_params(c));
  }
  return 4 * n;
}

std::uint64_t tensor_peak_bytes(const Gpt2Config& c, const Workload& w) {
  return w.task == Task::inference ? inference_peak(c, w) : training_peak(c, w);
}

std::uint64_t host_bytes(const Gpt2Config& c, Task task) {
  const std::uint64_t n = parameter_count(c);
  const auto estimator = [n](std::uint64_t floor_bytes) {
    const std::uint64_t per_param = std::max<std::uint64_t>(4 * kOffloadGpus, floor_bytes);
    return static_cast<std::uint64_t>(std::llround(static_cast<double>(n * per_param) * kOffloadBufferFactor));
  };
  switch (task) {
    case Task::finetune_offload: return estimator(16);
    case Task::finetune_offload_params: return estimator(18);
    default: return 4 * n;
  }
}

}  // namespace rigcheck::gpt2
