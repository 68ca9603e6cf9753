#include "probes/text/kernel_log_read.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "probes/text/kernel_log_parse.hpp"
#include "reports/input_file.hpp"

namespace rigcheck {
namespace {

constexpr const char* kKmsgPath = "/dev/kmsg";
constexpr const char* kSysrootLogPath = "/kernel-log.txt";

std::string errno_reason(int error) {
  if (error == EACCES || error == EPERM) return "permission denied";
  if (error == ENOENT) return "no such file";
  return std::strerror(error);
}

KernelLogRead unavailable(std::string source, std::string reason) {
  KernelLogRead read;
  read.facts.source = std::move(source);
  read.facts.available = false;
  read.facts.unavailable_reason = std::move(reason);
  return read;
}

// Parse what was read and say what the text could not show.
KernelLogRead from_text(std::string source, std::string text, bool truncated) {
  KernelLogRead read;
  auto parsed = parse_kernel_log(text);
  read.facts.source = source;
  read.facts.lines_read = parsed.lines_read;
  read.facts.events = std::move(parsed.events);
  if (parsed.lines_read == parsed.garbage_lines) {
    read.facts.available = false;
    read.facts.unavailable_reason = fmt::format("{} holds no kernel messages", source);
  } else {
    read.facts.available = true;
  }
  if (truncated)
    read.notes.push_back(fmt::format("kernel log {0} is larger than {1} MiB: only {1} MiB of it were read", source,
                                     kKernelLogMaxBytes >> 20));
  if (parsed.earlier_boots_dropped > 0)
    read.notes.push_back(fmt::format("kernel log {} holds {} earlier boot(s): only the last boot is judged", source,
                                     parsed.earlier_boots_dropped));
  if (parsed.garbage_lines > 0)
    read.notes.push_back(fmt::format("kernel log {}: {} unreadable line(s) skipped", source, parsed.garbage_lines));
  if (read.facts.available && parsed.starts_at_boot == false)
    read.notes.push_back(fmt::format(
        "kernel log {} does not reach back to boot (the ring buffer wrapped): BAR messages from boot may be "
        "missing; save `journalctl -k -b` to a file and pass it with --kernel-log",
        source));
  read.raw_text = std::move(text);
  return read;
}

}  // namespace

Result<CappedText> read_file_tail(const std::string& host_path, std::size_t max_bytes) {
  auto input = read_input_file(host_path, max_bytes, OverCap::keep_tail);
  if (!input) return Error{input.error()};
  return CappedText{std::move(input->text), input->truncated};
}

Result<std::string> read_kmsg_records(const std::string& device_path, std::size_t max_bytes) {
  // Non-blocking: /dev/kmsg blocks at the end of the buffer waiting for new records.
  int fd = ::open(device_path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return Error{errno_reason(errno)};
  std::string text;
  // One read() returns one record; 8 KiB holds the longest (printk's limit is 1 KiB of text plus
  // the dictionary). EINVAL would mean a record longer than the buffer.
  std::array<char, 16 * 1024> record{};
  int error = 0;
  while (text.size() < max_bytes) {
    auto got = ::read(fd, record.data(), record.size());
    if (got > 0) {
      text.append(record.data(), static_cast<std::size_t>(got));
      continue;
    }
    if (got == 0) break;                   // a regular file (tests) ends
    if (errno == EINTR) continue;
    if (errno == EPIPE) continue;          // records were overwritten while we read: go on with the next
    if (errno != EAGAIN) error = errno;    // EAGAIN: no more records
    break;
  }
  ::close(fd);
  if (error != 0 && text.empty()) return Error{errno_reason(error)};
  return text;
}

KernelLogRead read_kernel_log(const FileSource& files, const std::string& explicit_path) {
  if (!explicit_path.empty()) {
    auto file = read_file_tail(explicit_path);
    if (!file) {
      auto reason = fmt::format("cannot read --kernel-log {}: {}", explicit_path, file.error());
      auto read = unavailable(explicit_path, reason);
      read.input_error = reason;
      return read;
    }
    return from_text(explicit_path, std::move(file->text), file->truncated);
  }

  if (!files.is_host_root()) {
    auto path = files.host_path(kSysrootLogPath).string();
    if (!files.exists(kSysrootLogPath))
      return unavailable("none", "no kernel-log.txt in the sysroot");
    auto file = read_file_tail(path);
    if (!file) return unavailable(path, fmt::format("cannot read {}: {}", path, file.error()));
    return from_text(path, std::move(file->text), file->truncated);
  }

  auto records = read_kmsg_records(kKmsgPath);
  if (!records) {
    if (records.error() == "permission denied")
      return unavailable(kKmsgPath,
                         "permission denied reading /dev/kmsg (kernel.dmesg_restrict): run rigcheck as root, or "
                         "`sudo sysctl kernel.dmesg_restrict=0`, or save `sudo dmesg > kernel.log` and pass "
                         "--kernel-log kernel.log");
    if (records.error() == "no such file")
      return unavailable("none",
                         "no /dev/kmsg here (a container?): save `dmesg` on the host and pass --kernel-log FILE");
    return unavailable(kKmsgPath, fmt::format("cannot read /dev/kmsg: {}", records.error()));
  }
  bool truncated = records->size() >= kKernelLogMaxBytes;
  return from_text(kKmsgPath, std::move(*records), truncated);
}

}  // namespace rigcheck
