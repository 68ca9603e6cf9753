#include "reports/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace rigcheck {
namespace {

std::string open_error(int error) {
  if (error == EACCES || error == EPERM) return "permission denied";
  if (error == ENOENT) return "no such file";
  if (error == ENOTDIR) return "no such file (a part of the path is not a folder)";
  return std::strerror(error);
}

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "is not a regular file (a FIFO)";
  if (S_ISCHR(mode)) return "is not a regular file (a character device)";
  if (S_ISBLK(mode)) return "is not a regular file (a block device)";
  if (S_ISSOCK(mode)) return "is not a regular file (a socket)";
  return "is not a regular file";
}

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string mib(std::size_t bytes) {
  return bytes >= (std::size_t{1} << 20) ? fmt::format("{} MiB", bytes >> 20) : fmt::format("{} bytes", bytes);
}

}  // namespace

Result<InputText> read_input_file(const std::string& path, std::size_t max_bytes, OverCap over_cap) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) return Error{open_error(errno)};
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return Error{open_error(errno)};
  if (!S_ISREG(info.st_mode)) return Error{kind_of(info.st_mode)};

  InputText input;
  auto claimed = static_cast<std::size_t>(info.st_size);
  if (claimed > max_bytes) {
    if (over_cap == OverCap::refuse) return Error{fmt::format("is larger than {}", mib(max_bytes))};
    if (::lseek(fd.get(), static_cast<off_t>(claimed - max_bytes), SEEK_SET) >= 0) input.truncated = true;
  }
  // Read to the end whatever st_size said (sysfs says 4096, procfs 0), never past the cap.
  std::array<char, 64 * 1024> chunk{};
  for (;;) {
    auto got = ::read(fd.get(), chunk.data(), chunk.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      return Error{fmt::format("read error: {}", std::strerror(errno))};
    }
    if (got == 0) break;
    input.text.append(chunk.data(), static_cast<std::size_t>(got));
    if (input.text.size() > max_bytes) {
      if (over_cap == OverCap::refuse) return Error{fmt::format("is larger than {}", mib(max_bytes))};
      input.text.erase(0, input.text.size() - max_bytes);
      input.truncated = true;
    }
  }
  if (input.truncated) {  // start at a whole line
    auto newline = input.text.find('\n');
    input.text.erase(0, newline == std::string::npos ? 0 : newline + 1);
  }
  return input;
}

}  // namespace rigcheck
