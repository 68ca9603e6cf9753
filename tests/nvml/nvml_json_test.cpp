// NVML facts and telemetry survive a JSON round trip, and bad input names the field.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/json_fields.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck {
namespace {

using nlohmann::json;

NvmlFacts sample_facts() {
  NvmlFacts f;
  f.nvml_index = 1;
  f.bdf = "0000:13:00.0";
  f.name = NvmlValue<std::string>::measured("Tesla P40");
  f.power_limit_default_watts = NvmlValue<double>::measured(250.0);
  f.ecc_enabled_current = NvmlValue<bool>::measured(false);
  f.retired_pages_double_bit = NvmlValue<std::uint64_t>::measured(2);
  f.cuda_compute_capability = NvmlValue<std::string>::measured("6.1");
  f.remapped_rows_pending = NvmlValue<bool>::not_supported("not supported on this device");
  f.pcie_gen_device_max = NvmlValue<int>::not_available("driver lacks nvmlDeviceGetGpuMaxPcieLinkGeneration");
  return f;
}

TEST(NvmlJson, FactsRoundTripWithReasons) {
  json j = sample_facts();
  EXPECT_EQ(j["name"], "Tesla P40");
  EXPECT_TRUE(j["remapped_rows_pending"].is_null());
  EXPECT_EQ(j["unavailable"]["remapped_rows_pending"]["state"], "not_supported");
  auto back = j.get<NvmlFacts>();
  EXPECT_EQ(back.bdf, "0000:13:00.0");
  EXPECT_EQ(back.name.value, "Tesla P40");
  EXPECT_EQ(back.power_limit_default_watts.value, 250.0);
  EXPECT_EQ(back.retired_pages_double_bit.value, 2u);
  EXPECT_EQ(back.cuda_compute_capability.value, "6.1");
  EXPECT_EQ(back.remapped_rows_pending.state, NvmlValueState::not_supported);
  EXPECT_EQ(back.pcie_gen_device_max.reason, "driver lacks nvmlDeviceGetGpuMaxPcieLinkGeneration");
  EXPECT_EQ(json(back), j);
}

TEST(NvmlJson, NullWithoutAReasonIsRejectedByName) {
  json j = sample_facts();
  j["unavailable"].erase("remapped_rows_pending");
  try {
    (void)j.get<NvmlFacts>();
    FAIL() << "no error";
  } catch (const json_fields::FieldError& e) {
    EXPECT_NE(std::string(e.what()).find("facts.nvml.remapped_rows_pending"), std::string::npos) << e.what();
  }
  json wrong = sample_facts();
  wrong["name"] = 5;
  EXPECT_THROW((void)wrong.get<NvmlFacts>(), json_fields::FieldError);
}

TEST(NvmlJson, AFactAnOlderReportLacksReadsAsNotRecorded) {
  json j = sample_facts();
  ASSERT_TRUE(j.contains("cuda_compute_capability"));
  j.erase("cuda_compute_capability");
  j["unavailable"].erase("cuda_compute_capability");
  const auto back = j.get<NvmlFacts>();
  EXPECT_EQ(back.cuda_compute_capability.state, NvmlValueState::not_available);
  EXPECT_NE(back.cuda_compute_capability.reason.find("older rigcheck"), std::string::npos);
  EXPECT_EQ(back.name.value, "Tesla P40");
}

TEST(NvmlJson, SystemFactsRoundTrip) {
  NvmlSystemFacts s;
  s.loaded = true;
  s.library = "libnvidia-ml.so.1";
  s.init_error = "NVML_ERROR_DRIVER_NOT_LOADED: Driver Not Loaded";
  s.fix_hint = "load the module";
  s.device_count = NvmlValue<int>::not_available("nvmlInit failed");
  s.missing_symbols = {"nvmlDeviceGetRemappedRows"};
  json j = s;
  auto back = j.get<NvmlSystemFacts>();
  EXPECT_EQ(json(back), j);
  EXPECT_EQ(back.init_error, s.init_error);
  EXPECT_EQ(back.device_count.state, NvmlValueState::not_available);
}

TEST(NvmlJson, TelemetryRoundTripWritesMasksAsIntegers) {
  Telemetry t;
  t.interval_s = 0.1;
  t.columns = {"t_s", "power_w", "clock_event_reasons", "fan_pct"};
  t.rows = {{0.0, 51.5, 12.0, std::nullopt}, {0.1, 250.0, 4.0, std::nullopt}};
  t.unavailable = {{"fan_pct", "not supported on this device"}};
  t.error = TelemetryError{0.2, "GPU is lost"};
  json j = t;
  EXPECT_EQ(j["rows"][0][2].dump(), "12");
  EXPECT_EQ(j["rows"][0][1].dump(), "51.5");
  EXPECT_TRUE(j["rows"][0][3].is_null());
  auto back = j.get<Telemetry>();
  EXPECT_EQ(back.rows, t.rows);
  EXPECT_EQ(back.error->message, "GPU is lost");
  EXPECT_EQ(json(back), j);
}

TEST(NvmlJson, TelemetryRowOfWrongWidthIsRejected) {
  Telemetry t;
  t.columns = {"t_s", "power_w"};
  t.rows = {{0.0, 1.0}};
  json j = t;
  j["rows"][0].push_back(3);
  try {
    (void)j.get<Telemetry>();
    FAIL() << "no error";
  } catch (const json_fields::FieldError& e) {
    EXPECT_NE(std::string(e.what()).find("telemetry.rows[0]"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rigcheck
