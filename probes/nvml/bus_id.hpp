#pragma once
// NVML's PCI bus id ("00000000:13:00.0", 8 hex digits of domain; older drivers "0000:13:00.0")
// in the sysfs form "0000:13:00.0", so NVML devices match PciFacts::bdf.
#include <optional>
#include <string>
#include <string_view>

namespace rigcheck {

// Lower-case "dddd:bb:dd.f" (the domain keeps more digits only when it needs them, as sysfs
// does for VMD domains); nullopt when the text is not a bus id.
std::optional<std::string> normalize_nvml_bus_id(std::string_view text);

// From the numeric fields (function 0, as NVML has no function field).
std::string bdf_from_numbers(unsigned int domain, unsigned int bus, unsigned int device);

}  // namespace rigcheck
