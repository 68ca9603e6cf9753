// Writing an output file without destroying what the user pointed at: a regular file (or a new
// path) is replaced atomically, a device, FIFO or /dev/stdout is written straight, a symbolic link
// is followed and its target replaced, and anything else is refused with a reason.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "app/output.hpp"

namespace rigcheck {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxLinksFollowed = 40;

Error write_error(const std::string& path, int error) {
  return Error{fmt::format("cannot write '{}': {}", path, std::strerror(error))};
}

// Writes all of `text` to `fd`; returns 0 or the errno of the failure.
int write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    auto written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

// /dev/stdout, /dev/fd/1, /proc/self/fd/1 ...: our own descriptor, whatever it is connected to.
// Reopening it would start a redirected file again at offset 0, and renaming over its target
// would leave the shell writing to a deleted file.
int own_descriptor(const std::string& path) {
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"})
    if (path.rfind(prefix, 0) == 0) {
      auto rest = path.substr(std::strlen(prefix));
      if (rest == "0" || rest == "1" || rest == "2") return rest[0] - '0';
    }
  if (path == "/dev/stdout") return STDOUT_FILENO;
  if (path == "/dev/stderr") return STDERR_FILENO;
  return -1;
}

Result<bool> write_straight(const std::string& path, std::string_view text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return write_error(path, errno);
  int error = write_all(fd, text);
  if (::close(fd) != 0 && error == 0 && errno != EINTR) error = errno;
  if (error != 0) return write_error(path, error);
  return true;
}

// Temp file beside `path`, fsync, rename over it, fsync the folder: readers see the old file or
// the whole new one, also after a power cut. An existing file keeps its permission bits.
Result<bool> replace_atomically(const std::string& path, std::string_view text, const struct stat* existing) {
  fs::path target(path);
  auto folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  auto temporary = folder / fmt::format(".{}.rigcheck-tmp.{}", target.filename().string(), ::getpid());
  mode_t mode = existing != nullptr ? (existing->st_mode & 07777) : 0666;
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return write_error(path, errno);
  if (existing != nullptr) [[maybe_unused]] auto ignored = ::fchmod(fd, mode);  // the umask must not narrow it
  int error = write_all(fd, text);
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temporary.c_str());
    return write_error(path, error);
  }
  int folder_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder_fd >= 0) {
    ::fsync(folder_fd);
    ::close(folder_fd);
  }
  return true;
}

}  // namespace

std::optional<std::string> output_path_problem(const std::string& path) {
  if (own_descriptor(path) >= 0) return std::nullopt;
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {  // follows links: what would be written
    if (S_ISDIR(info.st_mode)) return fmt::format("-o '{}' is a directory (name a file inside it)", path);
    if (!S_ISREG(info.st_mode) && !S_ISCHR(info.st_mode) && !S_ISFIFO(info.st_mode))
      return fmt::format("-o '{}' is not a regular file, character device or FIFO", path);
    return std::nullopt;
  }
  if (errno != ENOENT) return fmt::format("-o '{}': {}", path, std::strerror(errno));
  auto folder = fs::path(path).parent_path();
  if (folder.empty()) folder = ".";
  if (::stat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    return fmt::format("-o '{}': the folder '{}' does not exist", path, folder.string());
  if (::access(folder.c_str(), W_OK) != 0)
    return fmt::format("-o '{}': cannot create files in '{}': {}", path, folder.string(), std::strerror(errno));
  return std::nullopt;
}

Result<bool> write_file_atomically(const std::string& path, std::string_view text) {
  std::string current = path;
  for (int links = 0;; ++links) {
    if (int fd = own_descriptor(current); fd >= 0) {
      if (int error = write_all(fd, text); error != 0) return write_error(path, error);
      return true;
    }
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0) {
      if (errno == ENOENT) return replace_atomically(current, text, nullptr);
      return write_error(path, errno);
    }
    if (S_ISLNK(info.st_mode)) {
      if (links >= kMaxLinksFollowed) return write_error(path, ELOOP);
      std::error_code ec;
      auto target = fs::read_symlink(current, ec);
      if (ec) return Error{fmt::format("cannot write '{}': {}", path, ec.message())};
      current = (target.is_absolute() ? target : fs::path(current).parent_path() / target).string();
      continue;
    }
    if (S_ISREG(info.st_mode)) return replace_atomically(current, text, &info);
    if (S_ISCHR(info.st_mode) || S_ISFIFO(info.st_mode)) return write_straight(current, text);
    if (S_ISDIR(info.st_mode))
      return Error{fmt::format("cannot write '{}': it is a directory (name a file inside it)", path)};
    return Error{fmt::format("cannot write '{}': not a regular file, character device or FIFO", path)};
  }
}

}  // namespace rigcheck
