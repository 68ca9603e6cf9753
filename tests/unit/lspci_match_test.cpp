// On the real machine: the PCI devices rigcheck enumerates match `lspci -Dn` (address, ids, class).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>

#include "probes/pci_probe.hpp"

namespace rigcheck {
namespace {

std::string run_lspci() {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen("lspci -Dn 2>/dev/null", "r"), ::pclose);
  if (!pipe) return {};
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe.get())) > 0) text.append(buffer, n);
  return text;
}

TEST(LspciMatch, SysfsEnumerationMatchesLspci) {
  if (std::system("command -v lspci >/dev/null 2>&1") != 0) GTEST_SKIP() << "lspci is not installed (pciutils)";
  auto text = run_lspci();
  auto ours = read_all_pci_devices(FileSource("/"));
  if (!ours.ok()) GTEST_SKIP() << "no readable /sys/bus/pci here: " << ours.error();
  // lspci -Dn lines: "0000:00:01.0 0604: 8086:6f08 (rev 01)" (class without the prog-if byte)
  std::istringstream lines(text);
  std::string line;
  size_t count = 0;
  while (std::getline(lines, line)) {
    if (line.size() < 26) continue;
    std::string bdf = line.substr(0, 12);
    unsigned cls = 0, vendor = 0, device = 0;
    ASSERT_EQ(std::sscanf(line.c_str() + 13, "%x: %x:%x", &cls, &vendor, &device), 3) << line;
    auto it = std::find_if(ours->begin(), ours->end(), [&](const PciDeviceId& d) { return d.bdf == bdf; });
    ASSERT_NE(it, ours->end()) << "rigcheck misses " << bdf;
    EXPECT_EQ(it->vendor_id, vendor) << bdf;
    EXPECT_EQ(it->device_id, device) << bdf;
    EXPECT_EQ(it->class_code >> 8, cls) << bdf;
    ++count;
  }
  EXPECT_EQ(count, ours->size()) << "lspci and sysfs list different numbers of devices";
}

}  // namespace
}  // namespace rigcheck
