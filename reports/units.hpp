#pragma once
// Human-readable units for summaries (JSON keeps raw numbers with their unit names).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "reports/result.hpp"

namespace rigcheck {

std::string format_bytes(std::uint64_t bytes);  // "32 GiB", "16 MiB", "512 B", "1.5 GiB"
std::string format_link(std::optional<double> speed_gts, std::optional<int> width);  // "8 GT/s x16" / "x16" / "unknown"

// The longest sustained load rigcheck plans: a burn-in longer than a week is a typo, not a test.
inline constexpr double kMaxDurationSeconds = 7 * 24 * 3600.0;

// "90s", "10m", "2h", "1.5h", "45" (seconds) -> seconds; anything else, or more than
// kMaxDurationSeconds, is an error naming the text.
Result<double> parse_duration_seconds(std::string_view text);

}  // namespace rigcheck
