#pragma once
// The host probe: memory, CPU, kernel, distribution, NVIDIA driver version and kernel command line,
// read through a FileSource (so `--sysroot` replays a gathered machine).
#include "probes/file_source.hpp"
#include "reports/host_facts.hpp"

namespace rigcheck {

// Files read (machine-absolute paths, under the FileSource's root):
//   /proc/meminfo, /proc/cpuinfo, /proc/sys/kernel/osrelease, /proc/sys/kernel/hostname,
//   /etc/os-release (else /usr/lib/os-release), /proc/driver/nvidia/version, /proc/cmdline.
// A file that cannot be read or parsed adds a ReadProblem {path, reason} and leaves its fields
// nullopt; a missing /proc/driver/nvidia/version is normal without a driver and is no problem.
// `kernel_log` is left empty: read_kernel_log fills it.
HostFacts read_host_facts(const FileSource& files);

}  // namespace rigcheck
