#include "reports/units.hpp"

#include <array>
#include <cmath>

#include <fmt/format.h>

namespace rigcheck {

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

}  // namespace rigcheck
