#include "probes/text/host_parse.hpp"

#include <gtest/gtest.h>

namespace rigcheck {
namespace {

constexpr const char* kMeminfo =
    "MemTotal:       65853720 kB\n"
    "MemFree:        60071344 kB\n"
    "MemAvailable:   63190296 kB\n"
    "Buffers:          204176 kB\n"
    "HugePages_Total:       0\n";

TEST(HostParse, Meminfo) {
  auto info = parse_meminfo(kMeminfo);
  EXPECT_EQ(info.total_bytes, 65853720ull * 1024);
  EXPECT_EQ(info.available_bytes, 63190296ull * 1024);
}

TEST(HostParse, MeminfoOldKernelAndJunk) {
  auto old = parse_meminfo("MemTotal:        8061456 kB\nMemFree:         1234 kB\n");  // before 3.14
  EXPECT_EQ(old.total_bytes, 8061456ull * 1024);
  EXPECT_FALSE(old.available_bytes);
  EXPECT_FALSE(parse_meminfo("MemTotal: lots kB\n").total_bytes);
  EXPECT_FALSE(parse_meminfo("MemTotal: 12 MB\n").total_bytes);
  EXPECT_FALSE(parse_meminfo("MemTotal: 99999999999999999999 kB\n").total_bytes);
  EXPECT_FALSE(parse_meminfo("MemTot").total_bytes);
  EXPECT_FALSE(parse_meminfo("").total_bytes);
}

TEST(HostParse, CpuinfoX86) {
  std::string text;
  for (int i = 0; i < 4; ++i)
    text += "processor\t: " + std::to_string(i) +
            "\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz\n"
            "flags\t\t: fpu vme de pse\n\n";
  auto info = parse_cpuinfo(text);
  EXPECT_EQ(info.model, "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz");
  EXPECT_EQ(info.logical_cores, 4);
}

TEST(HostParse, CpuinfoSqueezesSpacesAndFallsBack) {
  EXPECT_EQ(parse_cpuinfo("processor\t: 0\nmodel name\t: Intel(R) Core(TM) i7 CPU         920  @ 2.67GHz\n").model,
            "Intel(R) Core(TM) i7 CPU 920 @ 2.67GHz");
  // arm64 names no model; a Raspberry Pi says "Model" at the end.
  auto arm = parse_cpuinfo("processor\t: 0\nBogoMIPS\t: 108.00\nCPU part\t: 0xd08\n\nprocessor\t: 1\n\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n");
  EXPECT_EQ(arm.model, "Raspberry Pi 4 Model B Rev 1.4");
  EXPECT_EQ(arm.logical_cores, 2);
  auto bare = parse_cpuinfo("processor\t: 0\nCPU part\t: 0xd0c\n");
  EXPECT_FALSE(bare.model);
  EXPECT_EQ(bare.logical_cores, 1);
  EXPECT_FALSE(parse_cpuinfo("garbage without colons").logical_cores);
}

TEST(HostParse, OsRelease) {
  EXPECT_EQ(parse_os_release("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"),
            "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(parse_os_release("# comment\nNAME='Arch Linux'\n"), "Arch Linux");
  EXPECT_EQ(parse_os_release("NAME=Ubuntu\nVERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\n"), "Ubuntu 22.04.4 LTS (Jammy Jellyfish)");
  EXPECT_EQ(parse_os_release("PRETTY_NAME=\"say \\\"hi\\\"\"\n"), "say \"hi\"");
  EXPECT_FALSE(parse_os_release("ID=debian\n"));
  EXPECT_FALSE(parse_os_release("PRETTY_NAME=\"\"\n"));
  EXPECT_FALSE(parse_os_release("PRETTY_NAME=\"unterminated\n").has_value() == false);  // kept as written
}

TEST(HostParse, NvidiaDriverVersion) {
  EXPECT_EQ(parse_nvidia_driver_version(
                "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.216.01  Wed Oct 30 17:34:51 UTC 2024\n"
                "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n"),
            "535.216.01");
  EXPECT_EQ(parse_nvidia_driver_version("NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  550.54.14  Release Build  "
                                        "(dvs-builder@U16-I3-B03-4-3)  Thu Feb 22 01:25:25 UTC 2024\n"),
            "550.54.14");
  EXPECT_EQ(parse_nvidia_driver_version("NVRM version: NVIDIA UNIX x86_64 Kernel Module  390.157  Wed Oct 12 09:19:07 UTC 2022\n"),
            "390.157");
  EXPECT_FALSE(parse_nvidia_driver_version("GCC version: gcc version 12.2.0\n"));
  EXPECT_FALSE(parse_nvidia_driver_version("NVRM version: NVIDIA UNIX x86_64 Kernel Module\n"));
  EXPECT_FALSE(parse_nvidia_driver_version(""));
}

TEST(HostParse, PciRealloc) {
  EXPECT_TRUE(cmdline_has_pci_realloc("BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro pci=realloc"));
  EXPECT_TRUE(cmdline_has_pci_realloc("ro pci=nocrs,realloc quiet"));
  EXPECT_TRUE(cmdline_has_pci_realloc("pci=realloc=on"));
  EXPECT_FALSE(cmdline_has_pci_realloc("pci=realloc=off"));
  EXPECT_FALSE(cmdline_has_pci_realloc("pci=realloc pci=realloc=off"));  // the last setting wins
  EXPECT_FALSE(cmdline_has_pci_realloc("ro quiet"));
  EXPECT_FALSE(cmdline_has_pci_realloc("nopci=realloc"));
  EXPECT_FALSE(cmdline_has_pci_realloc("pci=reallocate"));
  EXPECT_FALSE(cmdline_has_pci_realloc(""));
}

}  // namespace
}  // namespace rigcheck
