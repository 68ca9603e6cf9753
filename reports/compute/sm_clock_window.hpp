#pragma once
// The SM clock while one compute measurement's timed repeats ran, read from the NVML series at
// judging time (the stored measurement is never changed): a throttled sample shows.
#include <optional>

#include "reports/compute/compute_result.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck {

struct SmClockOverWindow {
  double median_mhz = 0;
  double min_mhz = 0;
};

// From `telemetry` when it holds samples inside the window; else the figures an older report
// stored in the measurement; nullopt when neither (no sampler, or a window shorter than one sample).
std::optional<SmClockOverWindow> sm_clock_over_window(const Throughput& throughput, const Telemetry* telemetry);

}  // namespace rigcheck
