// probe_nvml through the real dlopen path, against the fake libraries.
#include <algorithm>

#include <gtest/gtest.h>

#include "probes/nvml/nvml_probe.hpp"
#include "tests/nvml/fake_scenario.hpp"

namespace rigcheck {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(NvmlProbe, DeviceCountAboveThePciDevicesIsAnErrorNotALoop) {
  test::use_scenario("count_overflow");
  auto probe = probe_nvml(FAKE_NVML_PATH);
  EXPECT_EQ(probe.system.device_count.state, NvmlValueState::not_available);
  EXPECT_NE(probe.system.device_count.reason.find("4294967295"), std::string::npos) << probe.system.device_count.reason;
  EXPECT_TRUE(probe.devices.empty());
}

TEST(NvmlProbe, HealthyP40sWithEccOff) {
  test::use_scenario("p40_healthy_ecc_off");
  auto probe = probe_nvml(FAKE_NVML_PATH);
  const auto& s = probe.system;
  ASSERT_TRUE(s.loaded) << s.load_error.value_or("");
  ASSERT_TRUE(s.initialized) << s.init_error.value_or("");
  EXPECT_EQ(s.init_symbol, "nvmlInit_v2");
  EXPECT_EQ(s.driver_version.value, "580.95.05");
  EXPECT_EQ(s.cuda_driver_version.value, "13.0");
  EXPECT_EQ(s.device_count.value, 2);
  EXPECT_TRUE(s.missing_symbols.empty());
  ASSERT_NE(probe.session, nullptr);
  ASSERT_EQ(probe.devices.size(), 2u);

  const auto& [bdf, f] = probe.devices[0];
  EXPECT_EQ(bdf, "0000:13:00.0");  // NVML's 8-digit domain in sysfs form
  EXPECT_EQ(f.bdf, bdf);
  EXPECT_EQ(probe.devices[1].first, "0000:03:00.0");
  EXPECT_EQ(f.name.value, "Tesla P40");
  EXPECT_EQ(f.pci_device_id.value, "1b3810de");
  EXPECT_EQ(f.bar1_total_bytes.value, 32ull << 30);
  EXPECT_DOUBLE_EQ(*f.power_limit_default_watts, 250.0);
  EXPECT_DOUBLE_EQ(*f.power_limit_min_watts, 125.0);
  EXPECT_EQ(f.temp_slowdown_celsius.value, 92);
  EXPECT_EQ(f.temp_shutdown_celsius.value, 95);
  EXPECT_EQ(f.max_mem_clock_mhz.value, 3615);
  EXPECT_EQ(f.ecc_enabled_current.value, false);
  EXPECT_EQ(f.pcie_gen_max.value, 3);
  EXPECT_EQ(f.pcie_width_max.value, 16);
  EXPECT_EQ(f.compute_mode.value, "default");
  EXPECT_EQ(f.performance_state.value, 8);
  EXPECT_EQ(f.retired_pages_pending.value, false);
  EXPECT_EQ(f.cuda_compute_capability.value, "6.1");  // nvmlDeviceGetCudaComputeCapability: 6, 1
  // Not a sentinel, not a zero: the reason.
  EXPECT_FALSE(f.temp_gpu_max_celsius.has_value());
  EXPECT_EQ(f.temp_gpu_max_celsius.state, NvmlValueState::not_supported);
  EXPECT_EQ(f.remapped_rows_pending.state, NvmlValueState::not_supported);
  EXPECT_EQ(f.ecc_volatile_corrected.state, NvmlValueState::not_supported);
}

TEST(NvmlProbe, PendingRetiredPagesAreRead) {
  test::use_scenario("p40_retired_pages_pending");
  auto probe = probe_nvml(FAKE_NVML_PATH);
  ASSERT_EQ(probe.devices.size(), 1u);
  const auto& f = probe.devices[0].second;
  EXPECT_EQ(f.ecc_enabled_current.value, true);
  EXPECT_EQ(f.retired_pages_double_bit.value, 2u);
  EXPECT_EQ(f.retired_pages_single_bit.value, 1u);
  EXPECT_EQ(f.retired_pages_pending.value, true);
  EXPECT_EQ(f.ecc_volatile_uncorrected.value, 2u);
  EXPECT_EQ(f.ecc_aggregate_corrected.value, 41u);
}

TEST(NvmlProbe, OldDriverWithoutV2SymbolsFallsBack) {
  test::use_scenario("old_driver");
  auto probe = probe_nvml(FAKE_NVML_OLD_PATH);
  const auto& s = probe.system;
  ASSERT_TRUE(s.initialized) << s.init_error.value_or("");
  EXPECT_EQ(s.init_symbol, "nvmlInit");
  EXPECT_EQ(s.cuda_driver_version.value, "11.4");
  EXPECT_TRUE(contains(s.missing_symbols, "nvmlDeviceGetRemappedRows"));
  EXPECT_TRUE(contains(s.missing_symbols, "nvmlDeviceGetFieldValues"));
  ASSERT_EQ(probe.devices.size(), 1u);
  const auto& f = probe.devices[0].second;
  EXPECT_EQ(f.bdf, "0000:13:00.0");  // from the legacy 16-byte bus id
  EXPECT_EQ(f.name.value, "Tesla P40");
  EXPECT_EQ(f.remapped_rows_corrected.state, NvmlValueState::not_available);
  EXPECT_EQ(f.remapped_rows_corrected.reason, "driver lacks nvmlDeviceGetRemappedRows");
  EXPECT_EQ(f.pcie_gen_device_max.reason, "driver lacks nvmlDeviceGetGpuMaxPcieLinkGeneration");
  // The scenario gives no compute capability: a reason, never "0.0".
  EXPECT_EQ(f.cuda_compute_capability.state, NvmlValueState::not_supported);
}

TEST(NvmlProbe, MissingLibrarySaysNoDriverInstalled) {
  auto probe = probe_nvml("/nonexistent/libnvidia-ml.so.1");
  const auto& s = probe.system;
  EXPECT_FALSE(s.loaded);
  EXPECT_FALSE(s.initialized);
  ASSERT_TRUE(s.load_error);
  EXPECT_NE(s.load_error->find("library not found"), std::string::npos);
  ASSERT_TRUE(s.fix_hint);
  EXPECT_NE(s.fix_hint->find("no NVIDIA driver installed"), std::string::npos);
  EXPECT_EQ(s.device_count.state, NvmlValueState::not_available);
  EXPECT_EQ(probe.session, nullptr);
  EXPECT_TRUE(probe.devices.empty());
}

TEST(NvmlProbe, InitFailureCarriesTheDriverMessageAndAFix) {
  test::use_scenario("init_driver_not_loaded");
  auto probe = probe_nvml(FAKE_NVML_PATH);
  const auto& s = probe.system;
  EXPECT_TRUE(s.loaded);
  EXPECT_FALSE(s.initialized);
  EXPECT_EQ(s.init_error, "NVML_ERROR_DRIVER_NOT_LOADED: Driver Not Loaded");
  ASSERT_TRUE(s.fix_hint);
  EXPECT_NE(s.fix_hint->find("nvidia kernel module is not loaded"), std::string::npos);
  EXPECT_EQ(probe.session, nullptr);
}

TEST(NvmlProbe, ALibraryWithoutNvmlSymbolsIsRejected) {
  // libm is a real shared library without any nvml symbol.
  auto probe = probe_nvml("libm.so.6");
  EXPECT_FALSE(probe.system.loaded);
  ASSERT_TRUE(probe.system.load_error);
  EXPECT_NE(probe.system.load_error->find("lacks nvmlInit_v2"), std::string::npos);
}

}  // namespace
}  // namespace rigcheck
