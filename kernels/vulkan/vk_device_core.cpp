#include "kernels/vulkan/vk_device_core.hpp"

#include <fmt/format.h>

#include "kernels/vulkan/vk_check.hpp"
#include "kernels/vulkan/vk_sync.hpp"

namespace rigcheck {

Result<std::unique_ptr<VulkanDeviceCore>> VulkanDeviceCore::open_index(std::uint32_t index,
                                                                       const VulkanDeviceRequest& request) {
  auto instance = VulkanInstance::create();
  if (!instance) return Error{instance.error()};
  auto physical = (*instance)->physical_device(index);
  if (!physical) return Error{physical.error()};
  return open(*instance, *physical, request);
}

Result<std::unique_ptr<VulkanDeviceCore>> VulkanDeviceCore::open(std::shared_ptr<VulkanInstance> instance,
                                                                 VkPhysicalDevice physical,
                                                                 const VulkanDeviceRequest& request) {
  std::unique_ptr<VulkanDeviceCore> core(new VulkanDeviceCore());
  core->instance_ = std::move(instance);
  core->physical_ = physical;
  vkGetPhysicalDeviceProperties(physical, &core->properties_);
  vkGetPhysicalDeviceMemoryProperties(physical, &core->memory_);
  VkPhysicalDeviceMaintenance3Properties m3{};
  m3.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES;
  VkPhysicalDeviceProperties2 props2{};
  props2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
  props2.pNext = &m3;
  vkGetPhysicalDeviceProperties2(physical, &props2);
  core->max_allocation_bytes_ = m3.maxMemoryAllocationSize;

  std::uint32_t family_count = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &family_count, nullptr);
  std::vector<VkQueueFamilyProperties> families(family_count);
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &family_count, families.data());
  auto choice = choose_queue_families(families, request.queue, request.second_queue);
  if (!choice)
    return Error{request.queue == VulkanQueueNeed::compute ? "the device has no compute queue"
                                                           : "the device has no queue that can copy buffers"};
  core->choice_ = *choice;
  const std::uint32_t primary = choice->primary_family;
  const auto second = choice->second_family;

  const float priorities[2] = {1.0f, 1.0f};
  VkDeviceQueueCreateInfo queue_infos[2]{};
  std::uint32_t queue_info_count = 1;
  queue_infos[0].sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
  queue_infos[0].queueFamilyIndex = primary;
  queue_infos[0].queueCount = second == primary ? 2 : 1;
  queue_infos[0].pQueuePriorities = priorities;
  if (second && *second != primary) {
    queue_infos[1] = queue_infos[0];
    queue_infos[1].queueFamilyIndex = *second;
    queue_infos[1].queueCount = 1;
    queue_info_count = 2;
  }
  std::vector<const char*> extensions = request.extensions;
  core->has_memory_budget_ = has_device_extension(physical, VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
  if (core->has_memory_budget_) extensions.push_back(VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
  VkDeviceCreateInfo device_info{};
  device_info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
  device_info.pNext = request.feature_chain;
  device_info.queueCreateInfoCount = queue_info_count;
  device_info.pQueueCreateInfos = queue_infos;
  device_info.pEnabledFeatures = &request.features;
  device_info.enabledExtensionCount = static_cast<std::uint32_t>(extensions.size());
  device_info.ppEnabledExtensionNames = extensions.data();
  if (auto rc = vkCreateDevice(physical, &device_info, nullptr, &core->device_); rc != VK_SUCCESS)
    return vk_error("vkCreateDevice", rc);

  core->queues_[0].family = primary;
  vkGetDeviceQueue(core->device_, primary, 0, &core->queues_[0].queue);
  if (auto made = core->create_queue_objects(core->queues_[0]); !made) return Error{made.error()};
  if (second) {
    core->queues_[1].family = *second;
    vkGetDeviceQueue(core->device_, *second, *second == primary ? 1 : 0, &core->queues_[1].queue);
    if (auto made = core->create_queue_objects(core->queues_[1]); !made) return Error{made.error()};
  }
  core->timestamp_mask_ = rigcheck::timestamp_mask(choice->timestamp_valid_bits);
  auto pool = create_timestamp_pair_pool(core->device_, choice->timestamp_valid_bits);
  if (!pool) return Error{pool.error()};
  core->query_pool_ = *pool;
  return core;
}

Result<bool> VulkanDeviceCore::create_queue_objects(VulkanQueue& queue) {
  VkCommandPoolCreateInfo pool_info{};
  pool_info.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
  pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pool_info.queueFamilyIndex = queue.family;
  if (auto rc = vkCreateCommandPool(device_, &pool_info, nullptr, &queue.pool); rc != VK_SUCCESS)
    return vk_error("vkCreateCommandPool", rc);
  VkCommandBufferAllocateInfo cmd_info{};
  cmd_info.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
  cmd_info.commandPool = queue.pool;
  cmd_info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  cmd_info.commandBufferCount = 1;
  if (auto rc = vkAllocateCommandBuffers(device_, &cmd_info, &queue.cmd); rc != VK_SUCCESS)
    return vk_error("vkAllocateCommandBuffers", rc);
  auto fence = create_fence(device_);
  if (!fence) return Error{fence.error()};
  queue.fence = *fence;
  return true;
}

VulkanDeviceCore::~VulkanDeviceCore() {
  if (device_ == VK_NULL_HANDLE || lost_) return;  // work may still run: destroying its objects would be undefined
  vkDeviceWaitIdle(device_);
  if (query_pool_ != VK_NULL_HANDLE) vkDestroyQueryPool(device_, query_pool_, nullptr);
  for (auto& q : queues_) {
    if (q.fence != VK_NULL_HANDLE) vkDestroyFence(device_, q.fence, nullptr);
    if (q.pool != VK_NULL_HANDLE) vkDestroyCommandPool(device_, q.pool, nullptr);
  }
  vkDestroyDevice(device_, nullptr);
}

void VulkanDeviceCore::wait_idle() const {
  if (device_ != VK_NULL_HANDLE && !lost_) vkDeviceWaitIdle(device_);
}

std::optional<VulkanHeapBudget> VulkanDeviceCore::heap_budget(std::uint32_t heap) const {
  if (!has_memory_budget_ || heap >= VK_MAX_MEMORY_HEAPS) return std::nullopt;
  VkPhysicalDeviceMemoryBudgetPropertiesEXT budget{};
  budget.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_BUDGET_PROPERTIES_EXT;
  VkPhysicalDeviceMemoryProperties2 memory{};
  memory.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_PROPERTIES_2;
  memory.pNext = &budget;
  vkGetPhysicalDeviceMemoryProperties2(physical_, &memory);
  return VulkanHeapBudget{budget.heapBudget[heap], budget.heapUsage[heap]};
}

std::vector<std::uint32_t> VulkanDeviceCore::queue_families() const {
  if (second_queue() && queues_[1].family != queues_[0].family) return {queues_[0].family, queues_[1].family};
  return {queues_[0].family};
}

Result<double> VulkanDeviceCore::read_timestamp_seconds() const {
  return read_timestamp_pair_seconds(device_, query_pool_, timestamp_mask_, timestamp_period_ns());
}

Result<double> VulkanDeviceCore::submit_timed(const std::function<void(VkCommandBuffer)>& record,
                                              std::chrono::seconds timeout) {
  if (lost_) return Error{kLostMessage};
  return submit_timed_and_wait({device_, queues_[0].queue, queues_[0].cmd, queues_[0].fence, query_pool_,
                                timestamp_mask_, timestamp_period_ns()},
                               record, timeout, lost_);
}

}  // namespace rigcheck
