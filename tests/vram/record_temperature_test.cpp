// The temperature at each VRAM error record is read from the NVML series when the report is
// judged (reports/vram/record_temperature.hpp, read once per run): the stored record stays as measured, an older
// report's stored temperature still counts, and errors found only while hot get the cooling advice.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/policy.hpp"
#include "reports/vram/judge_vram.hpp"
#include "reports/vram/record_temperature.hpp"

namespace rigcheck {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

// One row per 0.1 s from t = 0 to 9.9 s, the temperature rising 1 °C per second from 80 °C.
Telemetry series() {
  Telemetry t;
  t.columns = {"t_s", "temp_gpu_c"};
  for (int i = 0; i < 100; ++i) {
    const double time = 0.1 * i;
    t.rows.push_back({time, 80 + static_cast<int>(time)});
  }
  return t;
}

VramErrorRecord record_at(double time_s, std::optional<double> stored_celsius = std::nullopt) {
  VramErrorRecord r;
  r.address_bytes = 0x40;
  r.expected = 1;
  r.actual = 0;
  r.reread = 1;
  r.pattern = "own_address";
  r.pass = 1;
  r.time_s = time_s;
  r.temperature_celsius = stored_celsius;
  return r;
}

TEST(VramRecordTemperature, TheSampleNearestTheRecordsMomentOnTheTelemetryClock) {
  const auto telemetry = series();
  VramTestResult vram;
  vram.telemetry_start_s = 2.0;
  auto celsius = [&](const VramErrorRecord& r, const Telemetry* t) { return VramRecordTemperatures(vram, t).celsius(r); };
  EXPECT_EQ(celsius(record_at(3.0), &telemetry), 85);  // t = 5.0 s
  EXPECT_FALSE(celsius(record_at(30.0), &telemetry));  // after the series
  // An older report stored it in the record: kept when the series has nothing near.
  EXPECT_EQ(celsius(record_at(30.0, 91.0), &telemetry), 91);
  EXPECT_EQ(celsius(record_at(3.0, 91.0), nullptr), 91);
  vram.telemetry_start_s.reset();
  EXPECT_FALSE(celsius(record_at(3.0), &telemetry));
}

TEST(VramRecordTemperature, ErrorsOnlyWhileHotGetTheCoolingAdviceAndTheRecordIsNotChanged) {
  auto policy = load_policy("gpt2-finetune");
  ASSERT_TRUE(policy);
  GpuEntry gpu;
  gpu.telemetry = series();
  VramTestResult vram;
  vram.telemetry_start_s = 2.0;
  vram.tested_bytes = vram.requested_bytes = vram.total_memory_bytes = 1ull << 30;
  vram.coverage_fraction = 1;
  vram.error_count = 1;
  vram.records = {record_at(6.0)};  // t = 8.0 s: 88 °C
  gpu.measurements.vram = vram;
  policy->vram_integrity.only_when_hot_celsius = 85;
  const Check hot = judge_vram_integrity(gpu, *policy);
  EXPECT_EQ(hot.status, CheckStatus::fail);
  EXPECT_THAT(hot.advice, Contains(HasSubstr("only at 85 °C or more")));
  EXPECT_FALSE(gpu.measurements.vram->records[0].temperature_celsius);  // judging reads, never writes
  policy->vram_integrity.only_when_hot_celsius = 90;
  EXPECT_THAT(judge_vram_integrity(gpu, *policy).advice, ::testing::Not(Contains(HasSubstr("cooling"))));
}

}  // namespace
}  // namespace rigcheck
