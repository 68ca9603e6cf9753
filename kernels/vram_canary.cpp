#include "kernels/vram_canary.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rigcheck {

std::uint64_t vram_canary_bytes(std::uint64_t tested_bytes, std::uint64_t region_bytes) {
  constexpr std::uint64_t kMinBytes = 16 * kVramBlockBytes;
  constexpr std::uint64_t kMaxBytes = std::uint64_t{64} << 20;
  std::uint64_t bytes = tested_bytes / 200 / kVramBlockBytes * kVramBlockBytes;
  bytes = std::clamp(bytes, kMinBytes, kMaxBytes);
  return std::min(bytes, region_bytes / kVramBlockBytes * kVramBlockBytes);
}

std::vector<VramFaultSite> plan_vram_canary_faults(std::uint64_t chunk_first_byte, std::uint64_t region_bytes,
                                                   std::uint32_t fault_count, std::mt19937_64& rng) {
  const std::uint64_t blocks = region_bytes / kVramBlockBytes;
  std::vector<VramFaultSite> sites;
  if (blocks == 0) return sites;
  const std::uint64_t count = std::min<std::uint64_t>(fault_count, blocks);
  constexpr std::uint64_t kWordsPerBlock = kVramBlockBytes / 4;
  for (std::uint64_t i = 0; i < count; ++i) {
    // Even and odd blocks in turn where the region has room (two blocks or more per fault).
    const std::uint64_t stride = blocks / count;
    const std::uint64_t block = stride >= 2 ? (i * stride) / 2 * 2 + i % 2 : i * blocks / count;
    const std::uint64_t word = block * kWordsPerBlock + rng() % kWordsPerBlock;
    sites.push_back({chunk_first_byte + word * 4, static_cast<std::uint32_t>(rng() % 32)});
  }
  return sites;
}

SelfCheck judge_vram_canary(VramPattern pattern, const std::vector<VramFaultSite>& planted,
                            const VramStepResult& baseline, const VramStepResult& verify, std::uint64_t after_errors) {
  SelfCheck check;
  check.kind = SelfCheckKind::vram_detector;
  check.subject = std::string(to_string(pattern));
  if (baseline.errors > baseline.records.size()) {
    check.outcome = SelfCheckOutcome::not_run;
    check.detail = fmt::format("the canary region already held {} wrong words before any bit was planted "
                               "(more than recorded): the test proper reports them", baseline.errors);
    return check;
  }
  std::map<std::uint64_t, std::uint32_t> wanted;  // word offset -> wrong bits: the baseline's, then the planted ones
  for (const auto& record : baseline.records) wanted[record.chunk_offset_bytes] ^= record.expected ^ record.actual;
  for (const auto& site : planted) wanted[site.chunk_offset_bytes] ^= 1u << site.bit;
  for (auto it = wanted.begin(); it != wanted.end();) it = it->second == 0 ? wanted.erase(it) : std::next(it);
  const std::size_t expected_words = wanted.size();
  if (baseline.errors > 0) after_errors = 0;  // real bad bits may show in the complement too
  std::uint64_t found = 0, wrong = 0;
  std::vector<std::string> examples;
  for (const auto& record : verify.records) {
    auto it = wanted.find(record.chunk_offset_bytes);
    const std::uint32_t flipped = record.expected ^ record.actual;
    if (it != wanted.end() && it->second == flipped) {
      ++found;
      wanted.erase(it);
    } else {
      ++wrong;
      if (examples.size() < 3)
        examples.push_back(fmt::format("offset {:#x} bits {:#010x}", record.chunk_offset_bytes, flipped));
    }
  }
  // Errors beyond the records were reported too: none may be there.
  const std::uint64_t unrecorded = verify.errors > verify.records.size() ? verify.errors - verify.records.size() : 0;
  wrong += unrecorded + after_errors;
  const auto missed = wanted.size();
  if (missed == 0 && wrong == 0 && found == expected_words) {
    check.outcome = SelfCheckOutcome::passed;
    check.detail = fmt::format("{} planted bit flips reported exactly", planted.size());
    if (baseline.errors > 0) check.detail += fmt::format(" (besides {} wrong words there before planting)", baseline.errors);
    return check;
  }
  check.outcome = SelfCheckOutcome::failed;
  check.detail = fmt::format("planted {} bit flips: {} reported, {} missed, {} reported that were not planted", planted.size(),
                             found, missed, wrong);
  if (!wanted.empty()) check.detail += fmt::format(" (first missed: offset {:#x})", wanted.begin()->first);
  if (!examples.empty()) check.detail += fmt::format(" (not planted: {})", fmt::join(examples, ", "));
  return check;
}

}  // namespace rigcheck
