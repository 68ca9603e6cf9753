#include "probes/display_probe.hpp"

#include <algorithm>
#include <cctype>

namespace rigcheck {

std::string drm_card_of_connector(const std::string& name) {
  if (!name.starts_with("card")) return "";
  std::size_t i = 4;
  while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])) != 0) ++i;
  if (i == 4 || i >= name.size() || name[i] != '-') return "";
  return name.substr(0, i);
}

std::vector<std::string> pci_devices_with_connected_screen(const FileSource& files) {
  std::vector<std::string> out;
  auto entries = files.list_directory("/sys/class/drm");
  if (!entries) return out;
  for (const auto& name : *entries) {
    const auto card = drm_card_of_connector(name);
    if (card.empty()) continue;
    auto status = read_line(files, "/sys/class/drm/" + name + "/status");
    if (!status || *status != "connected") continue;
    auto device = files.resolve("/sys/class/drm/" + card + "/device");
    if (!device) continue;
    const auto slash = device->find_last_of('/');
    out.push_back(slash == std::string::npos ? *device : device->substr(slash + 1));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace rigcheck
