#include "app/backend_devices.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include <fmt/format.h>

namespace rigcheck {

GpuEntry& gpu_entry_for(Report& report, const BackendDeviceInfo& device) {
  // By PCI address; a device without one (the CPU Vulkan device) by its name, so every step of
  // a run lands in the same entry.
  for (auto& gpu : report.gpus) {
    if (device.pci_bdf ? gpu.pci.bdf == *device.pci_bdf : gpu.pci.bdf.empty() && gpu.name == device.name) return gpu;
  }
  GpuEntry gpu;
  gpu.index = static_cast<int>(report.gpus.size());
  gpu.name = device.name;
  gpu.pci.bdf = device.pci_bdf.value_or("");
  if (device.vendor_id <= 0xffff) gpu.pci.vendor_id = static_cast<std::uint16_t>(device.vendor_id);
  if (device.device_id <= 0xffff) gpu.pci.device_id = static_cast<std::uint16_t>(device.device_id);
  gpu.pci.name = device.name;
  gpu.pci.name_source = "none";
  if (!device.pci_bdf)
    report.notes.push_back(fmt::format("{} device '{}' has no PCI address ({})", device.backend, device.name,
                                       device.type == DeviceType::cpu ? "a CPU device: it tests host memory and the "
                                                                        "test pipeline, not a GPU"
                                                                      : "VK_EXT_pci_bus_info missing"));
  report.gpus.push_back(std::move(gpu));
  return report.gpus.back();
}

void add_notes_once(Report& report, const std::vector<std::string>& notes) {
  for (const auto& note : notes)
    if (std::find(report.notes.begin(), report.notes.end(), note) == report.notes.end()) report.notes.push_back(note);
}

double seconds_since(std::chrono::steady_clock::time_point origin) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - origin).count();
}

bool gpu_selected(const std::string& selection, const GpuEntry& gpu) {
  if (selection.empty() || selection == "all") return true;
  std::stringstream list(selection);
  std::string item;
  while (std::getline(list, item, ',')) {
    if (item == gpu.pci.bdf || (!gpu.pci.bdf.empty() && gpu.pci.bdf.ends_with(item) && item.find(':') != std::string::npos))
      return true;
    if (item == std::to_string(gpu.index)) return true;
  }
  return false;
}

void ProgressPrinter::print(const std::string& line, bool final_line) {
  if (quiet_) return;
  double now_s = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  if (!final_line && now_s - last_print_s_ < 1.0) return;
  last_print_s_ = now_s;
  fmt::print(stderr, "{}\n", line);
}

}  // namespace rigcheck
