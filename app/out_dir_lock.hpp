#pragma once
// `run --out-dir DIR`, claimed before the first step: the folder is created (or is one), is
// writable, has room for the report set, and is locked for the whole run so two runs never
// mix their files.
#include <string>

#include "reports/result.hpp"

namespace rigcheck {

// report.json with a burn-in's telemetry, summaries and the HTML page stay well below this.
inline constexpr unsigned long long kOutDirMinFreeBytes = 64ull << 20;

// Holds the lock (an flock on DIR/.rigcheck.lock holding our PID) until destroyed.
class OutDirLock {
 public:
  explicit OutDirLock(int fd) : fd_(fd) {}
  OutDirLock(OutDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  OutDirLock(const OutDirLock&) = delete;
  OutDirLock& operator=(const OutDirLock&) = delete;
  OutDirLock& operator=(OutDirLock&&) = delete;
  ~OutDirLock();

 private:
  int fd_;
};

// Errors are one line naming the folder and why ("is a file", "is in use by rigcheck PID 4242").
Result<OutDirLock> claim_out_dir(const std::string& dir);

}  // namespace rigcheck
