#pragma once
// Reads the PCI facts rigcheck needs from sysfs (through a FileSource, so --sysroot replays work).
// Needs no driver: this is how a card that the driver cannot bring up is still diagnosed.
#include <string>
#include <vector>

#include "probes/file_source.hpp"
#include "reports/pci_facts.hpp"

namespace rigcheck {

// Every display-class device (class 0x03xxxx) of any vendor, in bus order, with its BARs, link,
// slot (parent bridge) link and AER counters of the card and of its root port.
struct PciScan {
  std::vector<PciFacts> display_devices;
  std::vector<ReadProblem> problems;  // e.g. /sys/bus/pci/devices unreadable
  // Devices whose class could not be read: any of them may be a GPU that was not seen.
  std::vector<ReadProblem> unreadable_devices;
};
PciScan read_display_devices(const FileSource& files);

// The card's link as sysfs shows it now (read again and again while a transfer runs: speed
// and width under load). Unreadable files leave the fields empty.
PciLink read_current_pci_link(const FileSource& files, const std::string& bdf);

// Every PCI device: address, ids, class (compared with `lspci -Dn` in tests).
Result<std::vector<PciDeviceId>> read_all_pci_devices(const FileSource& files);

}  // namespace rigcheck
