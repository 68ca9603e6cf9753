#pragma once
// What the host says about itself (/proc, /etc, the kernel log), read with or without a driver.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reports/pci_facts.hpp"

namespace rigcheck {

enum class KernelEventKind {
  bar_assign_failed,        // "BAR 1 [mem size ...]: can't assign; no space" / "no space for" / "failed to assign"
  bar_no_compatible_window, // "can't claim BAR 1 ...: no compatible bridge window"
  bar_above_4g_unsupported, // "can't handle BAR above 4GB"
  nvrm_invalid_bar,         // "NVRM: This PCI I/O region assigned to your NVIDIA device is invalid" / "BAR1 is 0M @ 0x0"
  nvrm_bios_misconfigured,  // "NVRM: The system BIOS may have misconfigured your GPU."
  nvidia_probe_failed,      // "nvidia: probe of 0000:13:00.0 failed with error -1"
  rm_init_adapter_failed,   // "NVRM: GPU 0000:13:00.0: RmInitAdapter failed! (0x24:0x72:1447)"
  power_cables_missing,     // "GPU does not have the necessary power cables connected"
  xid,                      // "NVRM: Xid (PCI:0000:13:00): 79, ..."
  fallen_off_bus,           // "GPU has fallen off the bus"
  aer_error,                // "AER: Corrected error received: 0000:13:00.0" and friends
};

std::string to_string(KernelEventKind kind);
std::optional<KernelEventKind> kernel_event_kind_from_string(const std::string& text);

struct KernelLogEvent {
  KernelEventKind kind = KernelEventKind::xid;
  std::optional<std::string> bdf;  // full "0000:13:00.0" or, for Xid lines, the "0000:13:00" prefix
  std::optional<int> bar;          // BAR index when the line names one
  std::optional<std::uint64_t> size_bytes;
  std::optional<std::string> code;      // RmInitAdapter code "0x24:0x72:1447"
  std::optional<int> xid;               // Xid number
  std::optional<std::string> severity;  // AER: "Corrected" | "Uncorrected (Non-Fatal)" | "Uncorrected (Fatal)"
  std::optional<double> time_s;         // seconds since boot when the line carries a stamp
  std::string line;                     // the message text as found
};

struct KernelLogFacts {
  std::string source;  // "/dev/kmsg", "dmesg", a file path, or "none"
  bool available = false;
  std::string unavailable_reason;  // e.g. "permission denied reading /dev/kmsg: run as root or ..."
  std::uint64_t lines_read = 0;
  std::vector<KernelLogEvent> events;
};

struct HostFacts {
  std::optional<std::string> hostname;
  std::optional<std::uint64_t> memory_total_bytes;
  std::optional<std::uint64_t> memory_available_bytes;
  std::optional<std::string> cpu_model;
  std::optional<int> cpu_logical_cores;
  std::optional<std::string> kernel_release;
  std::optional<std::string> distribution;
  std::optional<std::string> nvidia_driver_version;  // /proc/driver/nvidia/version
  std::optional<std::string> kernel_cmdline;
  std::vector<ReadProblem> problems;
  // PCI devices that may be GPUs but could not be read (class unreadable, a dangling device
  // link, /sys/bus/pci/devices unlistable): nothing about them was seen, so the verdict cannot be sound.
  std::vector<ReadProblem> unreadable_pci_devices;
  KernelLogFacts kernel_log;
};

}  // namespace rigcheck
