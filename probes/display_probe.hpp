#pragma once
// Which PCI devices drive a screen now: a DRM connector of theirs reports "connected"
// (/sys/class/drm/card<N>-<connector>/status, card<N>/device -> the PCI device). Loading such a
// card fully (a VRAM test over nearly all its memory) takes the desktop down with it.
#include <string>
#include <vector>

#include "probes/file_source.hpp"

namespace rigcheck {

// PCI addresses ("0000:03:00.0"), sorted, each once; empty when /sys/class/drm is unreadable.
std::vector<std::string> pci_devices_with_connected_screen(const FileSource& files);

// "card0-HDMI-A-1" -> "card0"; empty for a name that is not a connector ("card0", "renderD128").
std::string drm_card_of_connector(const std::string& name);

}  // namespace rigcheck
