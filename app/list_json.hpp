#pragma once
// `rigcheck list --format json` (list_json.cpp). With --sysroot only the PCI part: NVML and the
// compute backends answer for this machine, not for the replayed one.
#include "app/device_inventory.hpp"
#include "app/options.hpp"
#include "probes/file_source.hpp"

namespace rigcheck {

// `inventory`: the devices the tests use (null for a --sysroot replay).
int print_list_json(const GlobalOptions& options, const FileSource& files, const DeviceInventory* inventory);

}  // namespace rigcheck
