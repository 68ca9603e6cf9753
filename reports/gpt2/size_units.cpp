#include "reports/gpt2/size_units.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace rigcheck {
namespace {

struct Unit {
  std::string_view name;
  double bytes;
};

constexpr Unit kUnits[] = {{"", 1},          {"b", 1},          {"kb", 1e3},          {"mb", 1e6},
                           {"gb", 1e9},      {"tb", 1e12},      {"kib", 1024.0},      {"mib", 1048576.0},
                           {"gib", 1073741824.0}, {"tib", 1099511627776.0}};

std::string lower(std::string_view text) {
  std::string out;
  for (char c : text) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

Error not_a_size(std::string_view text, std::string_view why) {
  return Error{fmt::format("'{}' is not a size ({}; e.g. 24GiB, 64GB, 512MiB)", text, why)};
}

}  // namespace

Result<std::uint64_t> parse_size(std::string_view text) {
  std::size_t digits_end = 0;
  while (digits_end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[digits_end])) != 0 || text[digits_end] == '.'))
    ++digits_end;
  if (digits_end == 0) return not_a_size(text, "no number");
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + digits_end, number);
  if (ec != std::errc() || end != text.data() + digits_end) return not_a_size(text, "bad number");
  const std::string unit = lower(text.substr(digits_end));
  for (const auto& u : kUnits) {
    if (unit != u.name) continue;
    const double bytes = number * u.bytes;
    if (bytes >= 1.8e19) return not_a_size(text, "too large");
    if (bytes < 1) return not_a_size(text, "zero");
    return static_cast<std::uint64_t>(std::round(bytes));
  }
  return not_a_size(text, fmt::format("unknown unit '{}'", text.substr(digits_end)));
}

std::string format_gib(std::uint64_t bytes) {
  return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / 1073741824.0);
}

}  // namespace rigcheck
