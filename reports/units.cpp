#include "reports/units.hpp"

#include <array>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace rigcheck {

std::string format_rate(double rate, RateUnit unit) {
  if (unit == RateUnit::none || !(rate > 0)) return "";
  // One table per unit: the largest prefix the value reaches, down to the base unit.
  struct Prefix {
    double scale;
    const char* name;
  };
  static constexpr Prefix kFlops[] = {{1e15, "PFLOPS"}, {1e12, "TFLOPS"}, {1e9, "GFLOPS"}, {1e6, "MFLOPS"}, {1, "FLOPS"}};
  static constexpr Prefix kBytes[] = {{1e12, "TB/s"}, {1e9, "GB/s"}, {1e6, "MB/s"}, {1e3, "kB/s"}, {1, "B/s"}};
  const auto& table = unit == RateUnit::flops_per_s ? kFlops : kBytes;
  const Prefix* chosen = &table[std::size(kFlops) - 1];
  for (const auto& p : table)
    if (rate >= p.scale) {
      chosen = &p;
      break;
    }
  const double value = rate / chosen->scale;
  // Three significant digits: 1.23, 12.3, 123.
  const int decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return fmt::format("{:.{}f} {}", value, decimals, chosen->name);
}


std::string format_bytes(std::uint64_t bytes) {
  static constexpr std::array<const char*, 6> kUnits{"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  if (unit == 0 || std::fabs(value - std::round(value)) < 0.05) return fmt::format("{:.0f} {}", value, kUnits[unit]);
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string format_link(std::optional<double> speed_gts, std::optional<int> width) {
  std::string speed = speed_gts ? fmt::format("{:g} GT/s", *speed_gts) : "";
  std::string lanes = width ? fmt::format("x{}", *width) : "";
  if (speed.empty() && lanes.empty()) return "unknown";
  if (speed.empty()) return lanes;
  if (lanes.empty()) return speed;
  return speed + " " + lanes;
}

Result<double> parse_duration_seconds(std::string_view text) {
  std::string s(text);
  char* end = nullptr;
  double value = std::strtod(s.c_str(), &end);
  std::string unit = end != nullptr ? std::string(end) : "";
  double scale = unit.empty() || unit == "s" ? 1 : unit == "m" || unit == "min" ? 60 : unit == "h" ? 3600 : 0;
  if (end == s.c_str() || scale == 0 || !(value > 0) || !std::isfinite(value))
    return Error{fmt::format("'{}' is not a duration (examples: 90s, 10m, 2h)", text)};
  if (value * scale > kMaxDurationSeconds)
    return Error{fmt::format("'{}' is longer than the 7-day maximum (168h)", text)};
  return value * scale;
}

}  // namespace rigcheck
