#pragma once
// The card table: spec-sheet facts of the cards rigcheck users bring (DOMAIN.md "Cards").
// Spec values are references to compare measurements with, never measurements themselves.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

struct CardSpec {
  std::string_view key;   // short name for --card: "m40", "p40", ...
  std::string_view name;  // "Tesla P40"
  std::uint16_t vendor_id = 0x10de;
  std::vector<std::uint16_t> device_ids;
  int compute_capability_major = 0;
  int compute_capability_minor = 0;
  int sm_count = 0;
  double boost_clock_mhz = 0;
  std::uint64_t memory_bytes = 0;
  double memory_bandwidth_gbps = 0;  // GB/s (10^9 bytes/s), spec
  double fp32_tflops = 0;            // dense spec peak
  std::optional<double> fp16_tflops;  // nullopt: no fp16 arithmetic (sm_52)
  std::optional<double> bf16_tflops;  // tensor cores sm_80+
  std::optional<double> tf32_tflops;
  std::optional<double> int8_tops;    // DP4A (sm_61+) or tensor cores
  std::optional<double> fp8_tflops;   // sm_89+
  double power_watts = 0;
  std::optional<std::uint64_t> bar1_bytes;  // the BAR1 the card asks for, where known
  bool has_display_outputs = false;
  std::string_view precision_note;  // what a user of this card should know about precisions
};

const std::vector<CardSpec>& card_table();
const CardSpec* find_card(std::uint16_t vendor_id, std::uint16_t device_id);
const CardSpec* find_card_by_key(std::string_view key);

}  // namespace rigcheck
