#pragma once
// The card table: spec-sheet facts of the cards rigcheck users bring, each entry with its source.
// Spec values are references to compare measurements with, never measurements themselves.
// Every peak is the dense figure (never the 2:4-sparse one a data sheet may print beside it) and
// equals SM count x clock x the SM's rate per clock for that arithmetic (a test holds every entry
// to it), so a figure copied from the wrong SKU shows.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

// The arithmetic a GEMM actually runs on. A precision names the data; the arithmetic depends on
// the card and the accumulate type: fp16 inputs with fp32 accumulate run on the FP32 units of a
// card without tensor cores (Maxwell, Pascal), on tensor cores from Volta on.
enum class MathPath {
  fp32,               // FP32 FMA on the CUDA cores
  fp16_half2,         // fp16 FMA on the CUDA cores (half2), fp16 accumulate
  int8_dp4a,          // 4-way int8 dot product on the CUDA cores, int32 accumulate
  tensor_fp16_acc16,  // tensor cores, fp16 inputs, fp16 accumulate
  tensor_fp16_acc32,  // tensor cores, fp16 inputs, fp32 accumulate
  tensor_bf16,        // tensor cores, bf16 inputs, fp32 accumulate
  tensor_tf32,        // tensor cores, fp32 inputs rounded to tf32
  tensor_int8,        // tensor cores, int8 inputs, int32 accumulate
  tensor_fp8,         // tensor cores, e4m3/e5m2 inputs, fp32 accumulate
};
std::string_view to_string(MathPath path);
bool is_tensor_path(MathPath path);

struct PeakRate {
  MathPath path;
  double ops_per_clock_per_sm = 0;  // an FMA counts 2; a DP4A 8
  double tflops = 0;                // the source's dense figure (TOPS for int8)
};

// The rate of `path` among `peaks`; nullptr when absent.
const PeakRate* find_peak(const std::vector<PeakRate>& peaks, MathPath path);

struct CardSpec {
  std::string_view key;   // short name for --card: "m40", "p40", ...
  std::string_view name;  // "Tesla P40"
  std::uint16_t vendor_id = 0x10de;
  std::vector<std::uint16_t> device_ids;
  int compute_capability_major = 0;
  int compute_capability_minor = 0;
  int sm_count = 0;
  double boost_clock_mhz = 0;
  // The clock the source's tensor-core figures assume where it differs from the boost clock
  // (Hopper: its white paper lists a lower boost clock for tensor-core work); 0: the boost clock.
  double tensor_clock_mhz = 0;
  std::uint64_t memory_bytes = 0;
  double memory_bandwidth_gbps = 0;  // GB/s (10^9 bytes/s), spec
  std::vector<PeakRate> peaks;       // every arithmetic the card has
  double power_watts = 0;
  std::optional<std::uint64_t> bar1_bytes;  // the BAR1 the card asks for, where known
  bool has_display_outputs = false;
  std::string_view precision_note;  // what a user of this card should know about precisions
  std::string_view source;          // where the figures come from

  // Per precision, the peak of the best arithmetic for it (derived from `peaks`):
  double fp32_tflops = 0;
  std::optional<double> fp16_tflops;  // tensor cores (fp32 accumulate), else half2; nullopt: none
  std::optional<double> bf16_tflops;
  std::optional<double> tf32_tflops;
  std::optional<double> int8_tops;    // tensor cores, else DP4A
  std::optional<double> fp8_tflops;

  const PeakRate* peak(MathPath path) const;
  double clock_mhz_for(MathPath path) const;  // the clock `path`'s figure assumes
};

const std::vector<CardSpec>& card_table();
const CardSpec* find_card(std::uint16_t vendor_id, std::uint16_t device_id);
const CardSpec* find_card_by_key(std::string_view key);

}  // namespace rigcheck
