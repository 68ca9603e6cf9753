#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reports/json_fields.hpp"
#include "reports/measurements.hpp"

namespace rigcheck {
namespace {

Measurements sample() {
  Measurements m;
  VramTestResult v;
  v.backend = "vulkan";
  v.device_name = "llvmpipe";
  v.total_memory_bytes = 2ull << 30;
  v.tested_bytes = 1ull << 30;
  v.coverage_fraction = 0.5;
  v.patterns = {"own_address"};
  v.error_count = 5000000000ull;  // beyond 32 bits
  v.records.push_back({1, 0x100000004ull, 0xff, 0xfe, 0xfe, "own_address", 1, 2.5, 71.0});
  v.bit_histogram[0] = 5000000000ull;
  v.popcount_histogram[1] = 5000000000ull;
  v.lowest_failing_address_bytes = 0x100000004ull;
  v.injected_faults.push_back({0x100000004ull, 0});
  v.copy_bandwidth_bytes_per_s = 1e9;
  v.pattern_stats.push_back({"own_address", 5, 2ull << 30, 0.5});
  v.notes = {"no VK_EXT_memory_budget"};
  m.vram = v;
  m.bandwidth = BandwidthResult{"vulkan", {{"shader_copy", 1 << 20, 5, 2e9, 1e9, 3e9}}};
  return m;
}

TEST(MeasurementsJson, RoundTrips) {
  const auto m = sample();
  const nlohmann::json j = m;
  const auto back = j.get<Measurements>();
  ASSERT_TRUE(back.vram && back.bandwidth);
  EXPECT_EQ(nlohmann::json(back), j);
  EXPECT_EQ(back.vram->error_count, 5000000000ull);
  EXPECT_EQ(back.vram->records[0].temperature_celsius, 71.0);
  EXPECT_EQ(j["vram"]["bit_histogram"].size(), 32u);
  EXPECT_EQ(j["vram"]["popcount_histogram"].size(), 33u);
}

// Measurements stay raw: the classification of VRAM errors is judged from the records. Reports
// written before that carry a "classification" object, and still load.
TEST(MeasurementsJson, VramErrorsAreStoredRawAndOldClassificationsStillLoad) {
  nlohmann::json j = sample();
  EXPECT_FALSE(j["vram"].contains("classification"));
  j["vram"]["classification"] = {{"kind", "stuck"}, {"stuck_records", 1}, {"transient_records", 0},
                                 {"data_line_bits", {0}}};
  const auto back = j.get<Measurements>();
  ASSERT_TRUE(back.vram);
  EXPECT_EQ(back.vram->records.size(), 1u);
  EXPECT_EQ(nlohmann::json(back), nlohmann::json(sample()));
}

TEST(MeasurementsJson, NotMeasuredIsNullAndEmptyObjectLoads) {
  const nlohmann::json j = Measurements{};
  EXPECT_TRUE(j["vram"].is_null());
  EXPECT_TRUE(j["bandwidth"].is_null());
  EXPECT_FALSE(nlohmann::json::object().get<Measurements>().vram);
}

TEST(MeasurementsJson, BadFieldsNameTheirPath) {
  nlohmann::json j = sample();
  j["vram"]["records"][0]["expected"] = "x";
  try {
    (void)j.get<Measurements>();
    FAIL() << "expected a FieldError";
  } catch (const json_fields::FieldError& e) {
    EXPECT_NE(std::string(e.what()).find("measurements.vram.records[0].expected"), std::string::npos) << e.what();
  }
  j = sample();
  j["vram"]["bit_histogram"].erase(0);
  EXPECT_THROW((void)j.get<Measurements>(), json_fields::FieldError);
  j = sample();
  j["bandwidth"].erase("device_copies");
  EXPECT_THROW((void)j.get<Measurements>(), json_fields::FieldError);
}

}  // namespace
}  // namespace rigcheck
