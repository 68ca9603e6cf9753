#pragma once
// Reads the once-per-device facts (NvmlFacts) of one NVML device. Never fails as a whole: each
// value that cannot be read says why.
#include "probes/nvml/nvml_library.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck {

// `bdf` is filled from the PCI info when NVML gives one.
NvmlFacts read_nvml_facts(const NvmlLibrary& library, nvml_api::Device device, int nvml_index);

}  // namespace rigcheck
