#pragma once
// What a PCIe link can carry: the signalling rate times the lanes, less the line encoding
// (8b/10b up to 5 GT/s, 128b/130b for 8–32 GT/s, 242/256 FLIT for 64 GT/s). Packet headers
// cost another ~10–20% on top, which is why measured copies reach ~80% of this (docs/bandwidth.md).
#include <optional>

namespace rigcheck {

// Bytes per second in one direction; nullopt for a speed or width that is not a PCIe link.
std::optional<double> pcie_link_bytes_per_s(double speed_gts, int width);

}  // namespace rigcheck
