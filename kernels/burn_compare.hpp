#pragma once
// The burn's result comparison, host side, shared by every backend: one comparison's findings
// (however the words were compared: on the host for Vulkan, in a kernel for CUDA) go into the
// stability record here, and the burn canary — a planted mismatch fed through the same path at
// the start of each burn — is judged here.
#include <cstdint>
#include <vector>

#include "reports/burn_result.hpp"
#include "reports/self_check.hpp"

namespace rigcheck {

struct BurnWordMismatch {
  std::uint64_t index = 0;  // row-major element
  std::uint32_t expected = 0;
  std::uint32_t actual = 0;
};

struct BurnComparison {
  std::uint64_t differing = 0;              // all differing words
  std::vector<BurnWordMismatch> recorded;   // some of them, any order
};

// Word-for-word comparison on the host.
BurnComparison compare_burn_words(const std::vector<std::uint32_t>& reference, const std::vector<std::uint32_t>& actual,
                                  std::uint32_t record_capacity);

// One comparison into the stability record: counted, and the first mismatches kept in index order.
void record_burn_comparison(BurnComparison found, double t_s, std::uint64_t iteration, BurnStability& stability);

// Where the canary plants its mismatch, and which bit it flips.
std::uint64_t burn_canary_index(std::uint64_t elements);
inline constexpr std::uint32_t kBurnCanaryBit = 22;  // a mantissa bit: a plausible, small wrong value

// The canary's scratch record after one comparison of a result with one planted flip: exactly one
// differing matrix with exactly that element, or the comparison cannot be trusted.
SelfCheck judge_burn_canary(std::uint64_t planted_index, const BurnStability& scratch);

}  // namespace rigcheck
