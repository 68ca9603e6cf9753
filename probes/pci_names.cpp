#include "probes/pci_names.hpp"

#include <fstream>
#include <mutex>
#include <sstream>

#include <fmt/format.h>

#include "reports/cards.hpp"

namespace rigcheck {
namespace {

bool hex_at(std::string_view line, size_t offset, std::uint16_t value) {
  return line.size() >= offset + 4 && line.substr(offset, 4) == fmt::format("{:04x}", value);
}

std::string rest_after_id(std::string_view line, size_t offset) {
  auto text = line.substr(offset + 4);
  auto first = text.find_first_not_of(" \t");
  return first == std::string_view::npos ? std::string() : std::string(text.substr(first));
}

const std::string& host_pci_ids() {
  static std::string text;
  static std::once_flag once;
  std::call_once(once, [] {
    for (const char* path : {"/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids"}) {
      std::ifstream in(path);
      if (!in) continue;
      std::stringstream buffer;
      buffer << in.rdbuf();
      text = buffer.str();
      return;
    }
  });
  return text;
}

}  // namespace

std::optional<std::string> find_in_pci_ids(std::string_view text, std::uint16_t vendor_id, std::uint16_t device_id) {
  std::string vendor_name;
  bool in_vendor = false;
  size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line.starts_with("C ")) break;  // device classes follow the vendor list
    if (line[0] != '\t') {
      if (in_vendor) return vendor_name + " device " + fmt::format("{:04x}", device_id);
      in_vendor = hex_at(line, 0, vendor_id);
      if (in_vendor) vendor_name = rest_after_id(line, 0);
      continue;
    }
    if (in_vendor && line.size() > 1 && line[1] != '\t' && hex_at(line, 1, device_id))
      return vendor_name + " " + rest_after_id(line, 1);
  }
  if (in_vendor) return vendor_name + " device " + fmt::format("{:04x}", device_id);
  return std::nullopt;
}

PciName name_pci_device(std::uint16_t vendor_id, std::uint16_t device_id) {
  if (const auto* card = find_card(vendor_id, device_id)) return {std::string(card->name), "card-table"};
  if (auto name = find_in_pci_ids(host_pci_ids(), vendor_id, device_id)) return {*name, "pci.ids"};
  return {fmt::format("PCI device {:04x}:{:04x}", vendor_id, device_id), "none"};
}

}  // namespace rigcheck
