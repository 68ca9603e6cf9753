#pragma once
// The card's PCIe link read from sysfs while a transfer runs (TransferOptions::sample_link). It
// reads the live /sys even under --sysroot: the transfer runs on this machine's device.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "reports/transfer_result.hpp"

namespace rigcheck {

// Unset when `bdf` has no sysfs device (a CPU device, a container without /sys).
std::function<std::optional<LinkSample>()> sysfs_link_sampler(const std::optional<std::string>& bdf,
                                                               std::chrono::steady_clock::time_point start);

}  // namespace rigcheck
