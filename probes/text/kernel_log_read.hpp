#pragma once
// Where the kernel log comes from: `--kernel-log FILE`, else `<sysroot>/kernel-log.txt` in a replay,
// else the running kernel's /dev/kmsg. Every failure becomes "unavailable: reason", never a throw.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "probes/file_source.hpp"
#include "reports/host_facts.hpp"
#include "reports/result.hpp"

namespace rigcheck {

// A kernel log is a few hundred KiB; 16 MiB bounds a pasted multi-boot journal. Longer text keeps
// its end (the last boot is what is judged).
inline constexpr std::size_t kKernelLogMaxBytes = std::size_t{16} << 20;

struct KernelLogRead {
  KernelLogFacts facts;
  std::string raw_text;             // exactly what was read: `rigcheck gather` stores it as kernel-log.txt
  std::vector<std::string> notes;   // one line each, for Report::notes (earlier boots, wrapped ring buffer...)
  // Set when the --kernel-log FILE the user named cannot be read: a bad input file (exit 2).
  std::optional<std::string> input_error;
};

// `explicit_path` is the --kernel-log value (a path on this machine, not under the sysroot) or "".
KernelLogRead read_kernel_log(const FileSource& files, const std::string& explicit_path);

// The records of a /dev/kmsg-like device, read without blocking until there are no more (EAGAIN)
// or `max_bytes` were read. Errors: "permission denied", "no such file", ...
Result<std::string> read_kmsg_records(const std::string& device_path, std::size_t max_bytes = kKernelLogMaxBytes);

// A whole file, binary-safe, keeping its last `max_bytes`; `truncated` says whether any was dropped.
struct CappedText {
  std::string text;
  bool truncated = false;
};
Result<CappedText> read_file_tail(const std::string& host_path, std::size_t max_bytes = kKernelLogMaxBytes);

}  // namespace rigcheck
