#pragma once
// What sysfs says about one PCI display-class device, its slot (parent bridge) and root port.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rigcheck {

// A file the probes could not read, and why (permission denied, malformed, missing).
struct ReadProblem {
  std::string path;
  std::string reason;
};

// One line of sysfs `resource`; index 0-5 are BARs, 6 the expansion ROM.
struct PciBar {
  int index = 0;
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::uint64_t flags = 0;
  std::uint64_t size_bytes = 0;
  bool is_memory = false;
  bool is_64bit = false;
  bool is_prefetchable = false;
  bool is_assigned = false;  // false when start is 0 or the UNSET/DISABLED flag is set
  // Bitmap of supported sizes from `resourceN_resize` (bit 0 = 1 MiB); only with Resizable BAR.
  std::optional<std::uint64_t> resizable_sizes_mask;
};

struct PciLink {
  std::optional<double> current_speed_gts;
  std::optional<double> max_speed_gts;
  std::optional<int> current_width;
  std::optional<int> max_width;
};

// AER counters from aer_dev_{correctable,nonfatal,fatal}: per error name plus the TOTAL_ERR_* line.
struct AerCounts {
  std::map<std::string, std::uint64_t> correctable;
  std::map<std::string, std::uint64_t> nonfatal;
  std::map<std::string, std::uint64_t> fatal;
  std::optional<std::uint64_t> total_correctable;
  std::optional<std::uint64_t> total_nonfatal;
  std::optional<std::uint64_t> total_fatal;
};

struct PciFacts {
  std::string bdf;  // "0000:13:00.0"
  std::uint16_t vendor_id = 0;
  std::uint16_t device_id = 0;
  std::uint16_t subsystem_vendor_id = 0;
  std::uint16_t subsystem_device_id = 0;
  std::uint32_t class_code = 0;  // 0x030000 VGA, 0x030200 3D controller
  std::string name;              // from the card table, else pci.ids, else "unknown device"
  std::string name_source;       // "card-table" | "pci.ids" | "none"
  std::optional<std::string> driver;  // bound driver ("nvidia", "nouveau", "vfio-pci"), none when unbound
  std::optional<bool> boot_vga;       // the firmware's display device
  std::vector<PciBar> bars;
  PciLink link;                       // the card's own link
  std::optional<std::string> slot_bdf;  // the parent bridge (slot or riser switch port)
  PciLink slot_link;
  std::optional<AerCounts> aer;
  std::optional<std::string> root_port_bdf;
  std::optional<AerCounts> root_port_aer;
  std::vector<ReadProblem> problems;
};

// A minimal record of every PCI device (used to compare with lspci and to size the topology).
struct PciDeviceId {
  std::string bdf;
  std::uint16_t vendor_id = 0;
  std::uint16_t device_id = 0;
  std::uint32_t class_code = 0;
};

}  // namespace rigcheck
