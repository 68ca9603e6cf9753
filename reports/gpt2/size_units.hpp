#pragma once
// Sizes with units on the command line ("24GiB", "64GB", "512MiB") and in table text.
#include <cstdint>
#include <string>
#include <string_view>

#include "reports/result.hpp"

namespace rigcheck {

// A decimal number and a unit: B, KB/MB/GB/TB (powers of 1000), KiB/MiB/GiB/TiB (powers of 1024);
// units are case-insensitive, a bare number is bytes. Errors: "'24 gigs' is not a size (...)".
Result<std::uint64_t> parse_size(std::string_view text);

// "12.6 GiB": one decimal, binary units (what nvidia-smi and free -g show).
std::string format_gib(std::uint64_t bytes);

}  // namespace rigcheck
