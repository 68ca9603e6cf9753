// rigcheck list: the devices each backend sees and the PCI device they map to.
#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/output.hpp"
#include "probes/pci_probe.hpp"
#include "reports/units.hpp"

namespace rigcheck {

CommandAction register_list_command(CLI::App& cli, GlobalOptions& options) {
  cli.add_subcommand("list", "List the GPUs found on the PCI bus and by each compute backend");
  return [&options] {
    FileSource files(options.sysroot.empty() ? "/" : options.sysroot);
    auto scan = read_display_devices(files);
    for (const auto& problem : scan.problems) print_error(problem.path + ": " + problem.reason);
    fmt::print("PCI display devices (sysfs):\n");
    if (scan.display_devices.empty()) fmt::print("  none\n");
    for (const auto& pci : scan.display_devices)
      fmt::print("  {}  [{:04x}:{:04x}] class {:06x}  {}  driver: {}  link {} (max {})\n", pci.bdf, pci.vendor_id,
                 pci.device_id, pci.class_code, pci.name, pci.driver.value_or("none"),
                 format_link(pci.link.current_speed_gts, pci.link.current_width),
                 format_link(pci.link.max_speed_gts, pci.link.max_width));
    return int(kExitSound);
  };
}

}  // namespace rigcheck
