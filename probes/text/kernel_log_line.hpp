#pragma once
// One line of a pasted kernel log, with the tool's prefix taken off. People paste what they have:
//   raw /dev/kmsg records   "6,1234,5678901,-;pci 0000:13:00.0: ..." (+ " SUBSYSTEM=pci" lines)
//   dmesg                   "[   12.345678] pci 0000:13:00.0: ..." or the bare message
//   dmesg -T / -H / -x      "[Fri Nov 27 20:53:33 2026] ...", "[  +0.000012] ...", "kern  :err   : ..."
//   journalctl -k           "Nov 27 20:53:33 host kernel: ..." (also -o short-iso / short-monotonic)
//   syslog kern.log         "Nov 27 20:53:33 host kernel: [   12.345678] ..."
#include <cstdint>
#include <optional>
#include <string_view>

namespace rigcheck {

enum class LogLineKind {
  message,       // a kernel message (possibly empty text after the prefix: see `message`)
  blank,         // nothing but white space, or a journal header such as "-- Logs begin at ..."
  continuation,  // a /dev/kmsg dictionary line (" SUBSYSTEM=pci"): not a message of its own
  boot_marker,   // journalctl's "-- Boot 0123abcd... --" between two boots
  garbage,       // control bytes, NUL, binary junk: skipped
};

struct LogLine {
  LogLineKind kind = LogLineKind::blank;
  std::string_view message;              // the kernel's text, prefix and stamp removed
  std::optional<double> time_s;          // seconds since boot, when the line carries them
  std::optional<std::uint64_t> sequence; // /dev/kmsg record number
  bool starts_boot = false;              // "Linux version ..." : the first message of a boot
};

// `raw` is one line without its line end; the views in the result point into it.
LogLine split_log_line(std::string_view raw);

}  // namespace rigcheck
