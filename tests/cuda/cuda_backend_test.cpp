// The CUDA backend's device list: what a person sees from `rigcheck list` on a GPU, and on a
// machine without one a clear answer instead of a crash. Parsing helpers run everywhere.
#include <gtest/gtest.h>

#include <regex>

#include "kernels/cuda/cuda_backend.hpp"
#include "tests/cuda/cuda_test_device.hpp"

namespace rigcheck {
namespace {

TEST(CudaPciBusId, IsTheLowerCaseFormTheVulkanBackendAndSysfsUse) {
  EXPECT_EQ(normalize_pci_bus_id("0000:13:00.0"), "0000:13:00.0");
  EXPECT_EQ(normalize_pci_bus_id("0000:AF:00.0"), "0000:af:00.0");
  EXPECT_EQ(normalize_pci_bus_id("00000000:0A:1F.7"), "0000:0a:1f.7");  // NVML's 8-digit domain
  EXPECT_EQ(normalize_pci_bus_id("0001:3b:00.1"), "0001:3b:00.1");
}

TEST(CudaPciBusId, AnythingElseIsNotAnAddress) {
  EXPECT_EQ(normalize_pci_bus_id(""), std::nullopt);
  EXPECT_EQ(normalize_pci_bus_id("13:00.0"), std::nullopt);
  EXPECT_EQ(normalize_pci_bus_id("0000:13:00"), std::nullopt);
  EXPECT_EQ(normalize_pci_bus_id("0000:1g:00.0"), std::nullopt);
  EXPECT_EQ(normalize_pci_bus_id("10000:13:00.0"), std::nullopt);
}

TEST(CudaVersionString, DecodesTheRuntimeEncoding) {
  EXPECT_EQ(cuda_version_string(11080), "11.8");
  EXPECT_EQ(cuda_version_string(12040), "12.4");
  EXPECT_EQ(cuda_version_string(13000), "13.0");
}

// Runs on every machine: no GPU or no driver is an empty list or an error that says why.
TEST(CudaBackend, ListingNeverCrashesAndExplainsAMissingDriver) {
  auto backend = make_cuda_backend();
  EXPECT_EQ(backend->name(), "cuda");
  auto devices = backend->list_devices();
  const int count = cuda_test::device_count();
  if (count > 0) {
    ASSERT_TRUE(devices.ok()) << devices.error();
    EXPECT_EQ(devices->size(), static_cast<std::size_t>(count));
  } else if (devices.ok()) {
    EXPECT_TRUE(devices->empty());
  } else {
    EXPECT_FALSE(devices.error().empty());
    std::printf("no CUDA devices here: %s\n", devices.error().c_str());
  }
}

TEST(CudaBackend, OpeningADeviceThatDoesNotExistIsAnError) {
  auto opened = make_cuda_backend()->open_vram_device(1000);
  ASSERT_FALSE(opened.ok());
  EXPECT_FALSE(opened.error().empty());
}

TEST(CudaBackend, EveryDeviceIsDescribed) {
  REQUIRE_CUDA_DEVICE();
  auto devices = make_cuda_backend()->list_devices();
  ASSERT_TRUE(devices.ok()) << devices.error();
  const std::regex bdf("[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]");
  for (std::size_t i = 0; i < devices->size(); ++i) {
    const auto& d = (*devices)[i];
    EXPECT_EQ(d.backend, "cuda");
    EXPECT_EQ(d.index, i);
    EXPECT_FALSE(d.name.empty());
    EXPECT_TRUE(d.type == DeviceType::discrete || d.type == DeviceType::integrated);
    EXPECT_EQ(d.vendor_id, 0x10deu);
    EXPECT_FALSE(d.driver_version.empty());
    EXPECT_FALSE(d.api_version.empty());
    ASSERT_TRUE(d.pci_bdf.has_value());
    EXPECT_TRUE(std::regex_match(*d.pci_bdf, bdf)) << *d.pci_bdf;
    EXPECT_GT(d.device_local_bytes, 0u);
    ASSERT_EQ(d.heaps.size(), 1u);
    EXPECT_EQ(d.heaps[0].size_bytes, d.device_local_bytes);
    std::printf("%s %s: %.1f GiB, driver CUDA %s, runtime %s\n", d.pci_bdf->c_str(), d.name.c_str(),
                static_cast<double>(d.device_local_bytes) / (1ull << 30), d.driver_version.c_str(),
                d.api_version.c_str());
  }
}

}  // namespace
}  // namespace rigcheck
