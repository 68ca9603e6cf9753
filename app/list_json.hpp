#pragma once
// `rigcheck list --format json` (list_json.cpp). With --sysroot only the PCI part: NVML and the
// compute backends answer for this machine, not for the replayed one.
#include "app/options.hpp"
#include "probes/file_source.hpp"

namespace rigcheck {

int print_list_json(const GlobalOptions& options, const FileSource& files);

}  // namespace rigcheck
