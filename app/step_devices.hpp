#pragma once
// Which backend each step uses for each device. --backend auto: CUDA for the GPUs the CUDA
// runtime sees (the established tools' path on NVIDIA cards: all precisions, pinned memory,
// peers) and Vulkan for every other device (AMD/Intel GPUs, the CPU device); when a CUDA run
// fails, the step falls back to the same card's Vulkan device and says so. The CPU Vulkan device
// (lavapipe) is tested only when there is no GPU.
#include <optional>
#include <string>
#include <vector>

#include "app/options.hpp"
#include "kernels/backend.hpp"

namespace rigcheck {

struct StepDevice {
  BackendDeviceInfo primary;                  // backend "cuda" or "vulkan"
  std::optional<BackendDeviceInfo> fallback;  // the same card on Vulkan, when primary is CUDA
};

// Devices in CUDA order then Vulkan order; `notes` says why a backend was unusable.
std::vector<StepDevice> step_devices(const GlobalOptions& options, std::vector<std::string>& notes);

// Which backends this build has: "vulkan" or "cuda, vulkan".
bool built_with_cuda();

}  // namespace rigcheck
