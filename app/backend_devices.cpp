#include "app/backend_devices.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace rigcheck {

namespace {

// The architecture facts the backend reports, where the probes (NVML) left them unknown.
GpuEntry& with_device_facts(GpuEntry& gpu, const BackendDeviceInfo& device) {
  if (!gpu.compute_capability && device.compute_capability) gpu.compute_capability = device.compute_capability;
  if (!gpu.sm_count && device.sm_count) gpu.sm_count = device.sm_count;
  return gpu;
}

}  // namespace

GpuEntry& gpu_entry_for(Report& report, const BackendDeviceInfo& device) {
  // By PCI address; a device without one (the CPU Vulkan device) by its name, so every step of
  // a run lands in the same entry.
  for (auto& gpu : report.gpus) {
    if (device.pci_bdf ? gpu.pci.bdf == *device.pci_bdf : gpu.pci.bdf.empty() && gpu.name == device.name)
      return with_device_facts(gpu, device);
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
  return with_device_facts(report.gpus.back(), device);
}

void add_notes_once(Report& report, const std::vector<std::string>& notes) {
  for (const auto& note : notes)
    if (std::find(report.notes.begin(), report.notes.end(), note) == report.notes.end()) report.notes.push_back(note);
}

}  // namespace rigcheck
