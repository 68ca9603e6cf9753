#include "probes/file_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "reports/input_file.hpp"

namespace rigcheck {
namespace {

std::string describe(const std::error_code& ec) {
  if (ec == std::errc::permission_denied) return "permission denied";
  if (ec == std::errc::no_such_file_or_directory) return "no such file";
  return ec.message();
}

std::string trim(std::string text) {
  auto end = text.find_last_not_of(" \t\r\n");
  text.erase(end == std::string::npos ? 0 : end + 1);
  auto begin = text.find_first_not_of(" \t\r\n");
  return begin == std::string::npos ? std::string() : text.substr(begin);
}

}  // namespace

FileSource::FileSource(std::filesystem::path root) : root_(std::move(root)) {
  if (root_.empty()) root_ = "/";
}

std::filesystem::path FileSource::host_path(const std::string& path) const {
  if (is_host_root()) return path;
  std::string relative = path;
  while (!relative.empty() && relative.front() == '/') relative.erase(0, 1);
  return root_ / relative;
}

Result<std::string> FileSource::read_text(const std::string& path) const {
  auto host = host_path(path);
  // Non-blocking, regular files only, capped: a FIFO or /dev/zero planted in a sysroot (or a
  // sysfs attribute that never ends) cannot hang or bloat the probe.
  auto input = read_input_file(host.string(), kSystemFileMaxBytes);
  if (!input) return Error{input.error()};
  std::string text = std::move(input->text);
  if (text.find('\0') != std::string::npos && path.find("/cmdline") == std::string::npos)
    return Error{"not a text file"};
  if (recording_) record_.files.insert(path);
  return text;
}

Result<std::vector<std::string>> FileSource::list_directory(const std::string& path) const {
  std::error_code ec;
  std::filesystem::directory_iterator it(host_path(path), ec);
  if (ec) return Error{describe(ec)};
  std::vector<std::string> names;
  for (const auto& entry : it) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  if (recording_) record_.directories.insert(path);
  return names;
}

Result<std::string> FileSource::read_link(const std::string& path) const {
  std::error_code ec;
  auto target = std::filesystem::read_symlink(host_path(path), ec);
  if (ec) return Error{describe(ec)};
  if (recording_) record_.links[path] = target.string();
  return target.string();
}

Result<std::string> FileSource::resolve(const std::string& path) const {
  // Walk component by component so links resolve inside the root (real /sys links are relative).
  std::filesystem::path done = "/";
  std::vector<std::string> pending;
  for (const auto& part : std::filesystem::path(path).relative_path()) pending.push_back(part.string());
  std::reverse(pending.begin(), pending.end());
  int links_followed = 0;
  while (!pending.empty()) {
    auto part = pending.back();
    pending.pop_back();
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      done = done.parent_path();
      continue;
    }
    auto candidate = (done / part).string();
    std::error_code ec;
    auto status = std::filesystem::symlink_status(host_path(candidate), ec);
    if (ec) return Error{fmt::format("{}: {}", candidate, describe(ec))};
    if (std::filesystem::is_symlink(status)) {
      if (++links_followed > 40) return Error{fmt::format("{}: too many symbolic links", path)};
      auto target = read_link(candidate);
      if (!target) return Error{fmt::format("{}: {}", candidate, target.error())};
      std::filesystem::path target_path(*target);
      if (target_path.is_absolute()) done = "/";
      std::vector<std::string> parts;
      for (const auto& p : target_path.relative_path()) parts.push_back(p.string());
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.push_back(*it);
    } else {
      done /= part;
    }
  }
  return done.string();
}

bool FileSource::exists(const std::string& path) const {
  std::error_code ec;
  return std::filesystem::exists(host_path(path), ec);
}

Result<std::string> read_line(const FileSource& files, const std::string& path) {
  auto text = files.read_text(path);
  if (!text) return Error{text.error()};
  return trim(*text);
}

Result<std::uint64_t> read_hex(const FileSource& files, const std::string& path) {
  auto line = read_line(files, path);
  if (!line) return Error{line.error()};
  const std::string& s = *line;
  size_t used = 0;
  try {
    auto value = std::stoull(s, &used, 16);
    if (used == s.size()) return value;
  } catch (const std::exception&) {
  }
  return Error{fmt::format("malformed: expected a hexadecimal number, found '{}'", s.substr(0, 40))};
}

Result<std::uint64_t> read_decimal(const FileSource& files, const std::string& path) {
  auto line = read_line(files, path);
  if (!line) return Error{line.error()};
  const std::string& s = *line;
  size_t used = 0;
  try {
    if (!s.empty() && s.front() != '-') {
      auto value = std::stoull(s, &used, 10);
      if (used == s.size()) return value;
    }
  } catch (const std::exception&) {
  }
  return Error{fmt::format("malformed: expected a decimal number, found '{}'", s.substr(0, 40))};
}

}  // namespace rigcheck
