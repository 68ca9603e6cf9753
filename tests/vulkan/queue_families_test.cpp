// Which queue families the device core opens (kernels/vulkan/vk_queue_families.hpp), over family
// lists shaped like those drivers report: NVIDIA's (a graphics family of 16 queues, a transfer-only
// copy engine, an async-compute family, a video family), Mesa's CPU device (one family, one
// queue) and a device whose first compute family has no timestamps.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/vulkan/vk_queue_families.hpp"

namespace rigcheck {
namespace {

VkQueueFamilyProperties family(VkQueueFlags flags, std::uint32_t queues, std::uint32_t timestamp_bits) {
  VkQueueFamilyProperties f{};
  f.queueFlags = flags;
  f.queueCount = queues;
  f.timestampValidBits = timestamp_bits;
  return f;
}

constexpr VkQueueFlags kGraphics = VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT | VK_QUEUE_TRANSFER_BIT;
constexpr VkQueueFlags kCompute = VK_QUEUE_COMPUTE_BIT | VK_QUEUE_TRANSFER_BIT;
constexpr VkQueueFlags kVideo = 0x20;  // VK_QUEUE_VIDEO_DECODE_BIT_KHR: copies nothing

const std::vector<VkQueueFamilyProperties> kNvidia = {family(kGraphics, 16, 64), family(VK_QUEUE_TRANSFER_BIT, 2, 64),
                                                      family(kCompute, 8, 64), family(kVideo, 1, 0)};
const std::vector<VkQueueFamilyProperties> kLavapipe = {family(kGraphics, 1, 64)};

TEST(QueueFamilies, ComputeWorkTakesTheFirstComputeFamilyWithTimestamps) {
  auto choice = choose_queue_families(kNvidia, VulkanQueueNeed::compute, false);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->primary_family, 0u);
  EXPECT_EQ(choice->timestamp_valid_bits, 64u);
  EXPECT_FALSE(choice->second_family);

  const std::vector<VkQueueFamilyProperties> untimed_first = {family(kCompute, 1, 0), family(kGraphics, 1, 36)};
  choice = choose_queue_families(untimed_first, VulkanQueueNeed::compute, false);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->primary_family, 1u);
  EXPECT_EQ(choice->timestamp_valid_bits, 36u);
}

TEST(QueueFamilies, CopiesGetTheCopyEngineAsTheirSecondQueue) {
  auto choice = choose_queue_families(kNvidia, VulkanQueueNeed::copy, true);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->primary_family, 0u);
  ASSERT_TRUE(choice->second_family);
  EXPECT_EQ(*choice->second_family, 1u);
  EXPECT_EQ(choice->second_kind, SecondQueueKind::transfer_only);
}

TEST(QueueFamilies, WithoutACopyEngineASecondQueueOfThePrimaryFamilyThenAnotherFamily) {
  const std::vector<VkQueueFamilyProperties> two_queues = {family(kGraphics, 2, 64), family(kCompute, 4, 64)};
  auto choice = choose_queue_families(two_queues, VulkanQueueNeed::copy, true);
  ASSERT_TRUE(choice && choice->second_family);
  EXPECT_EQ(*choice->second_family, 0u);
  EXPECT_EQ(choice->second_kind, SecondQueueKind::same_family);

  const std::vector<VkQueueFamilyProperties> one_queue = {family(kGraphics, 1, 64), family(kCompute, 4, 64)};
  choice = choose_queue_families(one_queue, VulkanQueueNeed::copy, true);
  ASSERT_TRUE(choice && choice->second_family);
  EXPECT_EQ(*choice->second_family, 1u);
  EXPECT_EQ(choice->second_kind, SecondQueueKind::another_family);
  EXPECT_EQ(to_string(choice->second_kind), "another family");
}

TEST(QueueFamilies, TheCpuDeviceHasOneQueueForEverything) {
  auto choice = choose_queue_families(kLavapipe, VulkanQueueNeed::copy, true);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->primary_family, 0u);
  EXPECT_FALSE(choice->second_family);
}

TEST(QueueFamilies, NoFamilyMeetsTheNeed) {
  const std::vector<VkQueueFamilyProperties> video_only = {family(kVideo, 1, 0), family(kGraphics, 0, 64)};
  EXPECT_FALSE(choose_queue_families(video_only, VulkanQueueNeed::compute, false));
  EXPECT_FALSE(choose_queue_families(video_only, VulkanQueueNeed::copy, true));
  const std::vector<VkQueueFamilyProperties> copy_only = {family(VK_QUEUE_TRANSFER_BIT, 1, 64)};
  EXPECT_FALSE(choose_queue_families(copy_only, VulkanQueueNeed::compute, false));
  EXPECT_TRUE(choose_queue_families(copy_only, VulkanQueueNeed::copy, false));
}

}  // namespace
}  // namespace rigcheck
