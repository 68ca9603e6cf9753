#include "app/link_sampler.hpp"

#include <memory>

#include "probes/file_source.hpp"
#include "probes/pci_probe.hpp"

namespace rigcheck {

std::function<std::optional<LinkSample>()> sysfs_link_sampler(const std::optional<std::string>& bdf,
                                                               std::chrono::steady_clock::time_point start) {
  if (!bdf) return {};
  auto files = std::make_shared<FileSource>("/");
  if (!files->exists("/sys/bus/pci/devices/" + *bdf + "/current_link_speed")) return {};
  return [files, address = *bdf, start]() -> std::optional<LinkSample> {
    const auto link = read_current_pci_link(*files, address);
    if (!link.current_speed_gts && !link.current_width) return std::nullopt;
    LinkSample sample;
    sample.time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    sample.speed_gts = link.current_speed_gts;
    sample.width = link.current_width;
    return sample;
  };
}

}  // namespace rigcheck
