#include "probes/text/host_read.hpp"

#include "probes/text/host_parse.hpp"

namespace rigcheck {
namespace {

constexpr const char* kMeminfo = "/proc/meminfo";
constexpr const char* kCpuinfo = "/proc/cpuinfo";
constexpr const char* kOsRelease = "/proc/sys/kernel/osrelease";
constexpr const char* kHostname = "/proc/sys/kernel/hostname";
constexpr const char* kEtcOsRelease = "/etc/os-release";
constexpr const char* kLibOsRelease = "/usr/lib/os-release";  // os-release(5): the fallback location
constexpr const char* kNvidiaVersion = "/proc/driver/nvidia/version";
constexpr const char* kCmdline = "/proc/cmdline";

class HostReader {
 public:
  explicit HostReader(const FileSource& files) : files_(files) {}

  std::optional<std::string> text(const char* path) {
    auto content = files_.read_text(path);
    if (!content) {
      problem(path, content.error());
      return std::nullopt;
    }
    return *content;
  }

  std::optional<std::string> line(const char* path) {
    auto content = read_line(files_, path);
    if (!content) {
      problem(path, content.error());
      return std::nullopt;
    }
    if (content->empty()) {
      problem(path, "malformed: empty");
      return std::nullopt;
    }
    return *content;
  }

  void problem(std::string path, std::string reason) { facts_.problems.push_back({std::move(path), std::move(reason)}); }

  HostFacts& facts() { return facts_; }
  const FileSource& files() const { return files_; }

 private:
  const FileSource& files_;
  HostFacts facts_;
};

void read_memory(HostReader& reader) {
  auto text = reader.text(kMeminfo);
  if (!text) return;
  auto info = parse_meminfo(*text);
  if (!info.total_bytes) reader.problem(kMeminfo, "malformed: no MemTotal line in kB");
  reader.facts().memory_total_bytes = info.total_bytes;
  reader.facts().memory_available_bytes = info.available_bytes;
}

void read_cpu(HostReader& reader) {
  auto text = reader.text(kCpuinfo);
  if (!text) return;
  auto info = parse_cpuinfo(*text);
  if (!info.logical_cores) reader.problem(kCpuinfo, "malformed: no 'processor' entries");
  reader.facts().cpu_model = info.model;
  reader.facts().cpu_logical_cores = info.logical_cores;
}

void read_distribution(HostReader& reader) {
  auto content = reader.files().read_text(kEtcOsRelease);
  if (!content) content = reader.files().read_text(kLibOsRelease);
  if (!content) {
    reader.problem(kEtcOsRelease, content.error());
    return;
  }
  reader.facts().distribution = parse_os_release(*content);
  if (!reader.facts().distribution) reader.problem(kEtcOsRelease, "malformed: no PRETTY_NAME or NAME");
}

void read_nvidia_version(HostReader& reader) {
  auto content = reader.files().read_text(kNvidiaVersion);
  if (!content) {
    if (content.error() != "no such file") reader.problem(kNvidiaVersion, content.error());
    return;
  }
  reader.facts().nvidia_driver_version = parse_nvidia_driver_version(*content);
  if (!reader.facts().nvidia_driver_version) reader.problem(kNvidiaVersion, "malformed: no version after 'NVRM version:'");
}

}  // namespace

HostFacts read_host_facts(const FileSource& files) {
  HostReader reader(files);
  reader.facts().hostname = reader.line(kHostname);
  read_memory(reader);
  read_cpu(reader);
  reader.facts().kernel_release = reader.line(kOsRelease);
  read_distribution(reader);
  read_nvidia_version(reader);
  if (auto cmdline = reader.text(kCmdline)) {
    // /proc/cmdline ends with a newline; some boot loaders leave NULs or trailing blanks.
    for (auto& c : *cmdline)
      if (c == '\0') c = ' ';
    auto begin = cmdline->find_first_not_of(" \t\n");
    auto end = cmdline->find_last_not_of(" \t\n");
    reader.facts().kernel_cmdline = begin == std::string::npos ? std::string() : cmdline->substr(begin, end - begin + 1);
  }
  return std::move(reader.facts());
}

}  // namespace rigcheck
