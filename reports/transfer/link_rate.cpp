#include "reports/transfer/link_rate.hpp"

namespace rigcheck {

std::optional<double> pcie_link_bytes_per_s(double speed_gts, int width) {
  if (!(speed_gts > 0) || width <= 0) return std::nullopt;
  double encoding = 128.0 / 130.0;
  if (speed_gts <= 5.0) encoding = 8.0 / 10.0;
  if (speed_gts >= 64.0) encoding = 242.0 / 256.0;
  return speed_gts * 1e9 * encoding / 8.0 * width;
}

}  // namespace rigcheck
