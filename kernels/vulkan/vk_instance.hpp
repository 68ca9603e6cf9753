#pragma once
// The Vulkan instance: no layers enabled, API 1.1 or newer (properties2 and memory budget need it).
#include <cstdint>
#include <memory>
#include <vector>

#include <vulkan/vulkan.h>

#include "reports/result.hpp"

namespace rigcheck {

class VulkanInstance {
 public:
  static Result<std::shared_ptr<VulkanInstance>> create();
  ~VulkanInstance();
  VulkanInstance(const VulkanInstance&) = delete;
  VulkanInstance& operator=(const VulkanInstance&) = delete;

  VkInstance handle() const { return instance_; }
  std::uint32_t api_version() const { return api_version_; }
  Result<std::vector<VkPhysicalDevice>> physical_devices() const;
  // Device `index` of that list, numbered as `rigcheck list` numbers them.
  Result<VkPhysicalDevice> physical_device(std::uint32_t index) const;

 private:
  VulkanInstance(VkInstance instance, std::uint32_t api_version) : instance_(instance), api_version_(api_version) {}
  VkInstance instance_ = VK_NULL_HANDLE;
  std::uint32_t api_version_ = 0;
};

bool has_device_extension(VkPhysicalDevice device, const char* name);

}  // namespace rigcheck
