#include "app/gpu_selection.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include <fmt/format.h>

namespace rigcheck {
namespace {

bool pci_address_like(const std::string& item) {
  // bus:device.function, optionally after a domain: hex digits, ':' and '.', one '.'.
  if (std::count(item.begin(), item.end(), ':') < 1 || std::count(item.begin(), item.end(), '.') != 1) return false;
  return std::all_of(item.begin(), item.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.'; });
}

bool matches(const GpuSelection::Item& item, const StepDevice& device) {
  if (const auto* n = std::get_if<GpuSelection::Number>(&item)) return n->value == device.number;
  const auto& address = std::get<GpuSelection::PciAddress>(item).text;
  const auto& bdf = device.primary.info.pci_bdf;
  if (!bdf) return false;
  std::string lower = *bdf;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower == address || (lower.size() > address.size() && lower.ends_with(address) &&
                              lower[lower.size() - address.size() - 1] == ':');
}

std::string item_text(const GpuSelection::Item& item) {
  if (const auto* n = std::get_if<GpuSelection::Number>(&item)) return std::to_string(n->value);
  return std::get<GpuSelection::PciAddress>(item).text;
}

std::string device_list(const std::vector<StepDevice>& devices) {
  if (devices.empty()) return "there is no usable device";
  std::vector<std::string> names;
  for (const auto& device : devices) names.push_back(describe_step_device(device));
  return fmt::format("devices: {}", fmt::join(names, "; "));
}

}  // namespace

Result<GpuSelection> parse_gpu_selection(const std::string& text) {
  GpuSelection selection;
  if (text == "all") return selection;
  std::stringstream list(text);
  std::string item;
  while (std::getline(list, item, ',')) {
    std::size_t number = 0;
    const auto* end = item.data() + item.size();
    if (!item.empty() && std::from_chars(item.data(), end, number).ptr == end) {
      selection.items.emplace_back(GpuSelection::Number{number});
    } else if (pci_address_like(item)) {
      std::transform(item.begin(), item.end(), item.begin(), [](unsigned char c) { return std::tolower(c); });
      selection.items.emplace_back(GpuSelection::PciAddress{item});
    } else {
      return Error{fmt::format("--gpu {}: '{}' is not all, a device number (see rigcheck list) or a PCI address",
                               text, item)};
    }
  }
  if (selection.items.empty()) return Error{"--gpu: empty selection (use all, N[,N] or a PCI address)"};
  return selection;
}

Result<std::vector<StepDevice>> select_devices(const GpuSelection& selection, std::vector<StepDevice> devices) {
  if (selection.all()) return devices;
  std::vector<StepDevice> out;
  for (const auto& item : selection.items) {
    bool found = false;
    for (std::size_t i = 0; i < devices.size(); ++i) {
      if (!matches(item, devices[i])) continue;
      found = true;
      const bool already = std::any_of(out.begin(), out.end(), [&](const StepDevice& d) {
        return d.primary.backend == devices[i].primary.backend && d.primary.info.index == devices[i].primary.info.index;
      });
      if (already) continue;
      out.push_back(devices[i]);
      out.back().named = true;
    }
    if (!found) return Error{fmt::format("--gpu {} matches no device; {}", item_text(item), device_list(devices))};
  }
  return out;
}

}  // namespace rigcheck
