#pragma once
// The charts of one GPU for the HTML report, as inline SVG (svg_chart.hpp): power with the
// enforced limit, temperature with the slowdown threshold, SM clock, the clock-event-reason bits
// as a timeline, burn throughput per interval, the VRAM error bit histogram and compute
// throughput per precision against the spec peak. Each chart appears when its data is there; a
// series that the sampler could not read says why instead.
#include <string>

#include "reports/model.hpp"

namespace rigcheck {

std::string html_gpu_charts(const GpuEntry& gpu);

}  // namespace rigcheck
