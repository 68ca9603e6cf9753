#include "app/out_dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include <fmt/format.h>

namespace rigcheck {
namespace {

constexpr const char* kLockName = ".rigcheck.lock";

std::string holder_pid(int fd) {
  char text[32] = {};
  auto got = ::pread(fd, text, sizeof(text) - 1, 0);
  std::string pid(text, got > 0 ? static_cast<std::size_t>(got) : 0);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.find_first_not_of("0123456789") == std::string::npos && !pid.empty() ? pid : "unknown";
}

}  // namespace

OutDirLock::~OutDirLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

Result<OutDirLock> claim_out_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0)
    return Error{fmt::format("--out-dir '{}' cannot be created: {}", dir, ec ? ec.message() : std::strerror(errno))};
  if (!S_ISDIR(info.st_mode)) return Error{fmt::format("--out-dir '{}' exists and is not a folder", dir)};
  auto lock_path = (std::filesystem::path(dir) / kLockName).string();
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return Error{fmt::format("--out-dir '{}' is not writable: {}", dir, std::strerror(errno))};
  OutDirLock lock(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK)
      return Error{fmt::format("--out-dir '{}' is in use by another rigcheck run (PID {}); wait for it or choose "
                               "another folder",
                               dir, holder_pid(fd))};
    return Error{fmt::format("--out-dir '{}' cannot be locked: {}", dir, std::strerror(errno))};
  }
  auto pid = fmt::format("{}\n", ::getpid());
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
    return Error{fmt::format("--out-dir '{}' is not writable: {}", dir, std::strerror(errno))};
  struct statvfs space {};
  if (::fstatvfs(fd, &space) == 0) {
    auto free_bytes = static_cast<unsigned long long>(space.f_bavail) * space.f_frsize;
    if (free_bytes < kOutDirMinFreeBytes)
      return Error{fmt::format("--out-dir '{}' has {} MiB free; the report needs up to {} MiB", dir, free_bytes >> 20,
                               kOutDirMinFreeBytes >> 20)};
  }
  return lock;
}

}  // namespace rigcheck
