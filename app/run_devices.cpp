#include "app/run_devices.hpp"

#include <algorithm>

#include "app/gpu_selection.hpp"
#include "app/output.hpp"
#include "kernels/backend_factory.hpp"
#include "probes/display_probe.hpp"

namespace rigcheck {

std::optional<DeviceInventory> devices_for_command(const GlobalOptions& options) {
  auto selection = parse_gpu_selection(options.gpu_selection);
  if (!selection) {
    print_error(selection.error());
    return std::nullopt;
  }
  auto backends = make_backends(options.backend);
  if (!backends) {
    print_error(backends.error());
    return std::nullopt;
  }
  DeviceInventory inventory = enumerate_devices(backends->backends);
  inventory.notes.insert(inventory.notes.begin(), backends->notes.begin(), backends->notes.end());
  auto selected = select_devices(*selection, std::move(inventory.devices));
  if (!selected) {
    print_error(selected.error());
    return std::nullopt;
  }
  inventory.devices = std::move(*selected);
  return inventory;
}

std::uint64_t display_memory_cap_bytes(const BackendDeviceInfo& info) {
  std::optional<std::uint64_t> free_bytes;
  for (const auto& heap : info.heaps)
    if (heap.device_local && heap.budget_bytes && heap.size_bytes == info.device_local_bytes)
      free_bytes = *heap.budget_bytes - std::min(*heap.budget_bytes, heap.usage_bytes.value_or(0));
  if (!free_bytes) return info.device_local_bytes / 4;
  return *free_bytes > kDisplayMarginBytes ? *free_bytes - kDisplayMarginBytes : 0;
}

void mark_display_devices(std::vector<StepDevice>& devices, const FileSource& files, const Report& report) {
  const auto screens = pci_devices_with_connected_screen(files);
  for (auto& device : devices) {
    const auto& bdf = device.primary.info.pci_bdf;
    if (!bdf) continue;
    const bool screen = std::find(screens.begin(), screens.end(), *bdf) != screens.end();
    const bool boot_vga = std::any_of(report.gpus.begin(), report.gpus.end(), [&](const GpuEntry& gpu) {
      return gpu.pci.bdf == *bdf && gpu.pci.boot_vga.value_or(false);
    });
    device.drives_display = screen || boot_vga;
    if (device.drives_display && device.named) device.memory_cap_bytes = display_memory_cap_bytes(device.primary.info);
  }
}

}  // namespace rigcheck
