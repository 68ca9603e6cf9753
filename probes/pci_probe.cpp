#include "probes/pci_probe.hpp"

#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "probes/pci_names.hpp"
#include "probes/pci_parse.hpp"

namespace rigcheck {
namespace {

constexpr const char* kDevicesDir = "/sys/bus/pci/devices";
constexpr std::uint64_t kMaxPcieLanes = 32;

// Reads an optional file: absent is normal (older kernel, no AER capability), anything else is a problem.
template <class T, class Reader>
std::optional<T> read_optional(const FileSource& files, const std::string& path, std::vector<ReadProblem>& problems,
                               Reader reader) {
  if (!files.exists(path)) return std::nullopt;
  auto result = reader(files, path);
  if (!result) {
    problems.push_back({path, result.error()});
    return std::nullopt;
  }
  return static_cast<T>(*result);
}

PciLink read_link(const FileSource& files, const std::string& dir, std::vector<ReadProblem>& problems) {
  PciLink link;
  auto speed = [&](const char* name) -> std::optional<double> {
    auto line = read_optional<std::string>(files, dir + "/" + name, problems, read_line);
    if (!line) return std::nullopt;
    auto value = parse_link_speed_gts(*line);
    // "Unknown" is what the kernel prints for a link that is down: not a read problem.
    if (!value && *line != "Unknown" && *line != "Unknown speed")
      problems.push_back({dir + "/" + name, fmt::format("malformed: '{}'", *line)});
    return value;
  };
  link.current_speed_gts = speed("current_link_speed");
  link.max_speed_gts = speed("max_link_speed");
  // PCIe links have 1 to 32 lanes; anything else (0, -1, 4294967295, "abc") is a malformed file.
  auto width = [&](const char* name) -> std::optional<int> {
    auto path = dir + "/" + name;
    auto value = read_optional<std::uint64_t>(files, path, problems, read_decimal);
    if (!value) return std::nullopt;
    if (*value < 1 || *value > kMaxPcieLanes) {
      problems.push_back({path, fmt::format("malformed: '{}' is not a link width (1 to {} lanes)", *value, kMaxPcieLanes)});
      return std::nullopt;
    }
    return static_cast<int>(*value);
  };
  link.current_width = width("current_link_width");
  link.max_width = width("max_link_width");
  return link;
}

std::optional<AerCounts> read_aer(const FileSource& files, const std::string& dir, std::vector<ReadProblem>& problems) {
  struct Part {
    const char* file;
    std::map<std::string, std::uint64_t> AerCounts::*counts;
    std::optional<std::uint64_t> AerCounts::*total;
  };
  static constexpr Part kParts[] = {
      {"aer_dev_correctable", &AerCounts::correctable, &AerCounts::total_correctable},
      {"aer_dev_nonfatal", &AerCounts::nonfatal, &AerCounts::total_nonfatal},
      {"aer_dev_fatal", &AerCounts::fatal, &AerCounts::total_fatal},
  };
  AerCounts aer;
  bool any = false;
  for (const auto& part : kParts) {
    auto path = dir + "/" + part.file;
    if (!files.exists(path)) continue;
    auto text = files.read_text(path);
    if (!text) {
      problems.push_back({path, text.error()});
      continue;
    }
    auto parsed = parse_aer_file(*text);
    if (!parsed) {
      problems.push_back({path, parsed.error()});
      continue;
    }
    any = true;
    for (auto& [name, count] : parsed->counts) (aer.*part.counts)[name] = count;
    aer.*part.total = parsed->total;
  }
  if (!any) return std::nullopt;
  return aer;
}

PciFacts read_device(const FileSource& files, const std::string& bdf, std::uint32_t class_code) {
  PciFacts pci;
  pci.bdf = bdf;
  pci.class_code = class_code;
  const std::string dir = std::string(kDevicesDir) + "/" + bdf;
  auto id = [&](const char* name) -> std::uint16_t {
    auto value = read_hex(files, dir + "/" + name);
    if (!value) {
      pci.problems.push_back({dir + "/" + name, value.error()});
      return 0;
    }
    return static_cast<std::uint16_t>(*value);
  };
  pci.vendor_id = id("vendor");
  pci.device_id = id("device");
  pci.subsystem_vendor_id = id("subsystem_vendor");
  pci.subsystem_device_id = id("subsystem_device");
  auto name = name_pci_device(pci.vendor_id, pci.device_id);
  pci.name = name.name;
  pci.name_source = name.source;

  // The `driver` link names the bound driver; its target need not exist in a gathered tree.
  if (auto target = files.read_link(dir + "/driver"))
    pci.driver = std::filesystem::path(*target).filename().string();
  else if (target.error() != "no such file")
    pci.problems.push_back({dir + "/driver", target.error()});
  if (auto boot = read_optional<std::uint64_t>(files, dir + "/boot_vga", pci.problems, read_decimal))
    pci.boot_vga = *boot != 0;

  auto resource = files.read_text(dir + "/resource");
  if (!resource) {
    pci.problems.push_back({dir + "/resource", resource.error()});
  } else if (auto bars = parse_resource(*resource); !bars) {
    pci.problems.push_back({dir + "/resource", bars.error()});
  } else {
    pci.bars = *bars;
    for (auto& bar : pci.bars)
      bar.resizable_sizes_mask = read_optional<std::uint64_t>(
          files, fmt::format("{}/resource{}_resize", dir, bar.index), pci.problems, read_hex);
  }

  pci.link = read_link(files, dir, pci.problems);
  pci.aer = read_aer(files, dir, pci.problems);

  // The slot's limit is on the parent bridge: the device folder's parent in /sys/devices.
  auto real = files.resolve(dir);
  if (!real) {
    pci.problems.push_back({dir, "cannot resolve the device's place in /sys/devices: " + real.error()});
    return pci;
  }
  std::filesystem::path real_path(*real);
  auto parent = real_path.parent_path();
  if (is_pci_address(parent.filename().string())) {
    pci.slot_bdf = parent.filename().string();
    pci.slot_link = read_link(files, parent.string(), pci.problems);
  }
  // The root port is the topmost PCI address on the path (just below /sys/devices/pciDDDD:BB).
  std::optional<std::filesystem::path> root_port;
  for (auto p = parent; p.has_filename() && p != p.root_path(); p = p.parent_path())
    if (is_pci_address(p.filename().string())) root_port = p;
  if (root_port) {
    pci.root_port_bdf = root_port->filename().string();
    pci.root_port_aer = read_aer(files, root_port->string(), pci.problems);
  }
  return pci;
}

}  // namespace

PciLink read_current_pci_link(const FileSource& files, const std::string& bdf) {
  std::vector<ReadProblem> ignored;
  return read_link(files, std::string(kDevicesDir) + "/" + bdf, ignored);
}

PciScan read_display_devices(const FileSource& files) {
  PciScan scan;
  auto names = files.list_directory(kDevicesDir);
  if (!names) {
    scan.problems.push_back({kDevicesDir, names.error()});
    return scan;
  }
  for (const auto& bdf : *names) {
    if (!is_pci_address(bdf)) continue;
    auto class_code = read_hex(files, std::string(kDevicesDir) + "/" + bdf + "/class");
    if (!class_code) {
      scan.unreadable_devices.push_back({std::string(kDevicesDir) + "/" + bdf + "/class", class_code.error()});
      continue;
    }
    if ((*class_code >> 16) != 0x03) continue;  // display controllers only
    scan.display_devices.push_back(read_device(files, bdf, static_cast<std::uint32_t>(*class_code)));
  }
  return scan;
}

Result<std::vector<PciDeviceId>> read_all_pci_devices(const FileSource& files) {
  auto names = files.list_directory(kDevicesDir);
  if (!names) return Error{fmt::format("{}: {}", kDevicesDir, names.error())};
  std::vector<PciDeviceId> devices;
  for (const auto& bdf : *names) {
    if (!is_pci_address(bdf)) continue;
    auto dir = std::string(kDevicesDir) + "/" + bdf;
    auto vendor = read_hex(files, dir + "/vendor");
    auto device = read_hex(files, dir + "/device");
    auto class_code = read_hex(files, dir + "/class");
    if (!vendor || !device || !class_code) return Error{fmt::format("{}: unreadable ids", dir)};
    devices.push_back({bdf, static_cast<std::uint16_t>(*vendor), static_cast<std::uint16_t>(*device),
                       static_cast<std::uint32_t>(*class_code)});
  }
  return devices;
}

}  // namespace rigcheck
