#pragma once
// One telemetry sample of one device: the NVML calls behind each column of the series, raw
// (return code + value) so the sampler can tell "not supported" from "the GPU is gone".
#include <array>
#include <cstddef>
#include <string_view>

#include "probes/nvml/nvml_library.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck {

inline constexpr std::size_t kSampleColumnCount = 12;

// Sampled columns in table order (the table's first column, t_s, comes before these).
inline constexpr std::array<std::string_view, kSampleColumnCount> kSampleColumns = {
    telemetry_column::power_w,          telemetry_column::temp_gpu_c,   telemetry_column::temp_mem_c,
    telemetry_column::sm_clock_mhz,     telemetry_column::mem_clock_mhz, telemetry_column::clock_event_reasons,
    telemetry_column::util_gpu_pct,     telemetry_column::util_mem_pct, telemetry_column::pcie_gen,
    telemetry_column::pcie_width,       telemetry_column::fan_pct,      telemetry_column::pcie_replay_count};

struct CellRead {
  nvml_api::Return code = nvml_api::kErrorFunctionNotFound;
  double value = 0;                  // meaningful only when code is success
  const char* symbol = "";           // the NVML function behind the cell
  bool symbol_missing = false;       // the library lacks it
};

using SampleRead = std::array<CellRead, kSampleColumnCount>;

// Makes about 11 NVML calls (utilisation answers two columns). Never throws.
SampleRead read_sample(const NvmlLibrary& library, nvml_api::Device device);

}  // namespace rigcheck
