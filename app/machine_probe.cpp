#include "app/machine_probe.hpp"

#include <algorithm>
#include <iterator>

#include "app/output.hpp"
#include "probes/nvml/nvml_probe.hpp"
#include "probes/pci_probe.hpp"
#include "probes/text/host_read.hpp"
#include "probes/text/kernel_log_read.hpp"

namespace rigcheck {

namespace {

// NVML answers for this machine only: a --sysroot replay of another machine skips it unless a
// library is named explicitly (the fake NVML in tests).
void attach_nvml(MachineProbe& probe, const FileSource& files, const GlobalOptions& options) {
  Report& report = probe.report;
  if (!files.is_host_root() && options.nvml_library.empty()) {
    report.notes.push_back("NVML not read: --sysroot replays another machine's files");
    return;
  }
  auto nvml = probe_nvml(options.nvml_library);
  report.nvml = nvml.system;
  probe.nvml = nvml.session;
  for (auto& [bdf, facts] : nvml.devices) {
    auto it = std::find_if(report.gpus.begin(), report.gpus.end(), [&](const GpuEntry& g) { return g.pci.bdf == bdf; });
    if (it == report.gpus.end()) {
      // NVML sees a GPU that sysfs does not show (a container without /sys): list it from NVML alone.
      GpuEntry gpu;
      gpu.index = static_cast<int>(report.gpus.size());
      gpu.pci.bdf = bdf;
      gpu.pci.vendor_id = 0x10de;
      gpu.pci.class_code = 0x030200;
      // NVML's PCI device id is (device << 16 | vendor), printed as hex ("1b3810de").
      if (facts.pci_device_id) {
        try {
          gpu.pci.device_id = static_cast<std::uint16_t>(std::stoul(*facts.pci_device_id, nullptr, 16) >> 16);
        } catch (const std::exception&) {
        }
      }
      gpu.pci.name = facts.name ? *facts.name : "NVIDIA GPU";
      gpu.pci.name_source = "none";
      gpu.pci.driver = "nvidia";  // NVML answers for it, so the NVIDIA driver has it
      gpu.pci.problems.push_back({"/sys/bus/pci/devices/" + bdf, "not visible in sysfs; facts from NVML only"});
      gpu.name = gpu.pci.name;
      report.gpus.push_back(std::move(gpu));
      it = std::prev(report.gpus.end());
    }
    if (facts.uuid) it->uuid = *facts.uuid;
    if (facts.serial) it->serial = *facts.serial;
    if (facts.vbios) it->vbios = *facts.vbios;
    if (facts.memory_total_bytes) it->memory_bytes = *facts.memory_total_bytes;
    if (facts.cuda_compute_capability) it->compute_capability = *facts.cuda_compute_capability;
    it->nvml = std::move(facts);
  }
}

}  // namespace

std::optional<FileSource> machine_files(const GlobalOptions& options) {
  FileSource files(options.sysroot.empty() ? "/" : options.sysroot);
  if (!options.sysroot.empty() && !files.exists("/sys")) {
    print_error("--sysroot " + options.sysroot + " has no sys/ folder (unpack a `rigcheck gather` archive there)");
    return std::nullopt;
  }
  return files;
}

MachineProbe probe_machine(const FileSource& files, const GlobalOptions& options, std::string profile) {
  MachineProbe probe;
  probe.report = new_report(std::move(profile));
  Report& report = probe.report;

  report.host = read_host_facts(files);
  auto log = read_kernel_log(files, options.kernel_log_path);
  report.host.kernel_log = std::move(log.facts);
  probe.kernel_log_raw = std::move(log.raw_text);
  probe.input_error = std::move(log.input_error);
  for (auto& note : log.notes) report.notes.push_back(std::move(note));

  auto scan = read_display_devices(files);
  for (const auto& problem : scan.problems)
    report.notes.push_back("cannot list PCI devices (" + problem.path + ": " + problem.reason + ")");
  report.host.unreadable_pci_devices = scan.problems;
  for (auto& problem : scan.unreadable_devices) report.host.unreadable_pci_devices.push_back(std::move(problem));
  int index = 0;
  for (auto& pci : scan.display_devices) {
    GpuEntry gpu;
    gpu.index = index++;
    gpu.name = pci.name;
    gpu.pci = std::move(pci);
    report.gpus.push_back(std::move(gpu));
  }
  attach_nvml(probe, files, options);
  return probe;
}

}  // namespace rigcheck
