#pragma once
// Which queue families a device is opened with, from the family list alone (a pure function,
// tested against family lists shaped like those drivers report, tests/vulkan/queue_families_test.cpp). Timestamps are dependable on graphics and
// compute queues, so those are preferred wherever timing matters.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <vulkan/vulkan.h>

namespace rigcheck {

enum class VulkanQueueNeed {
  compute,  // dispatches (VRAM test, GEMM, burn): a compute family, preferably with timestamps
  copy,     // buffer copies (transfers): any family that can copy, graphics/compute and timestamps preferred
};

enum class SecondQueueKind {
  transfer_only,   // a copy engine of its own
  same_family,     // a second queue of the primary family
  another_family,  // any other family that can copy
};

struct VulkanQueueChoice {
  std::uint32_t primary_family = 0;
  std::optional<std::uint32_t> second_family;  // set only when a second queue was asked for and exists
  SecondQueueKind second_kind = SecondQueueKind::transfer_only;
  std::uint32_t timestamp_valid_bits = 0;      // of the primary family
};

// std::nullopt: no family meets `need`. `want_second`: also a queue for the opposite direction of
// a copy (a transfer-only family, else a second queue of the primary family, else another family).
std::optional<VulkanQueueChoice> choose_queue_families(std::span<const VkQueueFamilyProperties> families,
                                                       VulkanQueueNeed need, bool want_second);

std::string to_string(SecondQueueKind kind);  // "transfer-only", "second queue", "another family"

}  // namespace rigcheck
