#pragma once
// Collects the facts of this machine (or of a --sysroot replay): host, kernel log, PCI display
// devices, NVML facts when a driver answers. No load, no driver needed; seconds.
#include <optional>
#include <string>

#include <memory>

#include "app/options.hpp"
#include "probes/nvml/nvml_session.hpp"
#include "probes/file_source.hpp"
#include "reports/model.hpp"

namespace rigcheck {

struct MachineProbe {
  Report report;                          // facts only: not judged yet
  std::string kernel_log_raw;             // what was read (gather stores it)
  std::optional<std::string> input_error; // a bad input file (--kernel-log unreadable): exit 2
  std::shared_ptr<NvmlSession> nvml;      // open NVML session for the telemetry sampler, or null
};

// The files of this machine, or of --sysroot DIR; nullopt (one line printed) when DIR has no sys/.
std::optional<FileSource> machine_files(const GlobalOptions& options);

// `files` may be recording (gather). Progress goes to stderr unless options.quiet.
MachineProbe probe_machine(const FileSource& files, const GlobalOptions& options, std::string profile);

}  // namespace rigcheck
