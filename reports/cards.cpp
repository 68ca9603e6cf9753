#include "reports/cards.hpp"

#include <algorithm>

namespace rigcheck {
namespace {

constexpr std::uint64_t GiB = 1ull << 30;
constexpr std::uint64_t GB = 1000ull * 1000 * 1000;

using P = MathPath;

// Rates per SM per clock (an FMA counts 2 operations), from NVIDIA's architecture white papers
// and the CUDA Programming Guide's arithmetic throughput table: FP32 lanes per SM 192 (Kepler),
// 128 (Maxwell, GP10x, Ampere GA10x, Ada, Hopper), 64 (GP100, Volta, Turing); DP4A 4 int8 MACs
// per lane; tensor cores per SM: Volta/Turing 1024 fp16 ops, Ampere GA10x 1024 (GeForce: 512
// with fp32 accumulate), Ada 1024 (GeForce: 512 with fp32 accumulate), Hopper 4096; tf32 is half
// the fp16 rate, int8 and fp8 twice it.
CardSpec finish(CardSpec card) {
  auto tflops = [&](P path) -> std::optional<double> {
    if (const auto* p = card.peak(path)) return p->tflops;
    return std::nullopt;
  };
  card.fp32_tflops = tflops(P::fp32).value_or(0);
  card.fp16_tflops = tflops(P::tensor_fp16_acc32) ? tflops(P::tensor_fp16_acc32) : tflops(P::fp16_half2);
  card.bf16_tflops = tflops(P::tensor_bf16);
  card.tf32_tflops = tflops(P::tensor_tf32);
  card.int8_tops = tflops(P::tensor_int8) ? tflops(P::tensor_int8) : tflops(P::int8_dp4a);
  card.fp8_tflops = tflops(P::tensor_fp8);
  return card;
}

// Designated initializers leave the derived per-precision peaks (and unknown facts) at their
// defaults on purpose.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
std::vector<CardSpec> build_table() {
  std::vector<CardSpec> cards{
      {.key = "m40", .name = "Tesla M40 24GB", .device_ids = {0x17fd}, .compute_capability_major = 5,
       .compute_capability_minor = 2, .sm_count = 24, .boost_clock_mhz = 1112, .memory_bytes = 24 * GB,
       .memory_bandwidth_gbps = 288, .peaks = {{P::fp32, 256, 6.83}}, .power_watts = 250,
       .precision_note = "sm_52: no fp16 arithmetic and no DP4A int8; fp32 is the working precision (fp16 data is "
                         "computed in fp32)",
       .source = "NVIDIA Tesla M40 24GB product brief (3072 CUDA cores, 1112 MHz boost, 288 GB/s, 250 W)"},
      {.key = "p40", .name = "Tesla P40", .device_ids = {0x1b38}, .compute_capability_major = 6,
       .compute_capability_minor = 1, .sm_count = 30, .boost_clock_mhz = 1531, .memory_bytes = 24 * GB,
       .memory_bandwidth_gbps = 346,
       .peaks = {{P::fp32, 256, 11.76}, {P::fp16_half2, 4, 0.184}, {P::int8_dp4a, 1024, 47.0}},
       .power_watts = 250, .bar1_bytes = 32 * GiB,
       .precision_note = "sm_61: fp16 arithmetic runs at 1/64 rate (fp16 data with fp32 accumulate runs at fp32 "
                         "speed), int8 is fast through DP4A",
       .source = "NVIDIA Tesla P40 data sheet (3840 CUDA cores, 1531 MHz, 12 TFLOPS fp32, 47 TOPS int8); fp16 at "
                 "2 results per clock per SM (CUDA Programming Guide, sm_61)"},
      {.key = "k80", .name = "Tesla K80 (one GPU)", .device_ids = {0x102d}, .compute_capability_major = 3,
       .compute_capability_minor = 7, .sm_count = 13, .boost_clock_mhz = 875, .memory_bytes = 12 * GB,
       .memory_bandwidth_gbps = 240, .peaks = {{P::fp32, 384, 4.37}}, .power_watts = 150,
       .precision_note = "sm_37: fp32 only; no current CUDA or PyTorch build supports it",
       .source = "NVIDIA Tesla K80 data sheet (per GPU: 2496 CUDA cores, 875 MHz boost, 240 GB/s; 300 W board)"},
      {.key = "p100", .name = "Tesla P100 PCIe 16GB", .device_ids = {0x15f8}, .compute_capability_major = 6,
       .compute_capability_minor = 0, .sm_count = 56, .boost_clock_mhz = 1303, .memory_bytes = 16 * GB,
       .memory_bandwidth_gbps = 732, .peaks = {{P::fp32, 128, 9.3}, {P::fp16_half2, 256, 18.7}},
       .power_watts = 250, .precision_note = "sm_60: fast fp16 (2x fp32), no DP4A int8",
       .source = "NVIDIA Tesla P100 PCIe data sheet (3584 CUDA cores, 9.3 / 18.7 TFLOPS fp32 / fp16, 732 GB/s)"},
      {.key = "t4", .name = "Tesla T4", .device_ids = {0x1eb8}, .compute_capability_major = 7,
       .compute_capability_minor = 5, .sm_count = 40, .boost_clock_mhz = 1590, .memory_bytes = 16 * GB,
       .memory_bandwidth_gbps = 320,
       .peaks = {{P::fp32, 128, 8.1}, {P::tensor_fp16_acc16, 1024, 65.0}, {P::tensor_fp16_acc32, 1024, 65.0},
                 {P::tensor_int8, 2048, 130.0}},
       .power_watts = 70, .precision_note = "sm_75: fp16 and int8 tensor cores; no bf16",
       .source = "NVIDIA T4 data sheet (2560 CUDA cores, 320 tensor cores, 8.1 TFLOPS fp32, 65 TFLOPS fp16/fp32 "
                 "mixed, 130 TOPS int8, 320 GB/s, 70 W)"},
      {.key = "v100", .name = "Tesla V100 PCIe 16GB", .device_ids = {0x1db4}, .compute_capability_major = 7,
       .compute_capability_minor = 0, .sm_count = 80, .boost_clock_mhz = 1370, .memory_bytes = 16 * GB,
       .memory_bandwidth_gbps = 900,
       .peaks = {{P::fp32, 128, 14.0}, {P::tensor_fp16_acc16, 1024, 112.0}, {P::tensor_fp16_acc32, 1024, 112.0},
                 {P::int8_dp4a, 512, 56.1}},
       .power_watts = 250, .precision_note = "sm_70: fp16 tensor cores; no bf16; int8 through DP4A",
       .source = "NVIDIA Tesla V100 PCIe data sheet (5120 CUDA cores, 14 TFLOPS fp32, 112 TFLOPS tensor, 900 GB/s, "
                 "250 W); DP4A at 4 int8 MACs per CUDA core per clock"},
      {.key = "v100-32g", .name = "Tesla V100 PCIe 32GB", .device_ids = {0x1db6}, .compute_capability_major = 7,
       .compute_capability_minor = 0, .sm_count = 80, .boost_clock_mhz = 1370, .memory_bytes = 32 * GB,
       .memory_bandwidth_gbps = 900,
       .peaks = {{P::fp32, 128, 14.0}, {P::tensor_fp16_acc16, 1024, 112.0}, {P::tensor_fp16_acc32, 1024, 112.0},
                 {P::int8_dp4a, 512, 56.1}},
       .power_watts = 250, .precision_note = "sm_70: fp16 tensor cores; no bf16; int8 through DP4A",
       .source = "NVIDIA Tesla V100 PCIe data sheet, 32 GB model (as the 16 GB one: 14 / 112 TFLOPS, 900 GB/s)"},
      {.key = "a10", .name = "NVIDIA A10", .device_ids = {0x2236}, .compute_capability_major = 8,
       .compute_capability_minor = 6, .sm_count = 72, .boost_clock_mhz = 1695, .memory_bytes = 24 * GB,
       .memory_bandwidth_gbps = 600,
       .peaks = {{P::fp32, 256, 31.2}, {P::tensor_tf32, 512, 62.5}, {P::tensor_fp16_acc16, 1024, 125.0},
                 {P::tensor_fp16_acc32, 1024, 125.0}, {P::tensor_bf16, 1024, 125.0}, {P::tensor_int8, 2048, 250.0}},
       .power_watts = 150, .precision_note = "sm_86: fp16/bf16/tf32/int8 tensor cores",
       .source = "NVIDIA A10 data sheet (72 SMs, 31.2 TFLOPS fp32; tf32 / fp16 / bf16 / int8 tensor 62.5 / 125 / "
                 "125 / 250 dense, half the sparse figures; 600 GB/s, 150 W)"},
      {.key = "a40", .name = "NVIDIA A40", .device_ids = {0x2235}, .compute_capability_major = 8,
       .compute_capability_minor = 6, .sm_count = 84, .boost_clock_mhz = 1740, .memory_bytes = 48 * GB,
       .memory_bandwidth_gbps = 696,
       .peaks = {{P::fp32, 256, 37.4}, {P::tensor_tf32, 512, 74.8}, {P::tensor_fp16_acc16, 1024, 149.7},
                 {P::tensor_fp16_acc32, 1024, 149.7}, {P::tensor_bf16, 1024, 149.7}, {P::tensor_int8, 2048, 299.3}},
       .power_watts = 300, .precision_note = "sm_86: fp16/bf16/tf32/int8 tensor cores",
       .source = "NVIDIA A40 data sheet (10752 CUDA cores, 37.4 TFLOPS fp32; tf32 / fp16 (fp16 or fp32 accumulate) "
                 "/ bf16 / int8 tensor 74.8 / 149.7 / 149.7 / 299.3 dense; 696 GB/s, 300 W)"},
      {.key = "3090", .name = "GeForce RTX 3090", .device_ids = {0x2204}, .compute_capability_major = 8,
       .compute_capability_minor = 6, .sm_count = 82, .boost_clock_mhz = 1695, .memory_bytes = 24 * GB,
       .memory_bandwidth_gbps = 936,
       .peaks = {{P::fp32, 256, 35.6}, {P::tensor_tf32, 256, 35.6}, {P::tensor_fp16_acc16, 1024, 142.0},
                 {P::tensor_fp16_acc32, 512, 71.0}, {P::tensor_bf16, 512, 71.0}, {P::tensor_int8, 2048, 284.0}},
       .power_watts = 350, .has_display_outputs = true,
       .precision_note = "sm_86: fp16/bf16/tf32/int8 tensor cores; fp32 accumulate at half the fp16-accumulate rate",
       .source = "NVIDIA Ampere GA102 white paper, RTX 3090 column (82 SMs, 1695 MHz; dense tensor figures: fp16 "
                 "142 with fp16 accumulate, 71 with fp32, bf16 71, tf32 35.6, int8 284; 936 GB/s, 350 W)"},
      {.key = "4090", .name = "GeForce RTX 4090", .device_ids = {0x2684}, .compute_capability_major = 8,
       .compute_capability_minor = 9, .sm_count = 128, .boost_clock_mhz = 2520, .memory_bytes = 24 * GB,
       .memory_bandwidth_gbps = 1008,
       .peaks = {{P::fp32, 256, 82.6}, {P::tensor_tf32, 256, 82.6}, {P::tensor_fp16_acc16, 1024, 330.3},
                 {P::tensor_fp16_acc32, 512, 165.2}, {P::tensor_bf16, 512, 165.2}, {P::tensor_int8, 2048, 660.6},
                 {P::tensor_fp8, 1024, 330.3}},
       .power_watts = 450, .has_display_outputs = true,
       .precision_note = "sm_89: fp16/bf16/tf32/int8/fp8 tensor cores; fp32 accumulate at half the fp16-accumulate "
                         "rate",
       .source = "NVIDIA Ada Lovelace white paper, RTX 4090 column (128 SMs, 2520 MHz; dense tensor figures: fp16 "
                 "330.3 with fp16 accumulate, 165.2 with fp32, bf16 165.2, tf32 82.6, int8 660.6, fp8 with fp32 "
                 "accumulate 330.3; 1008 GB/s, 450 W)"},
      {.key = "h100-sxm", .name = "H100 SXM5 80GB", .device_ids = {0x2330}, .compute_capability_major = 9,
       .compute_capability_minor = 0, .sm_count = 132, .boost_clock_mhz = 1980, .tensor_clock_mhz = 1830,
       .memory_bytes = 80 * GB, .memory_bandwidth_gbps = 3350,
       .peaks = {{P::fp32, 256, 66.9}, {P::tensor_tf32, 2048, 494.7}, {P::tensor_fp16_acc16, 4096, 989.4},
                 {P::tensor_fp16_acc32, 4096, 989.4}, {P::tensor_bf16, 4096, 989.4}, {P::tensor_int8, 8192, 1978.9},
                 {P::tensor_fp8, 8192, 1978.9}},
       .power_watts = 700, .precision_note = "sm_90: every precision on tensor cores",
       .source = "NVIDIA H100 white paper, SXM5 column (132 SMs; fp32 at the 1980 MHz boost clock, tensor cores at "
                 "1830 MHz: tf32 494.7, fp16/bf16 989.4, fp8/int8 1978.9 dense, half the sparse figures; "
                 "3.35 TB/s, 700 W)"},
      {.key = "h100-pcie", .name = "H100 PCIe 80GB", .device_ids = {0x2331}, .compute_capability_major = 9,
       .compute_capability_minor = 0, .sm_count = 114, .boost_clock_mhz = 1755, .tensor_clock_mhz = 1620,
       .memory_bytes = 80 * GB, .memory_bandwidth_gbps = 2000,
       .peaks = {{P::fp32, 256, 51.2}, {P::tensor_tf32, 2048, 378.0}, {P::tensor_fp16_acc16, 4096, 756.0},
                 {P::tensor_fp16_acc32, 4096, 756.0}, {P::tensor_bf16, 4096, 756.0}, {P::tensor_int8, 8192, 1513.0},
                 {P::tensor_fp8, 8192, 1513.0}},
       .power_watts = 350, .precision_note = "sm_90: every precision on tensor cores",
       .source = "NVIDIA H100 white paper and PCIe product brief (114 SMs; fp32 51 at the 1755 MHz boost clock, "
                 "tensor cores at 1620 MHz: tf32 378, fp16/bf16 756, fp8/int8 1513 dense, half the sparse figures; "
                 "2.0 TB/s HBM2e, 350 W)"},
      {.key = "h200", .name = "H200 SXM 141GB", .device_ids = {0x2335}, .compute_capability_major = 9,
       .compute_capability_minor = 0, .sm_count = 132, .boost_clock_mhz = 1980, .tensor_clock_mhz = 1830,
       .memory_bytes = 141 * GB, .memory_bandwidth_gbps = 4800,
       .peaks = {{P::fp32, 256, 67.0}, {P::tensor_tf32, 2048, 494.5}, {P::tensor_fp16_acc16, 4096, 989.5},
                 {P::tensor_fp16_acc32, 4096, 989.5}, {P::tensor_bf16, 4096, 989.5}, {P::tensor_int8, 8192, 1979.0},
                 {P::tensor_fp8, 8192, 1979.0}},
       .power_watts = 700, .precision_note = "sm_90: every precision on tensor cores",
       .source = "NVIDIA H200 data sheet, SXM column (the H100 SXM5 GPU: 67 TFLOPS fp32; tf32 989, fp16/bf16 1979, "
                 "fp8/int8 3958 with sparsity, halved here; 141 GB HBM3e at 4.8 TB/s, 700 W)"},
  };
  for (auto& card : cards) card = finish(std::move(card));
  return cards;
}
#pragma GCC diagnostic pop

}  // namespace

std::string_view to_string(MathPath path) {
  switch (path) {
    case MathPath::fp32: return "fp32 units";
    case MathPath::fp16_half2: return "fp16 units (half2)";
    case MathPath::int8_dp4a: return "DP4A int8";
    case MathPath::tensor_fp16_acc16: return "fp16 tensor cores, fp16 accumulate";
    case MathPath::tensor_fp16_acc32: return "fp16 tensor cores, fp32 accumulate";
    case MathPath::tensor_bf16: return "bf16 tensor cores";
    case MathPath::tensor_tf32: return "tf32 tensor cores";
    case MathPath::tensor_int8: return "int8 tensor cores";
    case MathPath::tensor_fp8: return "fp8 tensor cores";
  }
  return "unknown";
}

bool is_tensor_path(MathPath path) {
  return path != MathPath::fp32 && path != MathPath::fp16_half2 && path != MathPath::int8_dp4a;
}

const PeakRate* find_peak(const std::vector<PeakRate>& peaks, MathPath path) {
  for (const auto& p : peaks)
    if (p.path == path) return &p;
  return nullptr;
}

const PeakRate* CardSpec::peak(MathPath path) const { return find_peak(peaks, path); }

double CardSpec::clock_mhz_for(MathPath path) const {
  return is_tensor_path(path) && tensor_clock_mhz > 0 ? tensor_clock_mhz : boost_clock_mhz;
}

const std::vector<CardSpec>& card_table() {
  static const std::vector<CardSpec> cards = build_table();
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
