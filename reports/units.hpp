#pragma once
// Human-readable units for summaries (JSON keeps raw numbers with their unit names).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "reports/result.hpp"

namespace rigcheck {

std::string format_bytes(std::uint64_t bytes);  // "32 GiB", "16 MiB", "512 B", "1.5 GiB"
// What a rate counts; a progress line or summary picks the prefix from the value.
enum class RateUnit { none, flops_per_s, bytes_per_s };

// "850 GFLOPS", "1.23 TFLOPS", "512 MB/s", "3.40 GB/s": the unit follows the size of the value
// (decimal prefixes, as link and GEMM rates are quoted). Empty for RateUnit::none or a rate <= 0.
std::string format_rate(double rate, RateUnit unit);

std::string format_link(std::optional<double> speed_gts, std::optional<int> width);  // "8 GT/s x16" / "x16" / "unknown"

// The longest sustained load rigcheck plans: a burn-in longer than a week is a typo, not a test.
inline constexpr double kMaxDurationSeconds = 7 * 24 * 3600.0;

// "90s", "10m", "2h", "1.5h", "45" (seconds) -> seconds; anything else, or more than
// kMaxDurationSeconds, is an error naming the text.
Result<double> parse_duration_seconds(std::string_view text);

}  // namespace rigcheck
