#pragma once
// Every read of /sys, /proc and /etc goes through a FileSource rooted at "/" or at --sysroot,
// so a gathered tree replays a real machine (the hwloc way). It can record what it read, which
// is exactly what `rigcheck gather` packs.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "reports/result.hpp"

namespace rigcheck {

// What a recording FileSource saw: regular files read, directories listed, symbolic links followed.
struct ReadRecord {
  std::set<std::string> files;
  std::set<std::string> directories;
  std::map<std::string, std::string> links;  // path -> link target as stored
};

class FileSource {
 public:
  explicit FileSource(std::filesystem::path root = "/");

  // `path` is absolute as on the machine ("/sys/bus/pci/devices"); errors say what and why
  // ("permission denied", "no such file", "not a text file").
  Result<std::string> read_text(const std::string& path) const;
  Result<std::vector<std::string>> list_directory(const std::string& path) const;  // sorted names
  Result<std::string> read_link(const std::string& path) const;                     // the stored target
  // The machine-absolute path with every symbolic link resolved (within the root).
  Result<std::string> resolve(const std::string& path) const;
  bool exists(const std::string& path) const;

  const std::filesystem::path& root() const { return root_; }
  bool is_host_root() const { return root_ == "/"; }
  std::filesystem::path host_path(const std::string& path) const;

  void start_recording() { recording_ = true; }
  const ReadRecord& record() const { return record_; }

 private:
  std::filesystem::path root_;
  bool recording_ = false;
  mutable ReadRecord record_;
};

// "0x10de\n" -> 0x10de; errors name the path and the text found.
Result<std::uint64_t> read_hex(const FileSource& files, const std::string& path);
// A decimal integer file ("16\n").
Result<std::uint64_t> read_decimal(const FileSource& files, const std::string& path);
// Trimmed one-line text.
Result<std::string> read_line(const FileSource& files, const std::string& path);

}  // namespace rigcheck
