#include <gtest/gtest.h>

#include "probes/nvml/bus_id.hpp"

namespace rigcheck {
namespace {

TEST(NvmlBusId, EightDigitDomainBecomesSysfsForm) {
  EXPECT_EQ(normalize_nvml_bus_id("00000000:13:00.0"), "0000:13:00.0");
  EXPECT_EQ(normalize_nvml_bus_id("00000000:C1:00.0"), "0000:c1:00.0");
  EXPECT_EQ(normalize_nvml_bus_id("0000:03:00.0"), "0000:03:00.0");
  EXPECT_EQ(normalize_nvml_bus_id("00010000:01:00.0"), "10000:01:00.0");  // VMD domain, as sysfs writes it
}

TEST(NvmlBusId, RejectsWhatIsNotABusId) {
  EXPECT_FALSE(normalize_nvml_bus_id(""));
  EXPECT_FALSE(normalize_nvml_bus_id("13:00.0"));
  EXPECT_FALSE(normalize_nvml_bus_id("0000:13:00"));
  EXPECT_FALSE(normalize_nvml_bus_id("0000:zz:00.0"));
  EXPECT_FALSE(normalize_nvml_bus_id("0000:13:20.0"));  // device is 5 bits
}

TEST(NvmlBusId, FromNumbers) { EXPECT_EQ(bdf_from_numbers(0, 0x13, 0), "0000:13:00.0"); }

}  // namespace
}  // namespace rigcheck
