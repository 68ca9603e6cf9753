#pragma once
// Reads the NVML series at the moments measurements ran: the SM clock over each compute
// measurement's timed window (a throttled sample shows), and the GPU temperature at each VRAM
// error record (errors only when hot point at cooling). Pure: the series must be in the entry.
#include "reports/model.hpp"

namespace rigcheck {

void annotate_from_telemetry(GpuEntry& gpu);

}  // namespace rigcheck
