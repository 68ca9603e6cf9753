// The Vulkan backend: lists every physical device and opens one for the VRAM test.
#include <fmt/format.h>

#include "kernels/backend.hpp"
#include "kernels/vulkan/vk_device_info.hpp"
#include "kernels/vulkan/vk_instance.hpp"
#include "kernels/vulkan/vk_vram_device.hpp"

namespace rigcheck {
namespace {

class VulkanBackend final : public Backend {
 public:
  std::string_view name() const override { return "vulkan"; }

  Result<std::vector<BackendDeviceInfo>> list_devices() override {
    auto ready = ensure_instance();
    if (!ready) return Error{ready.error()};
    auto devices = instance_->physical_devices();
    if (!devices) return Error{devices.error()};
    std::vector<BackendDeviceInfo> out;
    for (std::size_t i = 0; i < devices->size(); ++i)
      out.push_back(describe_vulkan_device((*devices)[i], static_cast<std::uint32_t>(i), instance_->api_version()));
    return out;
  }

  Result<std::unique_ptr<VramDevice>> open_vram_device(std::uint32_t index) override {
    auto ready = ensure_instance();
    if (!ready) return Error{ready.error()};
    auto devices = instance_->physical_devices();
    if (!devices) return Error{devices.error()};
    if (index >= devices->size())
      return Error{fmt::format("no Vulkan device {} ({} found)", index, devices->size())};
    VkPhysicalDevice physical = (*devices)[index];
    return open_vulkan_vram_device(instance_, physical,
                                   describe_vulkan_device(physical, index, instance_->api_version()));
  }

 private:
  Result<bool> ensure_instance() {
    if (instance_) return true;
    auto created = VulkanInstance::create();
    if (!created) return Error{created.error()};
    instance_ = *created;
    return true;
  }

  std::shared_ptr<VulkanInstance> instance_;
};

}  // namespace

std::unique_ptr<Backend> make_vulkan_backend() { return std::make_unique<VulkanBackend>(); }

}  // namespace rigcheck
