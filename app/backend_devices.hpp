#pragma once
// Joins backend devices (Vulkan, CUDA) to the report's GPU entries by PCI address; a device with
// no PCI address (the CPU Vulkan device) gets an entry of its own.
#include <chrono>
#include <string>
#include <vector>

#include "kernels/backend.hpp"
#include "reports/model.hpp"

namespace rigcheck {

GpuEntry& gpu_entry_for(Report& report, const BackendDeviceInfo& device);

// Adds each note to the report unless it is there already (every step lists the devices).
void add_notes_once(Report& report, const std::vector<std::string>& notes);

// Seconds from `origin` (the telemetry clock's t = 0) to now.
double seconds_since(std::chrono::steady_clock::time_point origin);

// Does --gpu (all | N[,N] | PCI address) select this backend device? N is the GPU index in the report.
bool gpu_selected(const std::string& selection, const GpuEntry& gpu);

// Progress lines on stderr at most once a second (and at the end), unless --quiet.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet) : quiet_(quiet) {}
  void print(const std::string& line, bool final_line);

 private:
  bool quiet_;
  double last_print_s_ = -10;
};

}  // namespace rigcheck
