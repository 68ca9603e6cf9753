#include "kernels/vulkan/vk_device_info.hpp"

#include <fmt/format.h>

#include "kernels/vulkan/vk_instance.hpp"

namespace rigcheck {
namespace {

constexpr std::uint32_t kNvidiaVendorId = 0x10de;

DeviceType device_type(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return DeviceType::discrete;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return DeviceType::integrated;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return DeviceType::cpu;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return DeviceType::virtual_gpu;
    default: return DeviceType::other;
  }
}

std::string api_text(std::uint32_t v) {
  return fmt::format("{}.{}.{}", VK_API_VERSION_MAJOR(v), VK_API_VERSION_MINOR(v), VK_API_VERSION_PATCH(v));
}

}  // namespace

std::string_view to_string(DeviceType type) {
  switch (type) {
    case DeviceType::discrete: return "discrete";
    case DeviceType::integrated: return "integrated";
    case DeviceType::cpu: return "cpu";
    case DeviceType::virtual_gpu: return "virtual";
    case DeviceType::other: break;
  }
  return "other";
}

std::string decode_driver_version(std::uint32_t vendor_id, std::uint32_t v) {
  if (vendor_id == kNvidiaVendorId)
    return fmt::format("{}.{}.{}.{}", (v >> 22) & 0x3ffu, (v >> 14) & 0xffu, (v >> 6) & 0xffu, v & 0x3fu);
  return api_text(v);
}

BackendDeviceInfo describe_vulkan_device(VkPhysicalDevice device, std::uint32_t index, std::uint32_t instance_api) {
  BackendDeviceInfo info;
  info.backend = "vulkan";
  info.index = index;

  VkPhysicalDeviceProperties base{};
  vkGetPhysicalDeviceProperties(device, &base);
  const std::uint32_t api = base.apiVersion < instance_api ? base.apiVersion : instance_api;
  const bool has_pci = has_device_extension(device, VK_EXT_PCI_BUS_INFO_EXTENSION_NAME);
  const bool has_budget = has_device_extension(device, VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
  const bool has_driver_props = api >= VK_API_VERSION_1_2;

  VkPhysicalDeviceProperties2 props{};
  props.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
  VkPhysicalDeviceDriverProperties driver{};
  driver.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES;
  VkPhysicalDevicePCIBusInfoPropertiesEXT pci{};
  pci.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PCI_BUS_INFO_PROPERTIES_EXT;
  void** next = &props.pNext;
  if (has_driver_props) { *next = &driver; next = &driver.pNext; }
  if (has_pci) { *next = &pci; next = &pci.pNext; }
  vkGetPhysicalDeviceProperties2(device, &props);

  info.name = base.deviceName;
  info.type = device_type(base.deviceType);
  info.vendor_id = base.vendorID;
  info.device_id = base.deviceID;
  info.api_version = api_text(base.apiVersion);
  info.driver_version = decode_driver_version(base.vendorID, base.driverVersion);
  if (has_driver_props) {
    info.driver_name = driver.driverName;
    if (driver.driverInfo[0] != '\0') info.driver_version += fmt::format(" ({})", driver.driverInfo);
  } else {
    info.notes.push_back("driver name unknown: the device is older than Vulkan 1.2");
  }
  if (has_pci) {
    info.pci_bdf = fmt::format("{:04x}:{:02x}:{:02x}.{:x}", pci.pciDomain, pci.pciBus, pci.pciDevice, pci.pciFunction);
  } else {
    info.notes.push_back("PCI address unknown: no VK_EXT_pci_bus_info");
  }

  VkPhysicalDeviceMemoryProperties2 memory{};
  memory.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_PROPERTIES_2;
  VkPhysicalDeviceMemoryBudgetPropertiesEXT budget{};
  budget.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_BUDGET_PROPERTIES_EXT;
  if (has_budget) memory.pNext = &budget;
  vkGetPhysicalDeviceMemoryProperties2(device, &memory);
  if (!has_budget) info.notes.push_back("memory budget unknown: no VK_EXT_memory_budget");
  const auto& m = memory.memoryProperties;
  for (std::uint32_t h = 0; h < m.memoryHeapCount; ++h) {
    MemoryHeapInfo heap;
    heap.index = h;
    heap.size_bytes = m.memoryHeaps[h].size;
    heap.device_local = (m.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) != 0;
    bool device_local_and_visible = false;
    for (std::uint32_t t = 0; t < m.memoryTypeCount; ++t) {
      if (m.memoryTypes[t].heapIndex != h) continue;
      const auto flags = m.memoryTypes[t].propertyFlags;
      if (flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) heap.host_visible = true;
      if ((flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) && (flags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT))
        device_local_and_visible = true;
    }
    if (has_budget) {
      heap.budget_bytes = budget.heapBudget[h];
      heap.usage_bytes = budget.heapUsage[h];
    }
    if (heap.device_local && heap.size_bytes > info.device_local_bytes) info.device_local_bytes = heap.size_bytes;
    // The BAR view: a heap the CPU can map directly that is larger than the classic 256 MiB window.
    if (device_local_and_visible && heap.size_bytes > kLargeBarThresholdBytes) info.large_bar = true;
    info.heaps.push_back(heap);
  }
  if (info.large_bar && (info.type == DeviceType::cpu || info.type == DeviceType::integrated)) {
    info.large_bar = false;  // shared system memory: there is no PCI BAR to speak of
    info.notes.push_back("memory is shared with the host: no BAR");
  }
  return info;
}

}  // namespace rigcheck
