#pragma once
// `rigcheck gather`: the files the probes read, laid out as on the machine (sys/, proc/, etc/)
// plus kernel-log.txt, packed with tar so that `--sysroot DIR` replays the machine (hwloc's
// gather-topology idea). Nothing private beyond hardware facts: the hostname is left out.
#include <string>

#include "probes/file_source.hpp"
#include "reports/result.hpp"

namespace rigcheck {

// Copies what `recorded` read into `staging_dir` (files at their resolved places, links as links).
Result<int> stage_recorded_files(const FileSource& recorded, const std::string& staging_dir,
                                 const std::string& kernel_log_text);

// Runs `tar -czf archive -C dir .` (no shell). Errors name tar's exit status.
Result<bool> pack_directory(const std::string& dir, const std::string& archive_path);

}  // namespace rigcheck
