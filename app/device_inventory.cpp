#include "app/device_inventory.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace rigcheck {
namespace {

// The CPU Vulkan device proves the pipeline on machines without a GPU; beside a GPU it would
// only compete with the GPU's feeding thread for the CPU.
void drop_cpu_devices_beside_gpus(std::vector<StepDevice>& devices, std::vector<std::string>& notes) {
  const auto is_cpu = [](const StepDevice& d) { return d.primary.info.type == DeviceType::cpu; };
  if (std::all_of(devices.begin(), devices.end(), is_cpu)) return;
  const auto cpu = std::remove_if(devices.begin(), devices.end(), is_cpu);
  if (cpu != devices.end()) notes.push_back("the CPU Vulkan device is left out: GPUs are present");
  devices.erase(cpu, devices.end());
}

StepDevice* same_card(std::vector<StepDevice>& devices, const BackendDeviceInfo& info) {
  if (!info.pci_bdf) return nullptr;
  for (auto& d : devices)
    if (d.primary.info.pci_bdf == info.pci_bdf) return &d;
  return nullptr;
}

}  // namespace

DeviceInventory enumerate_devices(const std::vector<std::shared_ptr<Backend>>& backends) {
  DeviceInventory inventory;
  for (const auto& backend : backends) {
    auto listed = backend->list_devices();
    if (!listed) {
      inventory.notes.push_back(fmt::format("{} not used: {}", backend->name(), listed.error()));
      continue;
    }
    for (auto& info : *listed) {
      if (StepDevice* earlier = same_card(inventory.devices, info)) {
        if (!earlier->fallback) earlier->fallback = DeviceRef{backend, std::move(info)};
        continue;
      }
      StepDevice device;
      device.primary = DeviceRef{backend, std::move(info)};
      inventory.devices.push_back(std::move(device));
    }
  }
  drop_cpu_devices_beside_gpus(inventory.devices, inventory.notes);
  for (std::size_t i = 0; i < inventory.devices.size(); ++i) inventory.devices[i].number = i;
  return inventory;
}

std::string describe_step_device(const StepDevice& device) {
  const auto& info = device.primary.info;
  return fmt::format("{} {} ({} {}{})", device.number, info.name, info.backend, info.index,
                     info.pci_bdf ? ", PCI " + *info.pci_bdf : std::string());
}

}  // namespace rigcheck
