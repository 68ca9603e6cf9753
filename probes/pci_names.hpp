#pragma once
// Names for PCI ids: the project's card table first, then Debian's pci.ids when installed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rigcheck {

struct PciName {
  std::string name;
  std::string source;  // "card-table" | "pci.ids" | "none"
};

// Pure: finds "vendor device" in pci.ids text ("10de  NVIDIA Corporation" / "\t1b38  GP102GL [Tesla P40]").
std::optional<std::string> find_in_pci_ids(std::string_view pci_ids_text, std::uint16_t vendor_id,
                                           std::uint16_t device_id);

// Card table, then the pci.ids of this host (a naming database, not a machine fact: never the sysroot's).
PciName name_pci_device(std::uint16_t vendor_id, std::uint16_t device_id);

}  // namespace rigcheck
