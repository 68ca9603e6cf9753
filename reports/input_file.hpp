#pragma once
// Reading a file the user (or a replayed machine) handed us, safely: opened without blocking
// (a FIFO never hangs the run), only regular files (not /dev/zero, a FIFO, a socket or a folder),
// and never more than a cap (a report or a kernel log cannot grow memory without bound).
// sysfs and procfs attributes are regular files that claim a size of 0 or 4096: they are read
// to their end like any other, under the same cap.
#include <cstddef>
#include <string>

#include "reports/result.hpp"

namespace rigcheck {

// Stored reports: a burn-in's telemetry is a few MiB.
inline constexpr std::size_t kReportMaxBytes = std::size_t{256} << 20;
// Policy files are a few hundred bytes.
inline constexpr std::size_t kPolicyMaxBytes = std::size_t{1} << 20;
// A sysfs or procfs attribute; /proc/cpuinfo of a 512-thread machine is ~1 MiB.
inline constexpr std::size_t kSystemFileMaxBytes = std::size_t{8} << 20;

enum class OverCap {
  refuse,     // larger than the cap: an error saying so
  keep_tail,  // keep the last `max_bytes` (logs: the end is the newest)
};

struct InputText {
  std::string text;
  bool truncated = false;  // keep_tail dropped the beginning
};

// Errors are short reasons for "<what> '<path>': <reason>": "no such file", "permission
// denied", "is a directory", "is not a regular file (a FIFO)", "is larger than 256 MiB".
Result<InputText> read_input_file(const std::string& path, std::size_t max_bytes, OverCap over_cap = OverCap::refuse);

}  // namespace rigcheck
