#pragma once
// The GPU temperature when a VRAM error record was found, read from the NVML series when the
// report is judged; the stored record is never changed. Errors found only while the card was hot
// point at cooling (judge_vram.cpp). Pure.
#include <optional>

#include "reports/measurements.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck {

// A sample further than this from the record's moment says nothing about it.
inline constexpr double kRecordTemperatureMaxGapS = 1.0;

// The sample of the GPU temperature nearest to the record's moment on the telemetry clock
// (vram.telemetry_start_s + record.time_s). Without a series or a start time, or with no sample
// near enough, it is the temperature an older report stored in the record, if any.
std::optional<double> vram_record_temperature_c(const VramTestResult& vram, const VramErrorRecord& record,
                                                const Telemetry* telemetry);

}  // namespace rigcheck
