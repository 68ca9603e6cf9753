#include "probes/text/kernel_log_line.hpp"

#include <gtest/gtest.h>

namespace rigcheck {
namespace {

constexpr std::string_view kMessage = "pci 0000:13:00.0: BAR 1: failed to assign [mem size 0x800000000 64bit pref]";

TEST(KernelLogLine, KmsgRecordGivesTimeAndSequence) {
  auto line = split_log_line("3,612,402231,-;pci 0000:13:00.0: BAR 1: failed to assign [mem size 0x800000000 64bit pref]");
  EXPECT_EQ(line.kind, LogLineKind::message);
  EXPECT_EQ(line.message, kMessage);
  ASSERT_TRUE(line.time_s);
  EXPECT_DOUBLE_EQ(*line.time_s, 0.402231);
  EXPECT_EQ(line.sequence, 612u);
}

TEST(KernelLogLine, KmsgRecordWithExtraFieldsAndDictionary) {
  auto line = split_log_line("4,7,5000000,c,caller=T1;NVRM: hello");
  EXPECT_EQ(line.message, "NVRM: hello");
  EXPECT_EQ(split_log_line(" SUBSYSTEM=pci").kind, LogLineKind::continuation);
  EXPECT_EQ(split_log_line(" DEVICE=+pci:0000:13:00.0").kind, LogLineKind::continuation);
}

TEST(KernelLogLine, DmesgStampedAndBare) {
  auto stamped = split_log_line("[    0.402231] pci 0000:13:00.0: BAR 1: failed to assign [mem size 0x800000000 64bit pref]");
  EXPECT_EQ(stamped.message, kMessage);
  ASSERT_TRUE(stamped.time_s);
  EXPECT_DOUBLE_EQ(*stamped.time_s, 0.402231);
  auto bare = split_log_line(kMessage);
  EXPECT_EQ(bare.message, kMessage);
  EXPECT_FALSE(bare.time_s);
}

TEST(KernelLogLine, BracketsThatAreNotStampsStay) {
  auto line = split_log_line("[drm] Initialized nvidia-drm 0.0.0 20160202 for 0000:13:00.0 on minor 1");
  EXPECT_EQ(line.message, "[drm] Initialized nvidia-drm 0.0.0 20160202 for 0000:13:00.0 on minor 1");
}

TEST(KernelLogLine, WallClockAndRelativeStampsCarryNoBootTime) {
  for (std::string_view raw : {"[Fri Nov 27 20:53:00 2026] NVRM: x", "[Nov27 20:53] NVRM: x", "[  +0.000012] NVRM: x",
                               "2026-11-27T20:53:00,402231+00:00 NVRM: x"}) {
    auto line = split_log_line(raw);
    EXPECT_EQ(line.message, "NVRM: x") << raw;
    EXPECT_FALSE(line.time_s) << raw;
  }
}

TEST(KernelLogLine, DmesgWithFacilityAndLevel) {
  auto line = split_log_line("kern  :err   : [    4.903311] NVRM: BAR1 is 0M @ 0x0 (PCI:0000:13:00.0)");
  EXPECT_EQ(line.message, "NVRM: BAR1 is 0M @ 0x0 (PCI:0000:13:00.0)");
  EXPECT_TRUE(line.time_s);
  // A driver name followed by ':' is not a facility prefix.
  EXPECT_EQ(split_log_line("nvidia: probe of 0000:13:00.0 failed with error -1").message,
            "nvidia: probe of 0000:13:00.0 failed with error -1");
}

TEST(KernelLogLine, JournalctlAndSyslog) {
  EXPECT_EQ(split_log_line("Nov 27 20:53:04 tesla-rig kernel: NVRM: x").message, "NVRM: x");
  EXPECT_EQ(split_log_line("2026-11-27T20:53:04+0000 tesla-rig kernel: NVRM: x").message, "NVRM: x");
  auto monotonic = split_log_line("[    4.903311] tesla-rig kernel: NVRM: x");
  EXPECT_EQ(monotonic.message, "NVRM: x");
  EXPECT_TRUE(monotonic.time_s);
  auto syslog = split_log_line("Nov 27 20:53:04 tesla-rig kernel: [    4.903311] NVRM: x");
  EXPECT_EQ(syslog.message, "NVRM: x");
  ASSERT_TRUE(syslog.time_s);
  EXPECT_DOUBLE_EQ(*syslog.time_s, 4.903311);
  // A message that says "kernel:" after its own "name: " is not a journal header.
  EXPECT_EQ(split_log_line("foo: the kernel: said").message, "foo: the kernel: said");
}

TEST(KernelLogLine, JournalMarkersAndJunk) {
  EXPECT_EQ(split_log_line("-- Boot 5c1d0e9a4b7f4e2b8a6c3d1e0f9a8b7c --").kind, LogLineKind::boot_marker);
  EXPECT_EQ(split_log_line("-- Reboot --").kind, LogLineKind::boot_marker);
  EXPECT_EQ(split_log_line("-- Logs begin at Thu 2026-11-26 18:02:11 UTC. --").kind, LogLineKind::blank);
  EXPECT_EQ(split_log_line("   ").kind, LogLineKind::blank);
  EXPECT_EQ(split_log_line(std::string_view("\x7f" "ELF\x02\x01\x01\0", 8)).kind, LogLineKind::garbage);
  EXPECT_EQ(split_log_line("[    0.000000] ").kind, LogLineKind::blank);
  EXPECT_TRUE(split_log_line("[    0.000000] Linux version 6.1.0-28-amd64").starts_boot);
}

TEST(KernelLogLine, TruncatedPrefixesNeverCrash) {
  for (std::string_view raw : {"6,", "6,1,", "6,1,2", "6,1,2,-", "[", "[ 12.", "[ 12.5", "kern  :", "kern  :err",
                               "Nov 27 20:53:04 host kernel:", "2026-11-27T", "[+]"}) {
    auto line = split_log_line(raw);
    EXPECT_NE(line.kind, LogLineKind::garbage) << raw;
  }
}

}  // namespace
}  // namespace rigcheck
