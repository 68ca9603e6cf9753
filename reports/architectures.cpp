#include "reports/architectures.hpp"

#include <charconv>
#include <utility>

namespace rigcheck {
namespace {

using P = MathPath;

// Operations per clock per SM, an FMA counting 2 and a DP4A 8 (4 int8 multiply-adds). Sources:
// - FP32 lanes and the non-tensor fp16 (half2) rate: the CUDA C++ Programming Guide's table of
//   arithmetic instruction throughput (results per clock per SM: fp32 192 Kepler, 128 Maxwell,
//   64 GP100, 128 GP10x, 64 Volta/Turing/GA100, 128 GA10x/Ada/Hopper; fp16 twice the fp32 count
//   on 6.0 and 7.x, 2 on 6.1); GA100 fp16 at 4x fp32 from the A100 Tensor Core GPU Architecture
//   white paper, GA10x and Ada fp16 at the fp32 rate from the GA102 and Ada Lovelace white papers,
//   Hopper at 2x from the H100 Tensor Core GPU Architecture white paper.
// - DP4A: 4 int8 multiply-adds per 32-bit integer lane per clock (128 lanes on GP10x, 64 from
//   Volta on, per the Pascal and Volta white papers and the Programming Guide's integer rows).
// - Dense tensor cores (never the 2:4-sparse figures): Tesla V100 white paper (8 tensor cores x
//   64 fp16 FMA), Turing white paper and T4 data sheet (fp16 1024, int8 2048), A100 white paper
//   (4 tensor cores x 256 fp16 FMA; tf32 half, int8 twice), GA102 white paper and the A10/A40 data
//   sheets (the datacenter rate, half of A100's per SM), Ada Lovelace white paper (fp16 with fp16
//   accumulate; fp8 twice it), H100 white paper (fp16 4096, tf32 half, int8 and fp8 twice).
//
// One row per compute capability: FP32 lanes per SM, then ops per clock per SM of each other
// arithmetic (0: the SM has none). The FP32 rate is 2 x the lanes.
struct Row {
  int major, minor;
  std::string_view name;
  int fp32_lanes;
  double half2, dp4a, tf32, fp16_acc16, fp16_acc32, bf16, int8, fp8;
};

// clang-format off
constexpr Row kRows[] = {
    // cc    name            lanes half2  dp4a  tf32  fp16/16 fp16/32 bf16  int8  fp8
    {3, 0, "Kepler",         192,  0,     0,    0,    0,      0,      0,    0,    0},
    {3, 5, "Kepler",         192,  0,     0,    0,    0,      0,      0,    0,    0},
    {3, 7, "Kepler",         192,  0,     0,    0,    0,      0,      0,    0,    0},
    {5, 0, "Maxwell",        128,  0,     0,    0,    0,      0,      0,    0,    0},
    {5, 2, "Maxwell",        128,  0,     0,    0,    0,      0,      0,    0,    0},
    {6, 0, "Pascal GP100",   64,   256,   0,    0,    0,      0,      0,    0,    0},
    {6, 1, "Pascal GP10x",   128,  4,     1024, 0,    0,      0,      0,    0,    0},
    {7, 0, "Volta",          64,   256,   512,  0,    1024,   1024,   0,    0,    0},
    {7, 5, "Turing",         64,   256,   512,  0,    1024,   1024,   0,    2048, 0},
    {8, 0, "Ampere GA100",   64,   512,   512,  1024, 2048,   2048,   2048, 4096, 0},
    {8, 6, "Ampere GA10x",   128,  256,   512,  512,  1024,   1024,   1024, 2048, 0},
    {8, 9, "Ada Lovelace",   128,  256,   512,  512,  1024,   1024,   1024, 2048, 2048},
    {9, 0, "Hopper",         128,  512,   512,  2048, 4096,   4096,   4096, 8192, 8192},
};
// clang-format on

ArchitectureRates from_row(const Row& row) {
  ArchitectureRates arch{row.major, row.minor, row.name, row.fp32_lanes, {{P::fp32, 2.0 * row.fp32_lanes, 0}}};
  const std::pair<MathPath, double> rates[] = {
      {P::fp16_half2, row.half2},         {P::int8_dp4a, row.dp4a},           {P::tensor_tf32, row.tf32},
      {P::tensor_fp16_acc16, row.fp16_acc16}, {P::tensor_fp16_acc32, row.fp16_acc32}, {P::tensor_bf16, row.bf16},
      {P::tensor_int8, row.int8},         {P::tensor_fp8, row.fp8}};
  for (const auto& [path, ops] : rates)
    if (ops > 0) arch.peaks.push_back({path, ops, 0});
  return arch;
}

std::vector<ArchitectureRates> build_table() {
  std::vector<ArchitectureRates> table;
  for (const auto& row : kRows) table.push_back(from_row(row));
  return table;
}

std::optional<int> parse_number(std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

const PeakRate* ArchitectureRates::peak(MathPath path) const { return find_peak(peaks, path); }

const std::vector<ArchitectureRates>& architecture_table() {
  static const std::vector<ArchitectureRates> table = build_table();
  return table;
}

const ArchitectureRates* find_architecture(int major, int minor) {
  for (const auto& arch : architecture_table())
    if (arch.major == major && arch.minor == minor) return &arch;
  return nullptr;
}

const ArchitectureRates* find_architecture(std::string_view compute_capability) {
  const auto dot = compute_capability.find('.');
  if (dot == std::string_view::npos) return nullptr;
  const auto major = parse_number(compute_capability.substr(0, dot));
  const auto minor = parse_number(compute_capability.substr(dot + 1));
  return major && minor ? find_architecture(*major, *minor) : nullptr;
}

}  // namespace rigcheck
