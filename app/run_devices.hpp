#pragma once
// The devices a command tests: every backend's devices enumerated once (--backend), narrowed by
// --gpu, and the GPUs that drive a screen marked (probed, loaded only when named, then within
// their free memory).
#include <optional>
#include <string>
#include <vector>

#include "app/device_inventory.hpp"
#include "app/options.hpp"
#include "probes/file_source.hpp"
#include "reports/model.hpp"

namespace rigcheck {

// nullopt after one line on stderr (a bad --gpu or --backend, a --gpu that matches no device:
// exit 2). Never a device the selection did not name.
std::optional<DeviceInventory> devices_for_command(const GlobalOptions& options);

// Kept free on a screen's GPU named with --gpu: the desktop's own allocations grow.
inline constexpr std::uint64_t kDisplayMarginBytes = 512ull << 20;

// Marks each device that is the boot VGA device (per `report`'s PCI facts) or has a connected
// screen (read through `files`), and gives a named one its memory cap.
void mark_display_devices(std::vector<StepDevice>& devices, const FileSource& files, const Report& report);

// Free memory minus the margin, from the device's memory budget; unknown: a quarter of it.
std::uint64_t display_memory_cap_bytes(const BackendDeviceInfo& info);

}  // namespace rigcheck
