#include "app/gather_archive.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>

#include <fmt/format.h>

extern char** environ;

namespace rigcheck {
namespace {

namespace fs = std::filesystem;

// Files that would identify the machine's owner rather than its hardware.
bool is_private(const std::string& path) { return path == "/proc/sys/kernel/hostname" || path == "/etc/hostname"; }

fs::path staged(const std::string& staging_dir, const std::string& absolute) {
  return fs::path(staging_dir) / fs::path(absolute).relative_path();
}

}  // namespace

Result<int> stage_recorded_files(const FileSource& recorded, const std::string& staging_dir,
                                 const std::string& kernel_log_text) {
  const auto& record = recorded.record();
  int count = 0;
  std::error_code ec;
  for (const auto& dir : record.directories) {
    auto real = recorded.resolve(dir);
    fs::create_directories(staged(staging_dir, real ? *real : dir), ec);
  }
  for (const auto& path : record.files) {
    if (is_private(path)) continue;
    auto real = recorded.resolve(path);
    auto text = recorded.read_text(path);
    if (!real || !text) continue;  // vanished since it was read: leave it out
    auto target = staged(staging_dir, *real);
    fs::create_directories(target.parent_path(), ec);
    std::ofstream out(target, std::ios::binary);
    out << *text;
    if (!out) return Error{fmt::format("cannot write {}: {}", target.string(), std::strerror(errno))};
    ++count;
  }
  for (const auto& [path, link_target] : record.links) {
    fs::path link_path(path);
    auto real_parent = recorded.resolve(link_path.parent_path().string());
    auto where = staged(staging_dir, (fs::path(real_parent ? *real_parent : link_path.parent_path().string()) /
                                      link_path.filename()).string());
    fs::create_directories(where.parent_path(), ec);
    fs::remove(where, ec);
    fs::create_symlink(link_target, where, ec);
    if (ec) return Error{fmt::format("cannot create link {}: {}", where.string(), ec.message())};
    ++count;
  }
  if (!kernel_log_text.empty()) {
    std::ofstream out(fs::path(staging_dir) / "kernel-log.txt", std::ios::binary);
    out << kernel_log_text;
    if (!out) return Error{"cannot write kernel-log.txt"};
    ++count;
  }
  return count;
}

Result<bool> pack_directory(const std::string& dir, const std::string& archive_path) {
  std::string archive = fs::absolute(archive_path).string();
  std::vector<std::string> args{"tar", "-czf", archive, "-C", dir, "."};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "tar", nullptr, nullptr, argv.data(), environ);
  if (rc != 0) return Error{fmt::format("cannot run tar: {}", std::strerror(rc))};
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return Error{fmt::format("tar failed (status {}) writing {}", WIFEXITED(status) ? WEXITSTATUS(status) : -1, archive)};
  return true;
}

}  // namespace rigcheck
