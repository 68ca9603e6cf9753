// The one Vulkan device core (kernels/vulkan/vk_device_core.hpp) for real on the first device
// (lavapipe in CI): it opens for each kind of work, times a submit with its timestamps, makes
// buffers in the memory type asked for and refuses one the buffer may not use, and once lost it
// submits nothing more.
#include <gtest/gtest.h>

#include <cstring>

#include "kernels/vulkan/vk_device_core.hpp"
#include "kernels/vulkan/vk_handles.hpp"
#include "kernels/vulkan/vk_memory_types.hpp"

namespace rigcheck {
namespace {

std::unique_ptr<VulkanDeviceCore> open_or_skip(const VulkanDeviceRequest& request, std::string* why) {
  auto core = VulkanDeviceCore::open_index(0, request);
  if (!core) {
    *why = core.error();
    return nullptr;
  }
  return std::move(*core);
}

#define OPEN_OR_SKIP(var, request)                  \
  std::string why_;                                 \
  auto var = open_or_skip(request, &why_);          \
  if (!var) GTEST_SKIP() << "no usable Vulkan device: " << why_

TEST(VulkanDeviceCore, TimesASubmitOnTheComputeQueue) {
  OPEN_OR_SKIP(core, VulkanDeviceRequest{});
  EXPECT_NE(core->device(), VK_NULL_HANDLE);
  EXPECT_NE(core->queue().cmd, VK_NULL_HANDLE);
  EXPECT_EQ(core->second_queue(), nullptr);
  EXPECT_EQ(core->queue_families().size(), 1u);
  EXPECT_GT(core->timestamp_period_ns(), 0.0);
  EXPECT_EQ(core->has_timestamps(), core->queue_choice().timestamp_valid_bits > 0);
  bool recorded = false;
  auto seconds = core->submit_timed([&](VkCommandBuffer cmd) { recorded = cmd == core->queue().cmd; });
  ASSERT_TRUE(seconds) << seconds.error();
  EXPECT_TRUE(recorded);
  EXPECT_GE(*seconds, 0.0);
  EXPECT_LT(*seconds, 10.0);
}

TEST(VulkanDeviceCore, MakesMappedBuffersInTheTypeAskedFor) {
  OPEN_OR_SKIP(core, VulkanDeviceRequest{});
  const int type = pick_staging_memory_type(core->memory(), ~0u, StagingUse::download, true);
  ASSERT_GE(type, 0);
  VulkanBufferSpec spec;
  spec.size_bytes = 1 << 20;
  spec.memory_type = static_cast<std::uint32_t>(type);
  spec.map = true;
  auto buffer = make_vulkan_buffer(*core, spec);
  ASSERT_TRUE(buffer) << buffer.error();
  EXPECT_NE(buffer->handle(), VK_NULL_HANDLE);
  EXPECT_GE(buffer->allocation_bytes, spec.size_bytes);
  ASSERT_NE(buffer->mapped, nullptr);
  std::memset(buffer->mapped, 0x5a, spec.size_bytes);

  auto allowed = allowed_memory_types(*core, spec.usage);
  ASSERT_TRUE(allowed) << allowed.error();
  EXPECT_NE(*allowed & (1u << type), 0u);
  spec.memory_type = VK_MAX_MEMORY_TYPES - 1;  // no driver lists 32 types
  auto refused = make_vulkan_buffer(*core, spec);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), "memory type 31 cannot hold this buffer");
}

TEST(VulkanDeviceCore, OpensForCopiesWithASecondQueueWhereThereIsOne) {
  VulkanDeviceRequest request;
  request.queue = VulkanQueueNeed::copy;
  request.second_queue = true;
  OPEN_OR_SKIP(core, request);
  const auto& choice = core->queue_choice();
  EXPECT_EQ(core->queue().family, choice.primary_family);
  EXPECT_EQ(core->second_queue() != nullptr, choice.second_family.has_value());
  if (core->second_queue()) {
    EXPECT_NE(core->second_queue()->queue, core->queue().queue);
    EXPECT_NE(core->second_queue()->fence, core->queue().fence);
  }
}

TEST(VulkanDeviceCore, ALostDeviceSubmitsNothingMore) {
  OPEN_OR_SKIP(core, VulkanDeviceRequest{});
  core->mark_lost();
  bool recorded = false;
  auto seconds = core->submit_timed([&](VkCommandBuffer) { recorded = true; });
  ASSERT_FALSE(seconds);
  EXPECT_EQ(seconds.error(), VulkanDeviceCore::kLostMessage);
  EXPECT_FALSE(recorded);
  EXPECT_FALSE(make_vulkan_buffer(*core, VulkanBufferSpec{4096, 0, false}));
  // As after a real loss the device is never destroyed: kept reachable (with its instance) until
  // the process ends, so neither the driver nor the leak checker sees a half-torn-down device.
  static const VulkanDeviceCore* kept = core.release();
  EXPECT_NE(kept, nullptr);
}

}  // namespace
}  // namespace rigcheck
