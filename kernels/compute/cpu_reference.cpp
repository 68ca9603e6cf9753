#include "kernels/compute/cpu_reference.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>

#include <fmt/format.h>

namespace rigcheck {

std::uint16_t float_to_half_bits(float value) {
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
  const std::uint32_t sign = (bits >> 16) & 0x8000u;
  const int exponent = static_cast<int>((bits >> 23) & 0xffu) - 127 + 15;
  std::uint32_t mantissa = bits & 0x7fffffu;
  if (exponent <= 0) return static_cast<std::uint16_t>(sign);            // too small: signed zero
  if (exponent >= 31) return static_cast<std::uint16_t>(sign | 0x7c00u);  // too large: infinity
  // Round to nearest even on the 13 dropped bits; a carry into the exponent is still correct.
  std::uint32_t half = sign | (static_cast<std::uint32_t>(exponent) << 10) | (mantissa >> 13);
  const std::uint32_t dropped = mantissa & 0x1fffu;
  if (dropped > 0x1000u || (dropped == 0x1000u && (half & 1u))) ++half;
  return static_cast<std::uint16_t>(half);
}

float half_bits_to_float(std::uint16_t bits) {
  const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000u) << 16;
  const std::uint32_t exponent = (bits >> 10) & 0x1fu;
  const std::uint32_t mantissa = bits & 0x3ffu;
  if (exponent == 0) {  // zero or subnormal
    const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  if (exponent == 31) return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));
  return std::bit_cast<float>(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
}

std::uint8_t float_to_e4m3_bits(float value) {
  if (std::isnan(value)) return 0x7f;
  const auto sign = static_cast<std::uint8_t>(std::signbit(value) ? 0x80 : 0);
  const double x = std::fabs(static_cast<double>(value));
  if (x >= 448.0) return static_cast<std::uint8_t>(sign | 0x7e);  // saturate (also ±inf): no infinity in e4m3
  if (x < 0.015625) {  // below 2^-6: subnormals, multiples of 2^-9; 8 * 2^-9 is the smallest normal (0x08)
    return static_cast<std::uint8_t>(sign | static_cast<std::uint8_t>(std::nearbyint(x * 512.0)));
  }
  int e = 0;
  const double fraction = std::frexp(x, &e);  // x = fraction * 2^e, fraction in [0.5, 1)
  int significand = static_cast<int>(std::nearbyint(fraction * 16.0));  // 1.mmm as 8..16 (ties to even)
  int exponent = e - 1;
  if (significand == 16) {
    significand = 8;
    ++exponent;
  }
  // x < 448 keeps the biased exponent <= 15 and, at 15, the mantissa <= 6 (0x7f is NaN).
  return static_cast<std::uint8_t>(sign | ((exponent + 7) << 3) | (significand - 8));
}

float e4m3_bits_to_float(std::uint8_t bits) {
  const int exponent = (bits >> 3) & 0xf;
  const int mantissa = bits & 0x7;
  float magnitude = 0;
  if (exponent == 15 && mantissa == 7) magnitude = std::numeric_limits<float>::quiet_NaN();
  else if (exponent == 0) magnitude = std::ldexp(static_cast<float>(mantissa), -9);
  else magnitude = std::ldexp(static_cast<float>(8 + mantissa), exponent - 10);
  return (bits & 0x80) ? -magnitude : magnitude;
}

std::vector<float> random_floats(std::size_t count, std::uint64_t seed, bool fp16_exact) {
  std::mt19937_64 rng(seed);
  std::vector<float> out(count);
  if (fp16_exact) {
    std::uniform_int_distribution<int> dist(-1024, 1024);
    for (auto& x : out) x = static_cast<float>(dist(rng)) / 1024.0f;
  } else {
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (auto& x : out) x = dist(rng);
  }
  return out;
}

std::vector<float> random_int8_values(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> dist(-127, 127);
  std::vector<float> out(count);
  for (auto& x : out) x = static_cast<float>(dist(rng));
  return out;
}

std::vector<float> random_inputs_for(std::string_view precision, std::size_t count, std::uint64_t seed) {
  if (precision == "int8") return random_int8_values(count, seed);
  auto v = random_floats(count, seed, precision != "fp32" && precision != "fp8");
  if (precision == "bf16")
    for (auto& x : v) x = std::round(x * 128.0f) / 128.0f;  // 8 significant bits
  if (precision == "fp8")
    for (auto& x : v) x = e4m3_bits_to_float(float_to_e4m3_bits(x));
  return v;
}

