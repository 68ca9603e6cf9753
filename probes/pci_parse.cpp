#include "probes/pci_parse.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

namespace rigcheck {
namespace {

bool parse_u64_hex(std::string_view token, std::uint64_t& value) {
  if (token.size() > 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'X')) token.remove_prefix(2);
  if (token.empty()) return false;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value, 16);
  return ec == std::errc() && end == token.data() + token.size();
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    size_t j = i;
    while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
    if (j > i) words.push_back(line.substr(i, j - i));
    i = j;
  }
  return words;
}

}  // namespace

Result<std::vector<PciBar>> parse_resource(std::string_view text) {
  std::vector<PciBar> bars;
  auto lines = split_lines(text);
  for (size_t index = 0; index < lines.size() && index <= 6; ++index) {
    auto words = split_words(lines[index]);
    if (words.empty()) continue;
    std::uint64_t start = 0, end = 0, flags = 0;
    if (words.size() != 3 || !parse_u64_hex(words[0], start) || !parse_u64_hex(words[1], end) ||
        !parse_u64_hex(words[2], flags)) {
      return Error{fmt::format("malformed line {}: '{}'", index + 1, std::string(lines[index].substr(0, 80)))};
    }
    if (start == 0 && end == 0 && flags == 0) continue;  // no BAR in this slot
    PciBar bar;
    bar.index = static_cast<int>(index);
    bar.start = start;
    bar.end = end;
    bar.flags = flags;
    bar.size_bytes = end >= start ? end - start + 1 : 0;
    bar.is_memory = (flags & kResourceMem) != 0;
    bar.is_64bit = (flags & kResourceMem64) != 0;
    bar.is_prefetchable = (flags & kResourcePrefetch) != 0;
    // An unassigned BAR keeps its size (end = size - 1) with start 0, or carries the UNSET flag.
    bar.is_assigned = start != 0 && (flags & (kResourceUnset | kResourceDisabled)) == 0;
    bars.push_back(bar);
  }
  return bars;
}

std::optional<double> parse_link_speed_gts(std::string_view text) {
  auto words = split_words(text);
  if (words.size() < 2 || words[1] != "GT/s") return std::nullopt;
  std::string number(words[0]);
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !(value > 0)) return std::nullopt;
  return value;
}

Result<AerFile> parse_aer_file(std::string_view text) {
  AerFile file;
  int line_number = 0;
  for (auto line : split_lines(text)) {
    ++line_number;
    auto words = split_words(line);
    if (words.empty()) continue;
    std::uint64_t count = 0;
    if (words.size() != 2 ||
        std::from_chars(words[1].data(), words[1].data() + words[1].size(), count).ec != std::errc()) {
      return Error{fmt::format("malformed line {}: '{}'", line_number, std::string(line.substr(0, 80)))};
    }
    if (words[0].starts_with("TOTAL_ERR_"))
      file.total = count;
    else
      file.counts.emplace_back(std::string(words[0]), count);
  }
  return file;
}

bool is_pci_address(std::string_view s) {
  // dddd:bb:dd.f in hex
  if (s.size() != 12 || s[4] != ':' || s[7] != ':' || s[10] != '.') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  return s[11] >= '0' && s[11] <= '7';
}

std::optional<int> pcie_generation(double speed_gts) {
  static constexpr std::pair<double, int> kGenerations[] = {{2.5, 1}, {5.0, 2}, {8.0, 3}, {16.0, 4}, {32.0, 5}, {64.0, 6}};
  for (auto [gts, gen] : kGenerations)
    if (std::fabs(speed_gts - gts) < 0.01) return gen;
  return std::nullopt;
}

}  // namespace rigcheck
