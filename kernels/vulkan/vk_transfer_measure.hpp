#pragma once
// How one transfer figure of the Vulkan transfer test is taken (vk_transfer.hpp): a warm-up, then
// timed repeats of a recorded TransferBatch, pinned (GPU timestamps around the copies, host clock
// where the batch cannot be timed on the GPU) or pageable (memcpy through the staging buffer plus
// the copy, host clock); one small copy at a time for latency; and the statistics over repeats.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernels/vulkan/vk_transfer_device.hpp"
#include "reports/result.hpp"
#include "reports/transfer_result.hpp"

namespace rigcheck {

// Seconds of each timed repeat and the clock that took them ("gpu_timestamps" | "wall_clock").
struct RepeatTimes {
  std::vector<double> seconds;
  std::string timing;
};

// Pinned: `repeats` submits of `batch` after one warm-up. When the GPU timer reads zero for some
// repeat (a copy shorter than one tick) the host times are used instead and `note` says so.
Result<RepeatTimes> time_pinned(TransferDevice& device, const TransferBatch& batch, std::uint32_t repeats,
                                std::string* note);

// Pageable: each repeat copies `host_in` (when set) into the upload staging buffer, runs `batch`,
// and copies the download staging buffer out into `host_out` (when set), all on the host clock.
struct PageableEnds {
  const std::byte* host_in = nullptr;
  std::byte* host_out = nullptr;
  std::uint64_t size_bytes = 0;
};
Result<RepeatTimes> time_pageable(TransferDevice& device, const TransferBatch& batch, const PageableEnds& ends,
                                  std::uint32_t repeats);

// Median / min / max bandwidth of `moved_bytes` per repeat.
TransferSample summarize_sample(const char* direction, const char* host_memory, std::uint64_t size_bytes,
                                std::uint64_t moved_bytes, const RepeatTimes& times);

// `repeats` submits of the one-copy `batch`, each waited for alone: vkQueueSubmit to fence on the
// host steady clock, in µs.
Result<TransferLatency> time_latency(TransferDevice& device, const char* direction, const TransferBatch& batch,
                                     std::uint32_t repeats);

// The first byte offset where `a` and `b` differ, nullopt when they are equal.
std::optional<std::uint64_t> first_difference(const std::byte* a, const std::byte* b, std::uint64_t size_bytes);

}  // namespace rigcheck
