#pragma once
// The devices a run tests, enumerated once per run and handed to every step. Backends come in
// order of preference (kernels/backend_factory.hpp): a device of a later backend that is the same
// card (same PCI address) as one of an earlier backend becomes that device's fallback — when the
// preferred backend fails, the step runs the workload there and says so. The CPU Vulkan device
// (lavapipe) is kept only when there is no GPU. Nothing here names a backend.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernels/backend.hpp"

namespace rigcheck {

struct DeviceRef {
  std::shared_ptr<Backend> backend;
  BackendDeviceInfo info;
};

struct StepDevice {
  DeviceRef primary;
  std::size_t number = 0;             // as `rigcheck list` and --gpu N number it
  std::optional<DeviceRef> fallback;  // the same card on a later backend
  bool drives_display = false;        // boot VGA or a connected screen: loaded only when named
  bool named = false;                 // chosen by --gpu by index or PCI address (not `all`)
  std::optional<std::uint64_t> memory_cap_bytes;  // a display GPU: free memory minus a margin
};

struct DeviceInventory {
  std::vector<StepDevice> devices;  // numbered as `rigcheck list` prints them
  std::vector<std::string> notes;   // why a backend was unusable, which devices were left out
};

// Lists every backend's devices once and joins them into step devices.
DeviceInventory enumerate_devices(const std::vector<std::shared_ptr<Backend>>& backends);

// "0 Tesla P40 (cuda 0, PCI 0000:03:00.0)": how messages and `list` name a device.
std::string describe_step_device(const StepDevice& device);

}  // namespace rigcheck
