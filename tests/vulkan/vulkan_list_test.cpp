#include <gtest/gtest.h>

#include "kernels/backend.hpp"
#include "kernels/vulkan/vk_device_info.hpp"

namespace rigcheck {
namespace {

TEST(VulkanBackend, ListsEveryDeviceWithHeapsAndDriver) {
  auto backend = make_vulkan_backend();
  EXPECT_EQ(backend->name(), "vulkan");
  auto devices = backend->list_devices();
  if (!devices) GTEST_SKIP() << "Vulkan unusable here: " << devices.error();
  if (devices->empty()) GTEST_SKIP() << "no Vulkan device";
  for (std::size_t i = 0; i < devices->size(); ++i) {
    const auto& d = (*devices)[i];
    EXPECT_EQ(d.backend, "vulkan");
    EXPECT_EQ(d.index, i);
    EXPECT_FALSE(d.name.empty());
    EXPECT_FALSE(d.api_version.empty());
    EXPECT_FALSE(d.heaps.empty());
    EXPECT_GT(d.device_local_bytes, 0u);
    if (d.type == DeviceType::cpu) {
      EXPECT_FALSE(d.large_bar) << "system memory is no BAR";
    }
  }
}

TEST(VulkanBackend, OpeningAMissingDeviceIsAnError) {
  auto backend = make_vulkan_backend();
  auto opened = backend->open_vram_device(1000);
  EXPECT_FALSE(opened.ok());
}

TEST(VulkanDeviceInfo, DriverVersionsAreDecodedPerVendor) {
  EXPECT_EQ(decode_driver_version(0x10de, (550u << 22) | (54u << 14) | (14u << 6)), "550.54.14.0");
  EXPECT_EQ(decode_driver_version(0x10005, VK_MAKE_API_VERSION(0, 22, 3, 6)), "22.3.6");
  EXPECT_EQ(to_string(DeviceType::virtual_gpu), "virtual");
}

}  // namespace
}  // namespace rigcheck
