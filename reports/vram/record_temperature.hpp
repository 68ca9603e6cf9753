#pragma once
// The GPU temperature when a VRAM error record was found, read from the NVML series when the
// report is judged; the stored record is never changed. Errors found only while the card was hot
// point at cooling (judge_vram.cpp). Pure.
#include <optional>
#include <vector>

#include "reports/measurements.hpp"
#include "reports/nvml/telemetry_series.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck {

// A sample further than this from the record's moment says nothing about it.
inline constexpr double kRecordTemperatureMaxGapS = 1.0;

// The GPU temperatures of one VRAM run's error records: the series' temperature column is read
// once, then each record looks up the sample nearest its moment on the telemetry clock
// (vram.telemetry_start_s + record.time_s). Without a series or a start time, or with no sample
// near enough, a record's temperature is what an older report stored in it, if any.
class VramRecordTemperatures {
 public:
  VramRecordTemperatures(const VramTestResult& vram, const Telemetry* telemetry);
  std::optional<double> celsius(const VramErrorRecord& record) const;

 private:
  std::optional<double> start_s_;
  std::vector<SeriesPoint> temperatures_;
};

}  // namespace rigcheck
