#include "reports/cards.hpp"

#include <algorithm>

namespace rigcheck {
namespace {

constexpr std::uint64_t GiB = 1ull << 30;
constexpr std::uint64_t GB = 1000ull * 1000 * 1000;

}  // namespace

// Sources: DOMAIN.md card table (NVIDIA data sheets, pci.ids, CUDA Programming Guide throughput
// table). Peak = SMs x ops/clock/SM x 2 (FMA) x boost clock.
const std::vector<CardSpec>& card_table() {
  static const std::vector<CardSpec> cards{
      {"m40", "Tesla M40 24GB", 0x10de, {0x17fd}, 5, 2, 24, 1112, 24 * GB, 288, 6.84, std::nullopt, std::nullopt,
       std::nullopt, std::nullopt, std::nullopt, 250, std::nullopt, false,
       "sm_52: no fp16 arithmetic and no DP4A int8; fp32 is the working precision"},
      {"p40", "Tesla P40", 0x10de, {0x1b38}, 6, 1, 30, 1531, 24 * GB, 346, 11.76, 0.18, std::nullopt, std::nullopt,
       47.0, std::nullopt, 250, 32 * GiB, false,
       "sm_61: fp16 runs at 1/64 rate (use fp32), int8 is fast through DP4A"},
      {"k80", "Tesla K80 (one GPU)", 0x10de, {0x102d}, 3, 7, 13, 875, 12 * GB, 240, 4.37, std::nullopt, std::nullopt,
       std::nullopt, std::nullopt, std::nullopt, 150, std::nullopt, false,
       "sm_37: fp32 only; no current CUDA or PyTorch build supports it"},
      {"p100", "Tesla P100 PCIe 16GB", 0x10de, {0x15f8}, 6, 0, 56, 1303, 16 * GB, 732, 9.3, 18.7, std::nullopt,
       std::nullopt, std::nullopt, std::nullopt, 250, std::nullopt, false,
       "sm_60: fast fp16 (2x fp32), no DP4A int8"},
      {"t4", "Tesla T4", 0x10de, {0x1eb8}, 7, 5, 40, 1590, 16 * GB, 320, 8.1, 65.0, std::nullopt, std::nullopt, 130.0,
       std::nullopt, 70, std::nullopt, false, "sm_75: fp16 and int8 tensor cores; no bf16"},
      {"v100", "Tesla V100 PCIe 16GB", 0x10de, {0x1db4}, 7, 0, 80, 1370, 16 * GB, 900, 14.0, 112.0, std::nullopt,
       std::nullopt, 56.0, std::nullopt, 250, std::nullopt, false, "sm_70: fp16 tensor cores; no bf16"},
      {"3090", "GeForce RTX 3090", 0x10de, {0x2204}, 8, 6, 82, 1695, 24 * GB, 936, 35.6, 71.0, 71.0, 35.6, 284.0,
       std::nullopt, 350, std::nullopt, true, "sm_86: fp16/bf16/tf32/int8 tensor cores"},
      {"h100", "H100", 0x10de, {0x2330, 0x2331}, 9, 0, 132, 1980, 80 * GB, 3350, 67.0, 989.0, 989.0, 495.0, 1979.0,
       1979.0, 700, std::nullopt, false, "sm_90: every precision on tensor cores (spec: SXM part)"},
  };
  return cards;
}

const CardSpec* find_card(std::uint16_t vendor_id, std::uint16_t device_id) {
  for (const auto& card : card_table()) {
    if (card.vendor_id != vendor_id) continue;
    if (std::find(card.device_ids.begin(), card.device_ids.end(), device_id) != card.device_ids.end()) return &card;
  }
  return nullptr;
}

const CardSpec* find_card_by_key(std::string_view key) {
  for (const auto& card : card_table())
    if (card.key == key) return &card;
  return nullptr;
}

}  // namespace rigcheck
