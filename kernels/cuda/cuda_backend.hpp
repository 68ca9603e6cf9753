#pragma once
// The CUDA backend: every device the CUDA runtime reports, opened for the VRAM test with the
// kernels of cuda_vram_kernels.cu (the same patterns and steps as the Vulkan backend).
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "kernels/backend.hpp"

namespace rigcheck {

// Creating it touches no driver; errors come from calls. list_devices() is empty when the
// driver reports no device, and an error that says why when the driver is missing or too old.
// Device `index` is the CUDA runtime's ordinal (CUDA_VISIBLE_DEVICES applies).
std::unique_ptr<Backend> make_cuda_backend();

// What list_devices() says about CUDA device `index` (no context is created).
Result<BackendDeviceInfo> describe_cuda_device(int index);

// cudaDeviceGetPCIBusId's "0000:13:00.0" (or NVML's "00000000:13:00.0"), upper- or lower-case,
// as the "0000:13:00.0" form the Vulkan backend and sysfs use; nullopt when it is not one.
std::optional<std::string> normalize_pci_bus_id(std::string_view bus_id);

// 12040 -> "12.4": the encoding of cudaDriverGetVersion / cudaRuntimeGetVersion.
std::string cuda_version_string(int version);

}  // namespace rigcheck
