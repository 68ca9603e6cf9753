#pragma once
// The four published GPT-2 configurations and their exact parameter counts (docs/gpt2.md "Models").
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace rigcheck::gpt2 {

inline constexpr std::uint64_t kVocabTokens = 50257;
inline constexpr std::uint64_t kContextTokens = 1024;
inline constexpr std::uint64_t kHeadDim = 64;

struct Gpt2Config {
  std::string_view name;  // "gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"
  std::uint64_t layers = 0;
  std::uint64_t width = 0;  // d_model
  std::uint64_t heads = 0;
};

// Smallest first.
const std::vector<Gpt2Config>& gpt2_configs();
std::optional<Gpt2Config> find_gpt2_config(std::string_view name);

// V*d (token embedding, tied with the output layer) + T*d (positions)
// + L*(12d^2 + 13d) (attention 4d^2+4d, MLP 8d^2+5d, two layer norms 4d) + 2d (final layer norm).
std::uint64_t parameter_count(const Gpt2Config& config);

}  // namespace rigcheck::gpt2
