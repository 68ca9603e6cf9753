#include "probes/text/kernel_log_parse.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace rigcheck {
namespace {

TEST(KernelLogParse, EmptyAndBlankTexts) {
  for (std::string_view text : {"", "\n\n", "   \r\n\t\n"}) {
    auto parsed = parse_kernel_log(text);
    EXPECT_TRUE(parsed.events.empty());
    EXPECT_EQ(parsed.lines_read, 0u);
    EXPECT_EQ(parsed.starts_at_boot, std::nullopt);
  }
}

TEST(KernelLogParse, GarbageLinesAreCountedAndSkipped) {
  std::string text = "[    0.402215] pci 0000:13:00.0: BAR 1: no space for [mem size 0x800000000 64bit pref]\n";
  text += std::string("\x7f" "ELF\x02\x01\x01\0\0\0 NVRM: Xid (PCI:0000:13:00): 79, GPU has fallen off the bus", 60) + "\n";
  text += "\x1b[1;31mNVRM: GPU 0000:13:00.0: RmInitAdapter failed! (0x24:0x72:1447)\x1b[0m\n";
  auto parsed = parse_kernel_log(text);
  ASSERT_EQ(parsed.events.size(), 1u);
  EXPECT_EQ(parsed.events[0].kind, KernelEventKind::bar_assign_failed);
  EXPECT_EQ(parsed.lines_read, 3u);
  EXPECT_EQ(parsed.garbage_lines, 2u);
}

TEST(KernelLogParse, RingBufferThatWrappedDoesNotStartAtBoot) {
  auto parsed = parse_kernel_log("[ 8123.000001] NVRM: Xid (PCI:0000:13:00): 31, pid=1, name=x, Ch 00000008\n");
  EXPECT_EQ(parsed.starts_at_boot, false);
  EXPECT_EQ(parse_kernel_log("6,1832,8123000001,-;NVRM: x\n").starts_at_boot, false);
  EXPECT_EQ(parse_kernel_log("6,0,0,-;Linux version 6.1.0\n").starts_at_boot, true);
  EXPECT_EQ(parse_kernel_log("NVRM: x\n").starts_at_boot, std::nullopt);  // no stamps: cannot tell
}

TEST(KernelLogParse, ABootBannerStartsANewBoot) {
  std::string text =
      "[    0.000000] Linux version 6.1.0-27-amd64\n"
      "[    0.402215] pci 0000:13:00.0: BAR 1: no space for [mem size 0x800000000 64bit pref]\n"
      "[    0.000000] Linux version 6.1.0-28-amd64\n"
      "[    0.402215] pci 0000:13:00.0: BAR 1: assigned [mem 0x38000000000-0x387ffffffff 64bit pref]\n";
  auto parsed = parse_kernel_log(text);
  EXPECT_TRUE(parsed.events.empty());
  EXPECT_EQ(parsed.earlier_boots_dropped, 1);
  EXPECT_EQ(parsed.lines_read, 4u);
}

TEST(KernelLogParse, NvrmDetailWithoutHeaderStandsAlone) {
  auto parsed = parse_kernel_log("NVRM: BAR1 is 0M @ 0x0 (PCI:0000:13:00.0)\nNVRM: BAR1 is 0M @ 0x0 (PCI:0000:14:00.0)\n");
  ASSERT_EQ(parsed.events.size(), 2u);
  EXPECT_EQ(parsed.events[0].bdf, "0000:13:00.0");
  EXPECT_EQ(parsed.events[1].bdf, "0000:14:00.0");
}

TEST(KernelLogParse, TwoGpusWithInvalidBarsStayApart) {
  auto parsed = parse_kernel_log(
      "NVRM: This PCI I/O region assigned to your NVIDIA device is invalid:\n"
      "NVRM: BAR1 is 0M @ 0x0 (PCI:0000:13:00.0)\n"
      "NVRM: The system BIOS may have misconfigured your GPU.\n"
      "NVRM: This PCI I/O region assigned to your NVIDIA device is invalid:\n"
      "NVRM: BAR1 is 0M @ 0x0 (PCI:0000:14:00.0)\n"
      "NVRM: The system BIOS may have misconfigured your GPU.\n");
  ASSERT_EQ(parsed.events.size(), 4u);
  EXPECT_EQ(parsed.events[0].bdf, "0000:13:00.0");
  EXPECT_EQ(parsed.events[1].bdf, "0000:13:00.0");
  EXPECT_EQ(parsed.events[2].bdf, "0000:14:00.0");
  EXPECT_EQ(parsed.events[3].bdf, "0000:14:00.0");
}

TEST(KernelLogParse, RandomBytesNeverCrash) {
  std::uint64_t state = 0x9e3779b97f4a7c15ull;  // fixed seed: the same bytes every run
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const std::string pieces[] = {"NVRM: ", "Xid (PCI:", "0000:13:00.0", "BAR ", "1", ": ", "[", "]", ",", ";", "\n",
                                "AER: ", "received: id=", "kernel: ", "size 0x", "[mem 0x", "-0x", " ", "RmInitAdapter failed! (",
                                ")", "probe of ", " failed with error ", "-- Boot x --", "\r", std::string(1, '\0')};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int i = 0; i < 200; ++i) {
      auto r = next();
      text += (r % 4 == 0) ? std::string(1, static_cast<char>(r >> 8)) : pieces[(r >> 16) % std::size(pieces)];
    }
    auto parsed = parse_kernel_log(text);
    EXPECT_LE(parsed.lines_read, 201u);
  }
}

TEST(KernelLogParse, HugeLineIsCut) {
  std::string text(1 << 20, 'A');
  text += "\nnvidia: probe of 0000:13:00.0 failed with error -1\n";
  auto parsed = parse_kernel_log(text);
  ASSERT_EQ(parsed.events.size(), 1u);
  EXPECT_EQ(parsed.lines_read, 2u);
}

}  // namespace
}  // namespace rigcheck
