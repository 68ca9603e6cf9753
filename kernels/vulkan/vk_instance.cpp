#include "kernels/vulkan/vk_instance.hpp"

#include <cstring>

#include <dlfcn.h>

#include <fmt/format.h>

#include "kernels/vulkan/vk_check.hpp"

namespace rigcheck {

namespace {
// Sanitizer builds only: keep Mesa's CPU driver loaded for the life of the process. LeakSanitizer
// names a leak by the library that allocated it; once the loader unloads the driver, the driver's
// own small leaks show as "<unknown module>" and ci/lsan.supp can no longer tell them from ours.
void keep_cpu_driver_loaded_for_leak_reports() {
#if defined(__SANITIZE_ADDRESS__)
  static const bool kept = dlopen("libvulkan_lvp.so", RTLD_NOW | RTLD_NODELETE) != nullptr;
  (void)kept;
#endif
}
}  // namespace

Result<std::shared_ptr<VulkanInstance>> VulkanInstance::create() {
  keep_cpu_driver_loaded_for_leak_reports();
  std::uint32_t loader_version = VK_API_VERSION_1_0;
  // vkEnumerateInstanceVersion exists from loader 1.1 on; a 1.0 loader lacks what we need.
  auto enumerate_version = reinterpret_cast<PFN_vkEnumerateInstanceVersion>(
      vkGetInstanceProcAddr(VK_NULL_HANDLE, "vkEnumerateInstanceVersion"));
  if (enumerate_version == nullptr) return Error{"the Vulkan loader is 1.0: rigcheck needs Vulkan 1.1 or newer"};
  if (auto rc = enumerate_version(&loader_version); rc != VK_SUCCESS)
    return vk_error("vkEnumerateInstanceVersion", rc);
  const std::uint32_t api = loader_version >= VK_API_VERSION_1_3 ? VK_API_VERSION_1_3 : loader_version;

  VkApplicationInfo app{};
  app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
  app.pApplicationName = "rigcheck";
  app.applicationVersion = VK_MAKE_API_VERSION(0, 0, 1, 0);
  app.pEngineName = "rigcheck";
  app.apiVersion = api;
  VkInstanceCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
  info.pApplicationInfo = &app;
  VkInstance instance = VK_NULL_HANDLE;
  if (auto rc = vkCreateInstance(&info, nullptr, &instance); rc != VK_SUCCESS) return vk_error("vkCreateInstance", rc);
  return std::shared_ptr<VulkanInstance>(new VulkanInstance(instance, api));
}

VulkanInstance::~VulkanInstance() {
  if (instance_ != VK_NULL_HANDLE) vkDestroyInstance(instance_, nullptr);
}

Result<std::vector<VkPhysicalDevice>> VulkanInstance::physical_devices() const {
  std::uint32_t count = 0;
  if (auto rc = vkEnumeratePhysicalDevices(instance_, &count, nullptr); rc != VK_SUCCESS)
    return vk_error("vkEnumeratePhysicalDevices", rc);
  std::vector<VkPhysicalDevice> devices(count);
  if (auto rc = vkEnumeratePhysicalDevices(instance_, &count, devices.data()); rc != VK_SUCCESS && rc != VK_INCOMPLETE)
    return vk_error("vkEnumeratePhysicalDevices", rc);
  devices.resize(count);
  return devices;
}

Result<VkPhysicalDevice> VulkanInstance::physical_device(std::uint32_t index) const {
  auto devices = physical_devices();
  if (!devices) return Error{devices.error()};
  if (index >= devices->size()) return Error{fmt::format("no Vulkan device {} ({} found)", index, devices->size())};
  return (*devices)[index];
}

bool has_device_extension(VkPhysicalDevice device, const char* name) {
  std::uint32_t count = 0;
  if (vkEnumerateDeviceExtensionProperties(device, nullptr, &count, nullptr) != VK_SUCCESS) return false;
  std::vector<VkExtensionProperties> extensions(count);
  if (vkEnumerateDeviceExtensionProperties(device, nullptr, &count, extensions.data()) != VK_SUCCESS) return false;
  for (const auto& e : extensions)
    if (std::strcmp(e.extensionName, name) == 0) return true;
  return false;
}

}  // namespace rigcheck
