#pragma once
// The VRAM test patterns: the value every 32-bit word must hold, as a function of its byte
// address in the tested range. This host version is the reference the shaders (and a CUDA port)
// must match bit for bit; tests compare them.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace rigcheck {

// Numbers are shared with the shaders (push constant `pattern`): do not renumber.
enum class VramPattern : std::uint32_t {
  own_address = 0,                  // the word's own 64-bit address, folded to 32 bits; odd passes inverted
  moving_inversions_ones_zeros = 1, // all ones (even passes) / all zeros; read-check-write-complement
  moving_inversions_random = 2,     // random per word; read-check-write-complement
  walking_ones = 3,                 // one set bit that walks over the 32 data bits with the address
  walking_zeros = 4,                // one clear bit, likewise
  random_scrambled = 5,             // counter-based random, written and verified in scrambled block order
  retention = 6,                    // random window written first and verified last
};

std::string_view to_string(VramPattern pattern);
std::optional<VramPattern> vram_pattern_from_string(std::string_view name);
std::vector<VramPattern> all_vram_patterns();
bool is_moving_inversions(VramPattern pattern);

// A 32-bit integer mixer (bijective): the counter-based generator behind the random patterns.
std::uint32_t vram_mix32(std::uint32_t x);

// The value of the word at `address_bytes` (multiple of 4) for this pattern, 0-based pass and
// step seed; `complement` gives its bitwise complement (moving inversions' second half).
std::uint32_t vram_pattern_word(VramPattern pattern, std::uint64_t address_bytes, std::uint32_t pass,
                                std::uint32_t seed, bool complement);

// Steps move memory in blocks of this many bytes (256 threads x 16 bytes); regions are multiples.
inline constexpr std::uint64_t kVramBlockBytes = 4096;

// The order blocks are visited in: block(i) = (i * multiplier + offset) mod blocks, a bijection
// when gcd(multiplier, blocks) == 1.
struct VramBlockOrder {
  std::uint32_t multiplier = 1;
  std::uint32_t offset = 0;
};

std::uint64_t vram_block_at(VramBlockOrder order, std::uint64_t i, std::uint64_t blocks);
VramBlockOrder vram_descending_order(std::uint64_t blocks);
// A scrambled order from a random 64-bit value (multiplier coprime with `blocks`).
VramBlockOrder vram_scrambled_order(std::uint64_t blocks, std::uint64_t random_bits);

}  // namespace rigcheck
