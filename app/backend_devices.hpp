#pragma once
// Joins backend devices (Vulkan, CUDA) to the report's GPU entries by PCI address; a device with
// no PCI address (the CPU Vulkan device) gets an entry of its own.
#include <string>
#include <vector>

#include "kernels/backend.hpp"
#include "reports/model.hpp"

namespace rigcheck {

GpuEntry& gpu_entry_for(Report& report, const BackendDeviceInfo& device);

// Adds each note to the report unless it is there already.
void add_notes_once(Report& report, const std::vector<std::string>& notes);

}  // namespace rigcheck
