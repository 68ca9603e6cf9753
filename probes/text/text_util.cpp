#include "probes/text/text_util.hpp"

#include <cctype>
#include <charconv>

namespace rigcheck::text {
namespace {

bool is_hex_digit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::optional<std::uint64_t> leading_number(std::string_view text, int base, std::size_t& used) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  used = static_cast<std::size_t>(end - text.data());
  return value;
}

}  // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    auto end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    begin = end + 1;
  }
  return lines;
}

std::string_view trim(std::string_view text) {
  const std::string_view blanks = " \t\r\n";
  auto begin = text.find_first_not_of(blanks);
  if (begin == std::string_view::npos) return {};
  auto end = text.find_last_not_of(blanks);
  return text.substr(begin, end - begin + 1);
}

bool is_clean_line(std::string_view line) {
  for (char c : line) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f) return false;
  }
  return true;
}

std::optional<std::uint64_t> parse_decimal(std::string_view text) {
  std::size_t used = 0;
  auto value = leading_decimal(text, used);
  if (!value || used != text.size()) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parse_hex(std::string_view text) {
  std::size_t used = 0;
  auto value = leading_hex(text, used);
  if (!value || used != text.size()) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> leading_decimal(std::string_view text, std::size_t& used) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text.front()))) return std::nullopt;
  return leading_number(text, 10, used);
}

std::optional<std::uint64_t> leading_hex(std::string_view text, std::size_t& used) {
  std::size_t prefix = 0;
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) prefix = 2;
  auto digits = text.substr(prefix);
  if (digits.empty() || !is_hex_digit(digits.front())) return std::nullopt;
  auto value = leading_number(digits, 16, used);
  if (value) used += prefix;
  return value;
}

std::optional<std::string> bdf_at(std::string_view text, std::size_t pos) {
  // dddd:bb:dd.f -> 12 characters; the function is one hex digit (0-7).
  constexpr std::string_view shape = "xxxx:xx:xx.x";
  if (pos > text.size() || text.size() - pos < shape.size()) return std::nullopt;
  std::string bdf;
  bdf.reserve(shape.size());
  for (std::size_t i = 0; i < shape.size(); ++i) {
    char c = text[pos + i];
    if (shape[i] == 'x' ? !is_hex_digit(c) : c != shape[i]) return std::nullopt;
    bdf.push_back(lower(c));
  }
  // "0000:13:00.0" must not be the tail of a longer hex run ("10000:13:00.0") or go on ("00.00").
  if (pos > 0 && is_hex_digit(text[pos - 1])) return std::nullopt;
  auto after = pos + shape.size();
  if (after < text.size() && is_hex_digit(text[after])) return std::nullopt;
  return bdf;
}

std::optional<std::string> find_bdf(std::string_view text) {
  for (auto colon = text.find(':'); colon != std::string_view::npos; colon = text.find(':', colon + 1)) {
    if (colon < 4) continue;
    if (auto bdf = bdf_at(text, colon - 4)) return bdf;
  }
  return std::nullopt;
}

}  // namespace rigcheck::text
