#include "reports/gpt2/gpt2_config.hpp"

namespace rigcheck::gpt2 {

// Radford et al. 2019, Table 2; widths and heads as in the released checkpoints (head dim 64).
const std::vector<Gpt2Config>& gpt2_configs() {
  static const std::vector<Gpt2Config> configs{
      {"gpt2", 12, 768, 12},
      {"gpt2-medium", 24, 1024, 16},
      {"gpt2-large", 36, 1280, 20},
      {"gpt2-xl", 48, 1600, 25},
  };
  return configs;
}

std::optional<Gpt2Config> find_gpt2_config(std::string_view name) {
  for (const auto& config : gpt2_configs())
    if (config.name == name) return config;
  return std::nullopt;
}

std::uint64_t parameter_count(const Gpt2Config& c) {
  const std::uint64_t d = c.width;
  return kVocabTokens * d + kContextTokens * d + c.layers * (12 * d * d + 13 * d) + 2 * d;
}

}  // namespace rigcheck::gpt2
