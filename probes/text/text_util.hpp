#pragma once
// Small string helpers shared by the text parsers: lines, trimming, numbers and PCI addresses.
// All take and return views into the caller's text; nothing here allocates except the BDF copies.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck::text {

// Lines without their "\n" or "\r\n"; a last line without a newline is kept.
std::vector<std::string_view> split_lines(std::string_view text);

std::string_view trim(std::string_view text);

// True when the line holds no control bytes other than tab (binary junk, NUL, escape sequences).
bool is_clean_line(std::string_view line);

// A whole-string unsigned number; hex accepts an optional "0x"/"0X" prefix.
std::optional<std::uint64_t> parse_decimal(std::string_view text);
std::optional<std::uint64_t> parse_hex(std::string_view text);

// The decimal digits at the start of `text` (no sign); `used` is how many characters they took.
std::optional<std::uint64_t> leading_decimal(std::string_view text, std::size_t& used);
// The hex digits at the start of `text` (after an optional "0x"); `used` counts the prefix too.
std::optional<std::uint64_t> leading_hex(std::string_view text, std::size_t& used);

// A PCI address "dddd:bb:dd.f" (hex; domain 4 digits) starting exactly at `pos`, lower-cased.
std::optional<std::string> bdf_at(std::string_view text, std::size_t pos);
// The first PCI address anywhere in `text`.
std::optional<std::string> find_bdf(std::string_view text);

}  // namespace rigcheck::text
