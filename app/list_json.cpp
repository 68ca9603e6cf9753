// `rigcheck list --format json`: what `list` prints, as data ("schema": "rigcheck.list/1";
// reports/schema/list.schema.json): PCI display devices, NVML devices, each compute backend's
// devices, and the devices the tests use (--gpu N counts in that order).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/list_json.hpp"
#include "kernels/backend_factory.hpp"
#include "probes/nvml/nvml_probe.hpp"
#include "probes/pci_probe.hpp"

namespace rigcheck {
namespace {

using nlohmann::json;

template <class T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json pci_json(const FileSource& files) {
  auto scan = read_display_devices(files);
  json devices = json::array();
  for (const auto& pci : scan.display_devices)
    devices.push_back({{"bdf", pci.bdf},
                       {"vendor_id", pci.vendor_id},
                       {"device_id", pci.device_id},
                       {"class_code", pci.class_code},
                       {"name", pci.name},
                       {"driver", or_null(pci.driver)},
                       {"link_speed_gts", or_null(pci.link.current_speed_gts)},
                       {"link_width", or_null(pci.link.current_width)},
                       {"max_link_speed_gts", or_null(pci.link.max_speed_gts)},
                       {"max_link_width", or_null(pci.link.max_width)}});
  json problems = json::array();
  for (const auto& p : scan.problems) problems.push_back(p.path + ": " + p.reason);
  return {{"devices", devices}, {"problems", problems}};
}

json nvml_json(const GlobalOptions& options) {
  auto nvml = probe_nvml(options.nvml_library);
  json devices = json::array();
  for (const auto& [bdf, facts] : nvml.devices)
    devices.push_back({{"bdf", bdf}, {"name", or_null(facts.name.value)}, {"memory_bytes", or_null(facts.memory_total_bytes.value)}});
  std::optional<std::string> why;
  if (!nvml.system.initialized)
    why = nvml.system.init_error.value_or(nvml.system.load_error.value_or("NVML could not be loaded"));
  return {{"available", nvml.system.initialized}, {"unavailable_reason", or_null(why)}, {"devices", devices}};
}

json backend_json(Backend& backend) {
  auto listed = backend.list_devices();
  json devices = json::array();
  if (listed)
    for (const auto& d : *listed)
      devices.push_back({{"index", d.index},
                         {"name", d.name},
                         {"type", std::string(to_string(d.type))},
                         {"driver", d.driver_name + " " + d.driver_version},
                         {"api_version", d.api_version},
                         {"pci_bdf", or_null(d.pci_bdf)},
                         {"device_local_bytes", d.device_local_bytes},
                         {"large_bar", d.large_bar}});
  return {{"name", std::string(backend.name())},
          {"available", listed.ok()},
          {"unavailable_reason", listed ? json(nullptr) : json(listed.error())},
          {"devices", devices}};
}

}  // namespace

int print_list_json(const GlobalOptions& options, const FileSource& files, const DeviceInventory* inventory) {
  json out = {{"schema", "rigcheck.list/1"}, {"pci", pci_json(files)}};
  if (options.sysroot.empty() && inventory != nullptr) {
    out["nvml"] = nvml_json(options);
    json backends = json::array();
    if (auto made = make_backends(kAutoBackend))
      for (const auto& backend : made->backends) backends.push_back(backend_json(*backend));
    out["backends"] = backends;
    json tests = json::array();
    for (const auto& d : inventory->devices)
      tests.push_back({{"backend", d.primary.info.backend},
                       {"index", d.primary.info.index},
                       {"name", d.primary.info.name},
                       {"pci_bdf", or_null(d.primary.info.pci_bdf)},
                       {"vulkan_fallback_index", d.fallback ? json(d.fallback->info.index) : json(nullptr)}});
    out["test_devices"] = tests;
    out["notes"] = inventory->notes;
  }
  auto text = out.dump(2) + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  return 0;
}

}  // namespace rigcheck
