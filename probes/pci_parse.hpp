#pragma once
// Pure parsers for the sysfs PCI files (formats: the kernel's sysfs ABI, docs/host.md). No I/O here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/pci_facts.hpp"
#include "reports/result.hpp"

namespace rigcheck {

// sysfs `resource` flags (include/linux/ioport.h).
inline constexpr std::uint64_t kResourceIo = 0x100;
inline constexpr std::uint64_t kResourceMem = 0x200;
inline constexpr std::uint64_t kResourcePrefetch = 0x2000;
inline constexpr std::uint64_t kResourceMem64 = 0x100000;
inline constexpr std::uint64_t kResourceDisabled = 0x10000000;
inline constexpr std::uint64_t kResourceUnset = 0x20000000;

// `resource`: one "0x%016llx 0x%016llx 0x%016llx" line per resource; returns BARs 0-5 and the ROM (6)
// that have a size (empty slots are left out). A malformed line is an error naming the line.
Result<std::vector<PciBar>> parse_resource(std::string_view text);

// "8.0 GT/s PCIe", "8 GT/s", "2.5 GT/s" -> GT/s; "Unknown" or garbage -> nullopt.
std::optional<double> parse_link_speed_gts(std::string_view text);

// aer_dev_correctable / aer_dev_nonfatal / aer_dev_fatal: "NAME count" lines, the TOTAL_ERR_* line last.
struct AerFile {
  std::vector<std::pair<std::string, std::uint64_t>> counts;  // without the TOTAL line
  std::optional<std::uint64_t> total;
};
Result<AerFile> parse_aer_file(std::string_view text);

// "0000:13:00.0" (domain:bus:device.function).
bool is_pci_address(std::string_view text);

// The PCIe generation that a speed in GT/s belongs to (2.5 -> 1, 5 -> 2, 8 -> 3, 16 -> 4, 32 -> 5, 64 -> 6).
std::optional<int> pcie_generation(double speed_gts);

}  // namespace rigcheck