std::vector<std::uint64_t> sample_indices(std::uint64_t count, std::uint64_t max_samples) {
  std::vector<std::uint64_t> out;
  if (count <= max_samples) {
    for (std::uint64_t i = 0; i < count; ++i) out.push_back(i);
    return out;
  }
  const std::uint64_t edge = std::min<std::uint64_t>(4, max_samples / 4);
  for (std::uint64_t i = 0; i < edge; ++i) out.push_back(i);
  for (std::uint64_t i = 0; i < edge; ++i) out.push_back(count - 1 - i);
  const std::uint64_t middle = max_samples - 2 * edge;
  for (std::uint64_t i = 0; i < middle; ++i) out.push_back(edge + (count - 2 * edge) * i / middle);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::uint64_t> gemm_checked_rows(std::uint64_t m) { return sample_indices(m, kGemmCheckedRows); }

GemmCheckedRows::GemmCheckedRows(std::uint64_t m, std::uint64_t n)
    : n_(std::max<std::uint64_t>(n, 1)), rows_(gemm_checked_rows(m)), values_(rows_.size() * n, 0.0) {}

double GemmCheckedRows::at(std::uint64_t index) const {
  const auto it = std::lower_bound(rows_.begin(), rows_.end(), index / n_);
  if (it == rows_.end() || *it != index / n_) return std::numeric_limits<double>::quiet_NaN();
  return values_[static_cast<std::uint64_t>(it - rows_.begin()) * n_ + index % n_];
}

ReferenceCheck check_gemm(const std::vector<float>& a, const std::vector<float>& b,
                          const std::function<double(std::uint64_t)>& c_at, std::uint64_t m, std::uint64_t n,
                          std::uint64_t k, const GemmTolerance& tolerance) {
  ReferenceCheck r;
  r.tolerance = tolerance.accumulation_bound;
  r.tolerance_rule = tolerance.rule();
  // A tiny floor so that an all-zero row and column (sum 0) is not a mismatch for a float GEMM.
  const double floor = tolerance.exact() ? 0.0 : 1e-30;
  for (std::uint64_t row : gemm_checked_rows(m)) {
    for (std::uint64_t col : sample_indices(n, kGemmCheckedColumns)) {
      double sum = 0, magnitude = 0;
      for (std::uint64_t kk = 0; kk < k; ++kk) {
        const double product = static_cast<double>(a[row * k + kk]) * static_cast<double>(b[kk * n + col]);
        sum += product;
        magnitude += std::fabs(product);
      }
      const double error = std::fabs(c_at(row * n + col) - sum);
      ++r.checked_elements;
      if (!(error <= tolerance.bound(std::fabs(sum), magnitude) + floor)) ++r.mismatches;  // NaN counts
      r.max_abs_error = std::isnan(error) ? error : std::max(r.max_abs_error, error);
    }
  }
  return r;
}

ReferenceCheck check_attention(const std::vector<float>& q, const std::vector<float>& k, const std::vector<float>& v,
                               const std::vector<float>& o, std::uint64_t heads, std::uint64_t seq_len,
                               std::uint64_t head_dim, bool causal, double abs_tolerance) {
  ReferenceCheck r;
  r.tolerance = abs_tolerance;
  r.tolerance_rule = fmt::format("|o - ref| <= {:g}", abs_tolerance);
  const double scale = 1.0 / std::sqrt(static_cast<double>(head_dim));
  std::vector<double> weights(seq_len);
  for (std::uint64_t h : sample_indices(heads, 2)) {
    const std::uint64_t base = h * seq_len * head_dim;
    for (std::uint64_t row : sample_indices(seq_len, 32)) {
      const std::uint64_t limit = causal ? row + 1 : seq_len;
      double max_score = -1e300;
      for (std::uint64_t j = 0; j < limit; ++j) {
        double dot = 0;
        for (std::uint64_t d = 0; d < head_dim; ++d)
          dot += static_cast<double>(q[base + row * head_dim + d]) * static_cast<double>(k[base + j * head_dim + d]);
        weights[j] = dot * scale;
        max_score = std::max(max_score, weights[j]);
      }
      double sum = 0;
      for (std::uint64_t j = 0; j < limit; ++j) sum += (weights[j] = std::exp(weights[j] - max_score));
      for (std::uint64_t d = 0; d < head_dim; ++d) {
        double expected = 0;
        for (std::uint64_t j = 0; j < limit; ++j) expected += weights[j] * static_cast<double>(v[base + j * head_dim + d]);
        expected /= sum;
        const double error = std::fabs(static_cast<double>(o[base + row * head_dim + d]) - expected);
        ++r.checked_elements;
        if (!(error <= abs_tolerance)) ++r.mismatches;
        r.max_abs_error = std::isnan(error) ? error : std::max(r.max_abs_error, error);
      }
    }
  }
  return r;
}

}  // namespace rigcheck
