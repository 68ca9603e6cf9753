#include "kernels/vulkan/vk_queue_families.hpp"

namespace rigcheck {
namespace {

constexpr VkQueueFlags kCopyCapable = VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT | VK_QUEUE_TRANSFER_BIT;

bool meets(const VkQueueFamilyProperties& family, VulkanQueueNeed need) {
  if (family.queueCount == 0) return false;
  return need == VulkanQueueNeed::compute ? (family.queueFlags & VK_QUEUE_COMPUTE_BIT) != 0
                                          : (family.queueFlags & kCopyCapable) != 0;
}

// Higher is better; the first family with the highest score wins.
int score(const VkQueueFamilyProperties& family, VulkanQueueNeed need) {
  const int timestamps = family.timestampValidBits > 0 ? 2 : 0;
  if (need == VulkanQueueNeed::compute) return timestamps;
  return timestamps + ((family.queueFlags & (VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT)) ? 1 : 0);
}

}  // namespace

std::optional<VulkanQueueChoice> choose_queue_families(std::span<const VkQueueFamilyProperties> families,
                                                       VulkanQueueNeed need, bool want_second) {
  std::optional<std::uint32_t> primary;
  int best = -1;
  for (std::uint32_t i = 0; i < families.size(); ++i) {
    if (!meets(families[i], need)) continue;
    if (const int s = score(families[i], need); s > best) { primary = i; best = s; }
  }
  if (!primary) return std::nullopt;
  VulkanQueueChoice out;
  out.primary_family = *primary;
  out.timestamp_valid_bits = families[*primary].timestampValidBits;
  if (!want_second) return out;
  const auto copies = [&](std::uint32_t i) {
    return i != *primary && families[i].queueCount > 0 && (families[i].queueFlags & kCopyCapable) != 0;
  };
  for (std::uint32_t i = 0; i < families.size() && !out.second_family; ++i)
    if (copies(i) && (families[i].queueFlags & kCopyCapable) == VK_QUEUE_TRANSFER_BIT) {
      out.second_family = i;
      out.second_kind = SecondQueueKind::transfer_only;
    }
  if (!out.second_family && families[*primary].queueCount >= 2) {
    out.second_family = *primary;
    out.second_kind = SecondQueueKind::same_family;
  }
  for (std::uint32_t i = 0; i < families.size() && !out.second_family; ++i)
    if (copies(i)) {
      out.second_family = i;
      out.second_kind = SecondQueueKind::another_family;
    }
  return out;
}

std::string to_string(SecondQueueKind kind) {
  switch (kind) {
    case SecondQueueKind::transfer_only: return "transfer-only";
    case SecondQueueKind::same_family: return "second queue";
    case SecondQueueKind::another_family: return "another family";
  }
  return "";
}

}  // namespace rigcheck
