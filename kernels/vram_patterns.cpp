#include "kernels/vram_patterns.hpp"

#include <array>
#include <numeric>

namespace rigcheck {
namespace {

constexpr std::array<std::string_view, 7> kNames{
    "own_address",  "moving_inversions_ones_zeros", "moving_inversions_random", "walking_ones",
    "walking_zeros", "random_scrambled",            "retention"};

std::uint32_t random_word(std::uint64_t address_bytes, std::uint32_t seed) {
  const std::uint64_t word = address_bytes >> 2;
  return vram_mix32(static_cast<std::uint32_t>(word) ^
                    vram_mix32(static_cast<std::uint32_t>(word >> 32) ^ seed));
}

}  // namespace

std::string_view to_string(VramPattern pattern) { return kNames.at(static_cast<std::size_t>(pattern)); }

std::optional<VramPattern> vram_pattern_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<VramPattern>(i);
  return std::nullopt;
}

std::vector<VramPattern> all_vram_patterns() {
  std::vector<VramPattern> all;
  for (std::size_t i = 0; i < kNames.size(); ++i) all.push_back(static_cast<VramPattern>(i));
  return all;
}

bool is_moving_inversions(VramPattern pattern) {
  return pattern == VramPattern::moving_inversions_ones_zeros || pattern == VramPattern::moving_inversions_random;
}

// Wellons' "lowbias32" constants: a well-mixed bijection on 32 bits.
std::uint32_t vram_mix32(std::uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

std::uint32_t vram_pattern_word(VramPattern pattern, std::uint64_t address_bytes, std::uint32_t pass,
                                std::uint32_t seed, bool complement) {
  const auto word = static_cast<std::uint32_t>(address_bytes >> 2);
  std::uint32_t value = 0;
  switch (pattern) {
    case VramPattern::own_address:
      value = static_cast<std::uint32_t>(address_bytes) ^ static_cast<std::uint32_t>(address_bytes >> 32);
      if ((pass & 1u) != 0) value = ~value;
      break;
    case VramPattern::moving_inversions_ones_zeros:
      value = (pass & 1u) == 0 ? 0xffffffffu : 0u;
      break;
    case VramPattern::walking_ones:
      value = 1u << ((word + pass) & 31u);
      break;
    case VramPattern::walking_zeros:
      value = ~(1u << ((word + pass) & 31u));
      break;
    case VramPattern::moving_inversions_random:
    case VramPattern::random_scrambled:
    case VramPattern::retention:
      value = random_word(address_bytes, seed);
      break;
  }
  return complement ? ~value : value;
}

std::uint64_t vram_block_at(VramBlockOrder order, std::uint64_t i, std::uint64_t blocks) {
  return (i * order.multiplier + order.offset) % blocks;
}

VramBlockOrder vram_descending_order(std::uint64_t blocks) {
  // (blocks - 1) is -1 mod blocks: block(i) = blocks - 1 - i.
  const auto last = static_cast<std::uint32_t>(blocks - 1);
  return {blocks > 1 ? last : 1u, last};
}

VramBlockOrder vram_scrambled_order(std::uint64_t blocks, std::uint64_t random_bits) {
  if (blocks <= 2) return {1, 0};
  auto multiplier = static_cast<std::uint32_t>((random_bits % (blocks - 1)) + 1);
  while (std::gcd<std::uint64_t, std::uint64_t>(multiplier, blocks) != 1)
    multiplier = multiplier + 1 < blocks ? multiplier + 1 : 1;
  return {multiplier, static_cast<std::uint32_t>((random_bits >> 32) % blocks)};
}

}  // namespace rigcheck
