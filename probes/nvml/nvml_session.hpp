#pragma once
// An initialised NVML: the loaded library plus the handle of every device that answered.
// Destroying the last owner calls nvmlShutdown and unloads the library; the sampler shares
// ownership, so the library stays loaded while it runs.
#include <memory>
#include <string>
#include <vector>

#include "probes/nvml/nvml_library.hpp"

namespace rigcheck {

class NvmlSession {
 public:
  struct Device {
    std::string bdf;  // sysfs form
    int nvml_index = 0;
    nvml_api::Device handle = nullptr;
  };

  NvmlSession(std::unique_ptr<NvmlLibrary> library, std::vector<Device> devices)
      : library_(std::move(library)), devices_(std::move(devices)) {}
  ~NvmlSession();
  NvmlSession(const NvmlSession&) = delete;
  NvmlSession& operator=(const NvmlSession&) = delete;

  const NvmlLibrary& library() const { return *library_; }
  const std::vector<Device>& devices() const { return devices_; }

 private:
  std::unique_ptr<NvmlLibrary> library_;  // initialised (nvmlInit succeeded)
  std::vector<Device> devices_;
};

}  // namespace rigcheck
