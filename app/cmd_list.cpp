// rigcheck list: the GPUs on the PCI bus, what NVML and each compute backend see, and how they
// map to each other (by PCI address).
#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/list_json.hpp"
#include "app/output.hpp"
#include "app/run_devices.hpp"
#include "kernels/backend_factory.hpp"
#include "probes/nvml/nvml_probe.hpp"
#include "probes/pci_probe.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

void list_pci(const FileSource& files) {
  auto scan = read_display_devices(files);
  for (const auto& problem : scan.problems) print_error(problem.path + ": " + problem.reason);
  fmt::print("PCI display devices (sysfs):\n");
  if (scan.display_devices.empty()) fmt::print("  none\n");
  for (const auto& pci : scan.display_devices)
    fmt::print("  {}  [{:04x}:{:04x}] class {:06x}  {}  driver: {}  link {} (max {})\n", pci.bdf, pci.vendor_id,
               pci.device_id, pci.class_code, pci.name, pci.driver.value_or("none"),
               format_link(pci.link.current_speed_gts, pci.link.current_width),
               format_link(pci.link.max_speed_gts, pci.link.max_width));
}

void list_nvml(const GlobalOptions& options) {
  auto nvml = probe_nvml(options.nvml_library);
  fmt::print("NVML:\n");
  if (!nvml.system.initialized) {
    fmt::print("  not available: {}\n",
               nvml.system.init_error.value_or(nvml.system.load_error.value_or("NVML could not be loaded")));
    return;
  }
  if (nvml.devices.empty()) fmt::print("  no devices\n");
  for (const auto& [bdf, facts] : nvml.devices)
    fmt::print("  {}  {}  {}\n", bdf, facts.name ? *facts.name : "?",
               facts.memory_total_bytes ? format_bytes(*facts.memory_total_bytes) : "memory unknown");
}

void list_backend(Backend& backend) {
  fmt::print("{} devices:\n", backend.name());
  auto devices = backend.list_devices();
  if (!devices) {
    fmt::print("  not available: {}\n", devices.error());
    return;
  }
  if (devices->empty()) fmt::print("  none\n");
  for (const auto& d : *devices) {
    fmt::print("  {}  {} ({}, {} {}, API {})  {}  device-local {}{}\n", d.index, d.name, to_string(d.type), d.driver_name,
               d.driver_version, d.api_version, d.pci_bdf ? "PCI " + *d.pci_bdf : "no PCI address",
               format_bytes(d.device_local_bytes), d.large_bar ? ", large BAR (host-visible VRAM)" : "");
    for (const auto& heap : d.heaps)
      fmt::print("       heap {}: {}{}{}{}\n", heap.index, format_bytes(heap.size_bytes), heap.device_local ? " device-local" : "",
                 heap.host_visible ? " host-visible" : "",
                 heap.budget_bytes ? fmt::format(", budget {}", format_bytes(*heap.budget_bytes)) : "");
    for (const auto& note : d.notes) fmt::print("       note: {}\n", note);
  }
}

// What `run`, `vram`, `compute` and `burn` will use: --gpu N counts in this order.
void print_step_devices(const GlobalOptions& options, const std::vector<StepDevice>& devices) {
  fmt::print("tests run on (--backend {}, --gpu {}):\n", options.backend, options.gpu_selection);
  if (devices.empty()) fmt::print("  none\n");
  for (const auto& d : devices) {
    fmt::print("  {}{}\n", describe_step_device(d),
               d.fallback ? fmt::format(", {} {} if {} fails", d.fallback->info.backend, d.fallback->info.index,
                                        d.primary.info.backend)
                          : "");
  }
}

}  // namespace

CommandAction register_list_command(CLI::App& cli, GlobalOptions& options) {
  cli.add_subcommand("list", "List the GPUs on the PCI bus, in NVML and in each compute backend");
  return [&options] {
    FileSource files(options.sysroot.empty() ? "/" : options.sysroot);
    std::optional<DeviceInventory> inventory;
    if (options.sysroot.empty()) {
      inventory = devices_for_command(options);  // a --gpu that matches nothing: exit 2, before any output
      if (!inventory) return int(kExitBadInput);
    }
    if (options.format == "json") return print_list_json(options, files, inventory ? &*inventory : nullptr);
    list_pci(files);
    if (!options.sysroot.empty()) {
      fmt::print("(NVML and compute backends are not listed for a --sysroot replay)\n");
      return int(kExitSound);
    }
    list_nvml(options);
    auto backends = make_backends(kAutoBackend);
    if (backends) {
      for (const auto& missing : backends->not_built) fmt::print("{}\n", missing);
      for (const auto& backend : backends->backends) list_backend(*backend);
    }
    print_step_devices(options, inventory->devices);
    return int(kExitSound);
  };
}

}  // namespace rigcheck
