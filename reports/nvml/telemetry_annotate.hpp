#pragma once
// Reads the NVML series at the moments measurements ran: the GPU temperature at each VRAM error
// record (errors only when hot point at cooling). Pure: the series must be in the entry. The SM
// clock over a compute window is not written here: the judge reads it from the series
// (reports/compute/sm_clock_window.hpp).
#include "reports/model.hpp"

namespace rigcheck {

void annotate_from_telemetry(GpuEntry& gpu);

}  // namespace rigcheck
