#include "probes/nvml/bus_id.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace rigcheck {
namespace {

std::optional<std::uint64_t> hex_number(std::string_view text, std::size_t max_digits) {
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    int digit = 0;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    else return std::nullopt;
    value = value * 16 + static_cast<std::uint64_t>(digit);
  }
  return value;
}

}  // namespace

std::optional<std::string> normalize_nvml_bus_id(std::string_view text) {
  while (!text.empty() && (text.back() == '\0' || text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  auto first = text.find(':');
  auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
  auto dot = second == std::string_view::npos ? second : text.find('.', second + 1);
  if (dot == std::string_view::npos) return std::nullopt;
  auto domain = hex_number(text.substr(0, first), 8);
  auto bus = hex_number(text.substr(first + 1, second - first - 1), 2);
  auto device = hex_number(text.substr(second + 1, dot - second - 1), 2);
  auto function = hex_number(text.substr(dot + 1), 1);
  if (!domain || !bus || !device || !function || *device > 0x1f || *function > 7) return std::nullopt;
  return fmt::format("{:04x}:{:02x}:{:02x}.{:x}", *domain, *bus, *device, *function);
}

std::string bdf_from_numbers(unsigned int domain, unsigned int bus, unsigned int device) {
  return fmt::format("{:04x}:{:02x}:{:02x}.0", domain, bus, device);
}

}  // namespace rigcheck
