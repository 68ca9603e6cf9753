// --gpu parsed once and resolved the same way by every command; the device list built once.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/gpu_selection.hpp"
#include "app/run_devices.hpp"
#include "probes/display_probe.hpp"
#include "tests/steps/step_fixture.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using testing::devices_of;
using testing::fake_gpu;

std::vector<StepDevice> three_gpus() {
  fake::Spec spec;
  spec.devices = {fake_gpu("0000:03:00.0"), fake_gpu("0000:04:00.0"), fake_gpu("0000:81:00.0")};
  return devices_of(spec);
}

TEST(GpuSelection, ParsesEveryForm) {
  EXPECT_TRUE(parse_gpu_selection("all")->all());
  auto list = parse_gpu_selection("0,2");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->items.size(), 2u);
  EXPECT_EQ(std::get<GpuSelection::Number>(list->items[1]).value, 2u);
  auto pci = parse_gpu_selection("0000:81:00.0,04:00.0");
  ASSERT_TRUE(pci);
  EXPECT_EQ(std::get<GpuSelection::PciAddress>(pci->items[1]).text, "04:00.0");
  for (const char* bad : {"", "x", ",", "-1", "03:00", "all,1"}) EXPECT_FALSE(parse_gpu_selection(bad)) << bad;
}

TEST(GpuSelection, NumbersAndAddressesPickTheSameDevices) {
  auto by_number = select_devices(*parse_gpu_selection("2"), three_gpus());
  auto by_address = select_devices(*parse_gpu_selection("81:00.0"), three_gpus());
  ASSERT_TRUE(by_number);
  ASSERT_TRUE(by_address);
  ASSERT_EQ(by_number->size(), 1u);
  ASSERT_EQ(by_address->size(), 1u);
  EXPECT_EQ(by_number->front().primary.info.pci_bdf, by_address->front().primary.info.pci_bdf);
  EXPECT_EQ(by_number->front().number, 2u);  // keeps the number `rigcheck list` printed
  EXPECT_TRUE(by_number->front().named);
  auto all = select_devices(GpuSelection{}, three_gpus());
  EXPECT_EQ(all->size(), 3u);
  EXPECT_FALSE(all->front().named);
}

TEST(GpuSelection, NoMatchIsOneLineListingTheDevices) {
  auto none = select_devices(*parse_gpu_selection("99"), three_gpus());
  ASSERT_FALSE(none);
  EXPECT_THAT(none.error(), HasSubstr("--gpu 99 matches no device"));
  EXPECT_THAT(none.error(), HasSubstr("2 Fake GPU 0000:81:00.0"));
  EXPECT_EQ(none.error().find('\n'), std::string::npos);
  EXPECT_FALSE(select_devices(*parse_gpu_selection("0,05:00.0"), three_gpus()));
}

TEST(DeviceInventory, TheCpuDeviceIsLeftOutBesideAGpu) {
  fake::Spec spec;
  auto cpu = fake_gpu("");
  cpu.type = DeviceType::cpu;
  spec.devices = {cpu, fake_gpu()};
  auto inventory = enumerate_devices({fake::make_fake_backend(spec)});
  ASSERT_EQ(inventory.devices.size(), 1u);
  EXPECT_EQ(inventory.devices[0].number, 0u);
  EXPECT_THAT(::testing::PrintToString(inventory.notes), HasSubstr("CPU Vulkan device is left out"));
}

TEST(DisplayProbe, AConnectedConnectorMarksItsCard) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "rigcheck-display-probe";
  fs::remove_all(root);
  fs::create_directories(root / "sys/devices/pci0000:00/0000:00:02.0");
  fs::create_directories(root / "sys/devices/pci0000:00/0000:03:00.0");
  fs::create_directories(root / "sys/class/drm/card0-HDMI-A-1");
  fs::create_directories(root / "sys/class/drm/card1-DP-1");
  fs::create_directories(root / "sys/class/drm/card0");
  fs::create_directories(root / "sys/class/drm/card1");
  fs::create_directory_symlink("../../../devices/pci0000:00/0000:00:02.0", root / "sys/class/drm/card0/device");
  fs::create_directory_symlink("../../../devices/pci0000:00/0000:03:00.0", root / "sys/class/drm/card1/device");
  std::ofstream(root / "sys/class/drm/card0-HDMI-A-1/status") << "connected\n";
  std::ofstream(root / "sys/class/drm/card1-DP-1/status") << "disconnected\n";
  FileSource files(root);
  EXPECT_THAT(pci_devices_with_connected_screen(files), ::testing::ElementsAre("0000:00:02.0"));
  EXPECT_EQ(drm_card_of_connector("card12-eDP-1"), "card12");
  EXPECT_EQ(drm_card_of_connector("renderD128"), "");
  EXPECT_EQ(drm_card_of_connector("card0"), "");

  fake::Spec spec;
  spec.devices = {fake_gpu("0000:00:02.0"), fake_gpu("0000:03:00.0")};
  auto devices = devices_of(spec);
  devices[0].named = true;
  mark_display_devices(devices, files, Report{});
  EXPECT_TRUE(devices[0].drives_display);
  ASSERT_TRUE(devices[0].memory_cap_bytes);  // named: tested within a cap
  EXPECT_LT(*devices[0].memory_cap_bytes, devices[0].primary.info.device_local_bytes);
  EXPECT_FALSE(devices[1].drives_display);
}

}  // namespace
}  // namespace rigcheck
