#pragma once
// Pure parsers of the host files the host probe reads (text in, facts out).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rigcheck {

// /proc/meminfo: "MemTotal:       16318412 kB" (the kernel's "kB" is KiB). MemAvailable is missing
// before Linux 3.14.
struct MemInfo {
  std::optional<std::uint64_t> total_bytes;
  std::optional<std::uint64_t> available_bytes;
};
MemInfo parse_meminfo(std::string_view text);

// /proc/cpuinfo: the model of the first processor ("model name" on x86; "Model", "cpu model", "cpu"
// or "Hardware" elsewhere; arm64 often names none) and the number of "processor" entries.
struct CpuInfo {
  std::optional<std::string> model;
  std::optional<int> logical_cores;
};
CpuInfo parse_cpuinfo(std::string_view text);

// os-release(5): PRETTY_NAME, else "NAME VERSION", else NAME; shell quoting removed.
std::optional<std::string> parse_os_release(std::string_view text);

// /proc/driver/nvidia/version: "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.183.01  Sun ..."
// or "... Open Kernel Module for x86_64  550.54.14  Release Build ..." -> "535.183.01".
std::optional<std::string> parse_nvidia_driver_version(std::string_view text);

// Whether the kernel command line turns on `pci=realloc` (kernel-parameters.txt: "realloc" is
// "realloc=on"; options are comma-separated; the last setting wins).
bool cmdline_has_pci_realloc(std::string_view cmdline);

}  // namespace rigcheck
