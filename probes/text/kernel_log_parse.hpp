#pragma once
// A whole pasted kernel log -> the events that matter (pure: text in, facts out).
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "reports/host_facts.hpp"

namespace rigcheck {

struct ParsedKernelLog {
  std::vector<KernelLogEvent> events;  // of the last boot in the text, in log order
  std::uint64_t lines_read = 0;        // non-blank lines looked at (all boots), kmsg dictionary lines not counted
  std::uint64_t garbage_lines = 0;     // lines skipped because they held control bytes or NUL
  int earlier_boots_dropped = 0;       // boots before the last one (journalctl without -b, kern.log)
  // Whether the text reaches back to the start of the boot ("Linux version" banner, a first stamp
  // under one second, or /dev/kmsg record 0). false: the ring buffer wrapped and BAR messages from
  // boot may be gone. nullopt: the text has no stamps to tell.
  std::optional<bool> starts_at_boot;
};

// Accepts /dev/kmsg records, dmesg (with or without stamps, -T, -H, -x), journalctl -k and syslog
// lines, CRLF line ends and junk lines. Only the last boot counts: a BAR failure from a boot before
// the user fixed the firmware must not fail today's machine.
ParsedKernelLog parse_kernel_log(std::string_view text);

}  // namespace rigcheck
