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

// "90s", "10m", "2h", "1.5h", "45" (seconds) -> seconds; anything else is an error naming the text.
Result<double> parse_duration_seconds(std::string_view text);

}  // namespace rigcheck
