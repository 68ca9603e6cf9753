#pragma once
// What a host<->device transfer test is asked to do; the same options for the Vulkan
// (kernels/vulkan/vk_transfer.hpp) and CUDA (kernels/cuda/cuda_transfer.hpp) runners.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reports/transfer_result.hpp"

namespace rigcheck {

// 4 KiB, 16 KiB, ... 256 MiB: small copies show latency, large ones the link's rate.
std::vector<std::uint64_t> default_transfer_sizes_bytes();

struct TransferOptions {
  std::vector<std::uint64_t> sizes_bytes = default_transfer_sizes_bytes();
  std::uint32_t repeats = 9;          // timed repeats per size after one warm-up (median reported)
  std::uint32_t latency_repeats = 50; // small copies timed one by one on the host clock
  std::uint64_t latency_size_bytes = 4096;
  // Called about every 10 ms while the largest transfers are in flight; returns the card's link
  // (sysfs current_link_speed/width) or nullopt. Unset when the device has no PCI address.
  std::function<std::optional<LinkSample>()> sample_link;
  std::function<bool()> cancelled;
  std::function<void(const std::string&)> progress;  // one line per finished size
};

}  // namespace rigcheck
