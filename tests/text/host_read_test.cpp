#include "probes/text/host_read.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "probes/text/host_parse.hpp"
#include "test_files.hpp"

namespace rigcheck {
namespace {

using testing::TempTree;

// A P40 build's host files, as a gathered sysroot holds them.
void write_machine(const TempTree& tree, bool with_driver) {
  tree.write("/proc/sys/kernel/hostname", "tesla-rig\n");
  tree.write("/proc/meminfo", "MemTotal:       65853720 kB\nMemFree:        60071344 kB\nMemAvailable:   63190296 kB\n");
  std::string cpuinfo;
  for (int i = 0; i < 28; ++i)
    cpuinfo += "processor\t: " + std::to_string(i) + "\nmodel name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz\n\n";
  tree.write("/proc/cpuinfo", cpuinfo);
  tree.write("/proc/sys/kernel/osrelease", "6.1.0-28-amd64\n");
  tree.write("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n");
  tree.write("/proc/cmdline", "BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=2f4e ro quiet pci=realloc\n");
  if (with_driver)
    tree.write("/proc/driver/nvidia/version",
               "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.216.01  Wed Oct 30 17:34:51 UTC 2024\n");
}

bool has_problem(const HostFacts& facts, const std::string& path) {
  return std::any_of(facts.problems.begin(), facts.problems.end(), [&](const ReadProblem& p) { return p.path == path; });
}

TEST(HostRead, GatheredMachine) {
  TempTree tree("rigcheck-host");
  write_machine(tree, true);
  auto facts = read_host_facts(FileSource(tree.root()));
  EXPECT_EQ(facts.hostname, "tesla-rig");
  EXPECT_EQ(facts.memory_total_bytes, 65853720ull * 1024);
  EXPECT_EQ(facts.memory_available_bytes, 63190296ull * 1024);
  EXPECT_EQ(facts.cpu_model, "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz");
  EXPECT_EQ(facts.cpu_logical_cores, 28);
  EXPECT_EQ(facts.kernel_release, "6.1.0-28-amd64");
  EXPECT_EQ(facts.distribution, "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(facts.nvidia_driver_version, "535.216.01");
  EXPECT_EQ(facts.kernel_cmdline, "BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=2f4e ro quiet pci=realloc");
  EXPECT_TRUE(cmdline_has_pci_realloc(*facts.kernel_cmdline));
  EXPECT_TRUE(facts.problems.empty());
  EXPECT_FALSE(facts.kernel_log.available);  // read_kernel_log's job
}

TEST(HostRead, NoDriverIsNormal) {
  TempTree tree("rigcheck-host-nodriver");
  write_machine(tree, false);
  auto facts = read_host_facts(FileSource(tree.root()));
  EXPECT_FALSE(facts.nvidia_driver_version);
  EXPECT_TRUE(facts.problems.empty());
}

TEST(HostRead, OsReleaseFallsBackToUsrLib) {
  TempTree tree("rigcheck-host-usrlib");
  write_machine(tree, false);
  std::filesystem::remove(tree.root() / "etc/os-release");
  tree.write("/usr/lib/os-release", "NAME=\"Fedora Linux\"\nVERSION=\"40 (Server Edition)\"\n");
  auto facts = read_host_facts(FileSource(tree.root()));
  EXPECT_EQ(facts.distribution, "Fedora Linux 40 (Server Edition)");
  EXPECT_TRUE(facts.problems.empty());
}

TEST(HostRead, EmptySysrootNamesEveryMissingFile) {
  TempTree tree("rigcheck-host-empty");
  auto facts = read_host_facts(FileSource(tree.root()));
  for (const char* path : {"/proc/sys/kernel/hostname", "/proc/meminfo", "/proc/cpuinfo", "/proc/sys/kernel/osrelease",
                           "/etc/os-release", "/proc/cmdline"})
    EXPECT_TRUE(has_problem(facts, path)) << path;
  EXPECT_FALSE(has_problem(facts, "/proc/driver/nvidia/version"));
  EXPECT_EQ(facts.problems.size(), 6u);
  for (const auto& p : facts.problems) EXPECT_EQ(p.reason, "no such file") << p.path;
  EXPECT_FALSE(facts.memory_total_bytes);
  EXPECT_FALSE(facts.cpu_model);
}

TEST(HostRead, MalformedFilesAreProblemsNotCrashes) {
  TempTree tree("rigcheck-host-bad");
  write_machine(tree, true);
  tree.write("/proc/meminfo", "this is not meminfo\n");
  tree.write("/proc/cpuinfo", std::string("\0\0\0", 3));
  tree.write("/proc/sys/kernel/osrelease", "\n");
  tree.write("/proc/driver/nvidia/version", "garbage\n");
  tree.write("/etc/os-release", "ID=debian\n");
  auto facts = read_host_facts(FileSource(tree.root()));
  EXPECT_TRUE(has_problem(facts, "/proc/meminfo"));
  EXPECT_TRUE(has_problem(facts, "/proc/cpuinfo"));
  EXPECT_TRUE(has_problem(facts, "/proc/sys/kernel/osrelease"));
  EXPECT_TRUE(has_problem(facts, "/proc/driver/nvidia/version"));
  EXPECT_TRUE(has_problem(facts, "/etc/os-release"));
  EXPECT_FALSE(facts.memory_total_bytes);
  EXPECT_FALSE(facts.kernel_release);
  EXPECT_FALSE(facts.nvidia_driver_version);
  EXPECT_EQ(facts.hostname, "tesla-rig");
}

TEST(HostRead, UnreadableFileIsAProblem) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads a mode-000 file anyway";
  TempTree tree("rigcheck-host-perm");
  write_machine(tree, true);
  std::filesystem::permissions(tree.root() / "proc/driver/nvidia/version", std::filesystem::perms::none);
  auto facts = read_host_facts(FileSource(tree.root()));
  ASSERT_TRUE(has_problem(facts, "/proc/driver/nvidia/version"));
  EXPECT_EQ(facts.problems.front().reason, "permission denied");
}

TEST(HostRead, ThisMachine) {
  auto facts = read_host_facts(FileSource("/"));
  ASSERT_TRUE(facts.memory_total_bytes);
  EXPECT_GT(*facts.memory_total_bytes, 64ull << 20);
  ASSERT_TRUE(facts.cpu_logical_cores);
  EXPECT_GE(*facts.cpu_logical_cores, 1);
  EXPECT_GE(static_cast<long>(*facts.cpu_logical_cores), ::sysconf(_SC_NPROCESSORS_ONLN));
  EXPECT_TRUE(facts.kernel_release);
  EXPECT_TRUE(facts.kernel_cmdline);
}

}  // namespace
}  // namespace rigcheck
