#include "app/machine_probe.hpp"

#include "app/output.hpp"
#include "probes/pci_probe.hpp"
#include "probes/text/host_read.hpp"
#include "probes/text/kernel_log_read.hpp"

namespace rigcheck {

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
  int index = 0;
  for (auto& pci : scan.display_devices) {
    GpuEntry gpu;
    gpu.index = index++;
    gpu.name = pci.name;
    gpu.pci = std::move(pci);
    report.gpus.push_back(std::move(gpu));
  }
  return probe;
}

}  // namespace rigcheck
