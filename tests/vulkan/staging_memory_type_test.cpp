// Issue 17 item 7: read-backs go through HOST_CACHED memory. NVIDIA's driver lists a host-visible,
// coherent, uncached type before the cached one; taking the first host-visible + coherent type
// made every read-back (the burn's, every few seconds) crawl. Memory-type lists of real drivers
// are fixtures (tests/fixtures/vulkan-memory/).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "kernels/vulkan/vk_memory_types.hpp"

namespace rigcheck {
namespace {

VkPhysicalDeviceMemoryProperties load(const std::string& name) {
  std::ifstream in(std::string(RIGCHECK_FIXTURES_DIR) + "/vulkan-memory/" + name);
  EXPECT_TRUE(in.good()) << name;
  VkPhysicalDeviceMemoryProperties m{};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string kind, word;
    std::uint32_t index = 0;
    words >> kind >> index;
    if (kind == "heap") {
      std::uint64_t mib = 0;
      words >> mib;
      m.memoryHeaps[index].size = mib << 20;
      while (words >> word)
        if (word == "DEVICE_LOCAL") m.memoryHeaps[index].flags |= VK_MEMORY_HEAP_DEVICE_LOCAL_BIT;
      m.memoryHeapCount = std::max(m.memoryHeapCount, index + 1);
    } else if (kind == "type") {
      words >> word >> m.memoryTypes[index].heapIndex;
      while (words >> word) {
        if (word == "DEVICE_LOCAL") m.memoryTypes[index].propertyFlags |= VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
        if (word == "HOST_VISIBLE") m.memoryTypes[index].propertyFlags |= VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
        if (word == "HOST_COHERENT") m.memoryTypes[index].propertyFlags |= VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        if (word == "HOST_CACHED") m.memoryTypes[index].propertyFlags |= VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
      }
      m.memoryTypeCount = std::max(m.memoryTypeCount, index + 1);
    }
  }
  return m;
}

int pick(const std::string& fixture, StagingUse use, bool need_coherent = true) {
  return pick_staging_memory_type(load(fixture), ~0u, use, need_coherent);
}

TEST(StagingMemoryType, ReadBacksUseTheCachedTypeOnNvidiaDrivers) {
  EXPECT_EQ(pick("nvidia-pascal.txt", StagingUse::download), 10);
  EXPECT_EQ(pick("nvidia-ampere.txt", StagingUse::download), 4);
  EXPECT_EQ(pick("nvidia-rebar.txt", StagingUse::download), 4);
}

TEST(StagingMemoryType, UploadsUseWriteCombinedSystemMemoryNeverTheBarWindow) {
  EXPECT_EQ(pick("nvidia-pascal.txt", StagingUse::upload), 9);
  EXPECT_EQ(pick("nvidia-ampere.txt", StagingUse::upload), 3);
  EXPECT_EQ(pick("nvidia-rebar.txt", StagingUse::upload), 3);
}

TEST(StagingMemoryType, TheCpuDeviceHasOneTypeForEverything) {
  EXPECT_EQ(pick("lavapipe.txt", StagingUse::download), 0);
  EXPECT_EQ(pick("lavapipe.txt", StagingUse::upload), 0);
}

TEST(StagingMemoryType, OnlyAllowedTypesAndNoneWhenNoneFits) {
  EXPECT_EQ(pick_staging_memory_type(load("nvidia-ampere.txt"), 1u << 3, StagingUse::download, true), 3);
  EXPECT_EQ(pick_staging_memory_type(load("nvidia-ampere.txt"), (1u << 1) | (1u << 2), StagingUse::download, true), -1);
}

// Device buffers (VRAM chunks, transfer targets, GEMM operands) share one rule: device-local memory
// the host cannot map, from the largest heap — never the BAR window, resizable or not.
TEST(DeviceMemoryType, VramRatherThanTheBarWindow) {
  EXPECT_EQ(pick_device_memory_type(load("nvidia-pascal.txt"), ~0u), 7);
  EXPECT_EQ(pick_device_memory_type(load("nvidia-ampere.txt"), ~0u), 1);
  EXPECT_EQ(pick_device_memory_type(load("nvidia-rebar.txt"), ~0u), 1);
  EXPECT_EQ(pick_device_memory_type(load("lavapipe.txt"), ~0u), 0);
  EXPECT_EQ(pick_device_memory_type(load("nvidia-rebar.txt"), 1u << 5), 5);
  EXPECT_EQ(pick_device_memory_type(load("nvidia-ampere.txt"), 1u << 4), 4);  // a host type only when nothing else is allowed
  EXPECT_EQ(pick_device_memory_type(load("nvidia-ampere.txt"), 0), -1);
}

// The VRAM test's error records: the BAR window where there is one (the shader's atomics stay on
// the device), plain host memory as the fallback.
TEST(SharedMemoryType, TheBarWindowFirstThenHostMemory) {
  EXPECT_EQ(pick_shared_memory_type(load("nvidia-ampere.txt")), 5);
  EXPECT_EQ(pick_shared_memory_type(load("nvidia-rebar.txt")), 5);
  EXPECT_EQ(pick_shared_memory_type(load("nvidia-pascal.txt")), 9);
  EXPECT_EQ(pick_shared_memory_type(load("nvidia-ampere.txt"), false), 3);
  EXPECT_EQ(pick_shared_memory_type(load("lavapipe.txt")), 0);
  EXPECT_EQ(pick_shared_memory_type(load("lavapipe.txt"), false), -1);
}

}  // namespace
}  // namespace rigcheck
