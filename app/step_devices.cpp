#include "app/step_devices.hpp"

#include <algorithm>

#include <fmt/format.h>

#ifdef RIGCHECK_HAVE_CUDA
#include "kernels/cuda/cuda_backend.hpp"
#endif

namespace rigcheck {
namespace {

std::vector<BackendDeviceInfo> devices_of(Backend& backend, std::vector<std::string>& notes) {
  auto devices = backend.list_devices();
  if (!devices) {
    notes.push_back(fmt::format("{} not used: {}", backend.name(), devices.error()));
    return {};
  }
  return *devices;
}

// The CPU Vulkan device proves the pipeline on machines without a GPU; beside a GPU it would
// only compete with the GPU's feeding thread for the CPU.
void drop_cpu_devices_beside_gpus(std::vector<StepDevice>& devices, std::vector<std::string>& notes) {
  const bool any_gpu = std::any_of(devices.begin(), devices.end(),
                                   [](const StepDevice& d) { return d.primary.type != DeviceType::cpu; });
  if (!any_gpu) return;
  const auto cpu = std::remove_if(devices.begin(), devices.end(),
                                  [](const StepDevice& d) { return d.primary.type == DeviceType::cpu; });
  if (cpu != devices.end()) notes.push_back("the CPU Vulkan device is left out: GPUs are present");
  devices.erase(cpu, devices.end());
}

std::optional<BackendDeviceInfo> vulkan_twin(const std::vector<BackendDeviceInfo>& vulkan, const BackendDeviceInfo& cuda) {
  if (!cuda.pci_bdf) return std::nullopt;
  for (const auto& v : vulkan)
    if (v.pci_bdf == cuda.pci_bdf) return v;
  return std::nullopt;
}

}  // namespace

bool built_with_cuda() {
#ifdef RIGCHECK_HAVE_CUDA
  return true;
#else
  return false;
#endif
}

std::vector<StepDevice> step_devices(const GlobalOptions& options, std::vector<std::string>& notes) {
  std::vector<BackendDeviceInfo> vulkan;
  if (options.backend != "cuda") vulkan = devices_of(*make_vulkan_backend(), notes);
  std::vector<BackendDeviceInfo> cuda;
#ifdef RIGCHECK_HAVE_CUDA
  if (options.backend != "vulkan") cuda = devices_of(*make_cuda_backend(), notes);
#else
  if (options.backend == "cuda") notes.push_back("this rigcheck was built without CUDA (nvcc was not found at build time)");
#endif
  std::vector<StepDevice> out;
  for (const auto& c : cuda) out.push_back({c, vulkan_twin(vulkan, c)});
  for (const auto& v : vulkan) {
    bool covered = false;
    for (const auto& c : cuda) covered = covered || (v.pci_bdf && c.pci_bdf == v.pci_bdf);
    if (!covered) out.push_back({v, std::nullopt});
  }
  drop_cpu_devices_beside_gpus(out, notes);
  return out;
}

}  // namespace rigcheck
