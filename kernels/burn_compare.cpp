#include "kernels/burn_compare.hpp"

#include <algorithm>
#include <bit>

#include <fmt/format.h>

namespace rigcheck {

BurnComparison compare_burn_words(const std::vector<std::uint32_t>& reference, const std::vector<std::uint32_t>& actual,
                                  std::uint32_t record_capacity) {
  BurnComparison found;
  const std::size_t n = std::min(reference.size(), actual.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (reference[i] == actual[i]) continue;
    ++found.differing;
    if (found.recorded.size() < record_capacity) found.recorded.push_back({i, reference[i], actual[i]});
  }
  // A result of another size cannot equal the reference.
  found.differing += std::max(reference.size(), actual.size()) - n;
  return found;
}

void record_burn_comparison(BurnComparison found, double t_s, std::uint64_t iteration, BurnStability& stability) {
  ++stability.checks_done;
  if (found.differing == 0) return;
  ++stability.mismatches;
  stability.mismatched_elements += found.differing;
  std::sort(found.recorded.begin(), found.recorded.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  for (const auto& m : found.recorded) {
    if (stability.first_mismatches.size() >= stability.record_capacity) break;
    stability.first_mismatches.push_back({t_s, iteration, m.index, static_cast<double>(std::bit_cast<float>(m.expected)),
                                          static_cast<double>(std::bit_cast<float>(m.actual))});
  }
}

std::uint64_t burn_canary_index(std::uint64_t elements) { return elements == 0 ? 0 : (elements / 2 + 7) % elements; }

SelfCheck judge_burn_canary(std::uint64_t planted_index, const BurnStability& scratch) {
  SelfCheck check;
  check.kind = SelfCheckKind::burn_comparison;
  const bool exact = scratch.checks_done == 1 && scratch.mismatches == 1 && scratch.mismatched_elements == 1 &&
                     scratch.first_mismatches.size() == 1 && scratch.first_mismatches[0].element_index == planted_index;
  check.outcome = exact ? SelfCheckOutcome::passed : SelfCheckOutcome::failed;
  check.detail = exact ? fmt::format("a flipped bit in element {} of the result was caught", planted_index)
                       : fmt::format("a flipped bit in element {} was planted; the comparison reported {} differing "
                                     "matrices and {} differing elements{}",
                                     planted_index, scratch.mismatches, scratch.mismatched_elements,
                                     scratch.first_mismatches.empty()
                                         ? std::string()
                                         : fmt::format(" (first at element {})", scratch.first_mismatches[0].element_index));
  return check;
}

}  // namespace rigcheck
