#include "probes/text/kernel_log_events.hpp"

#include <gtest/gtest.h>

namespace rigcheck {
namespace {

KernelLogEvent only(std::string_view message) {
  auto events = recognise_kernel_message(message);
  EXPECT_EQ(events.size(), 1u) << message;
  return events.empty() ? KernelLogEvent{} : events.front();
}

constexpr std::uint64_t k32GiB = 0x800000000;

TEST(KernelLogEvents, BarNoSpaceNewKernelWording) {
  auto e = only("pci 0000:13:00.0: BAR 1 [mem size 0x800000000 64bit pref]: can't assign; no space");
  EXPECT_EQ(e.kind, KernelEventKind::bar_assign_failed);
  EXPECT_EQ(e.bdf, "0000:13:00.0");
  EXPECT_EQ(e.bar, 1);
  EXPECT_EQ(e.size_bytes, k32GiB);
  EXPECT_EQ(e.line, "pci 0000:13:00.0: BAR 1 [mem size 0x800000000 64bit pref]: can't assign; no space");
}

TEST(KernelLogEvents, BarNoSpaceOldKernelWordings) {
  for (std::string_view message : {"pci 0000:13:00.0: BAR 1: no space for [mem size 0x800000000 64bit pref]",
                                   "pci 0000:13:00.0: BAR 1: failed to assign [mem size 0x800000000 64bit pref]"}) {
    auto e = only(message);
    EXPECT_EQ(e.kind, KernelEventKind::bar_assign_failed);
    EXPECT_EQ(e.bdf, "0000:13:00.0");
    EXPECT_EQ(e.bar, 1);
    EXPECT_EQ(e.size_bytes, k32GiB);
  }
}

TEST(KernelLogEvents, BarClaimAndAbove4G) {
  auto claim = only("pci 0000:13:00.0: can't claim BAR 1 [mem 0x00000000-0x7ffffffff 64bit pref]: no compatible bridge window");
  EXPECT_EQ(claim.kind, KernelEventKind::bar_no_compatible_window);
  EXPECT_EQ(claim.bar, 1);
  EXPECT_EQ(claim.size_bytes, k32GiB);  // end - start + 1
  auto claim_new = only("pci 0000:13:00.0: BAR 3 [mem 0x38800000000-0x38801ffffff 64bit pref]: can't claim; no compatible bridge window");
  EXPECT_EQ(claim_new.kind, KernelEventKind::bar_no_compatible_window);
  EXPECT_EQ(claim_new.bar, 3);
  EXPECT_EQ(claim_new.size_bytes, 32u << 20);
  auto above = only("pci 0000:13:00.0: can't handle BAR above 4GB (bus address 0x38000000000)");
  EXPECT_EQ(above.kind, KernelEventKind::bar_above_4g_unsupported);
  EXPECT_EQ(above.bdf, "0000:13:00.0");
  EXPECT_FALSE(above.bar);
}

TEST(KernelLogEvents, SuccessfulBarLinesAreNotEvents) {
  for (std::string_view message : {"pci 0000:13:00.0: BAR 1: assigned [mem 0x38000000000-0x387ffffffff 64bit pref]",
                                   "pci 0000:13:00.0: reg 0x14: [mem 0x00000000-0x7ffffffff 64bit pref]",
                                   "pci 0000:13:00.0: BAR 1 [mem 0x38000000000-0x387ffffffff 64bit pref]: releasing",
                                   "pcieport 0000:00:03.0: AER: enabled with IRQ 26",
                                   "NVRM: GPU 0000:13:00.0: rm_init_adapter failed, device minor number 0",
                                   "NVRM: The NVIDIA probe routine failed for 1 device(s).", "", "BAR "}) {
    EXPECT_TRUE(recognise_kernel_message(message).empty()) << message;
  }
}

TEST(KernelLogEvents, NvrmInvalidBarLines) {
  auto header = only("NVRM: This PCI I/O region assigned to your NVIDIA device is invalid:");
  EXPECT_EQ(header.kind, KernelEventKind::nvrm_invalid_bar);
  EXPECT_FALSE(header.bar);
  auto detail = only("NVRM: BAR1 is 0M @ 0x0 (PCI:0000:13:00.0)");
  EXPECT_EQ(detail.kind, KernelEventKind::nvrm_invalid_bar);
  EXPECT_EQ(detail.bar, 1);
  EXPECT_EQ(detail.size_bytes, 0u);
  EXPECT_EQ(detail.bdf, "0000:13:00.0");
  EXPECT_EQ(only("NVRM: BAR0 is 16M @ 0xf6000000 (PCI:0000:13:00.0)").size_bytes, 16u << 20);
  EXPECT_EQ(only("NVRM: The system BIOS may have misconfigured your GPU.").kind, KernelEventKind::nvrm_bios_misconfigured);
}

TEST(KernelLogEvents, ProbeFailed) {
  auto e = only("nvidia: probe of 0000:13:00.0 failed with error -1");
  EXPECT_EQ(e.kind, KernelEventKind::nvidia_probe_failed);
  EXPECT_EQ(e.bdf, "0000:13:00.0");
  EXPECT_EQ(e.code, "-1");
  EXPECT_TRUE(recognise_kernel_message("ahci: probe of 0000:00:17.0 failed with error -12").empty());
  EXPECT_TRUE(recognise_kernel_message("nvidia: probe of 0000:13:0").empty());  // truncated
}

TEST(KernelLogEvents, RmInitAdapterWithCode) {
  auto bar = only("NVRM: GPU 0000:13:00.0: RmInitAdapter failed! (0x24:0x72:1447)");
  EXPECT_EQ(bar.kind, KernelEventKind::rm_init_adapter_failed);
  EXPECT_EQ(bar.bdf, "0000:13:00.0");
  EXPECT_EQ(bar.code, "0x24:0x72:1447");
  auto old_driver = only("NVRM: RmInitAdapter failed! (0x26:0xffff:1123)");
  EXPECT_FALSE(old_driver.bdf);
  EXPECT_EQ(old_driver.code, "0x26:0xffff:1123");
  EXPECT_FALSE(only("NVRM: GPU 0000:13:00.0: RmInitAdapter failed! (0x24:0x1").code);  // truncated
}

TEST(KernelLogEvents, PowerCables) {
  auto e = only("NVRM: GPU 0000:13:00.0: GPU does not have the necessary power cables connected.");
  EXPECT_EQ(e.kind, KernelEventKind::power_cables_missing);
  EXPECT_EQ(e.bdf, "0000:13:00.0");
}

TEST(KernelLogEvents, XidAndFallenOffTheBus) {
  auto events = recognise_kernel_message("NVRM: Xid (PCI:0000:13:00): 79, pid='<unknown>', name=<unknown>, GPU has fallen off the bus.");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, KernelEventKind::xid);
  EXPECT_EQ(events[0].xid, 79);
  EXPECT_EQ(events[0].bdf, "0000:13:00");
  EXPECT_EQ(events[1].kind, KernelEventKind::fallen_off_bus);
  EXPECT_EQ(events[1].bdf, "0000:13:00");

  auto old = only("NVRM: Xid (0000:0A:00): 48, An uncorrectable double bit error (DBE) has been detected on GPU in the framebuffer at partition 0, subpartition 0.");
  EXPECT_EQ(old.xid, 48);
  EXPECT_EQ(old.bdf, "0000:0a:00");

  auto gpu_line = only("NVRM: GPU 0000:13:00.0: GPU has fallen off the bus.");
  EXPECT_EQ(gpu_line.kind, KernelEventKind::fallen_off_bus);
  EXPECT_EQ(gpu_line.bdf, "0000:13:00.0");
  EXPECT_TRUE(recognise_kernel_message("NVRM: Xid (PCI:0000:13:00): ").empty());
}

TEST(KernelLogEvents, AerCurrentWording) {
  auto corrected = only("pcieport 0000:00:03.1: AER: Corrected error received: 0000:13:00.0");
  EXPECT_EQ(corrected.kind, KernelEventKind::aer_error);
  EXPECT_EQ(corrected.severity, "Corrected");
  EXPECT_EQ(corrected.bdf, "0000:13:00.0");
  auto nonfatal = only("pcieport 0000:00:01.0: AER: Uncorrected (Non-Fatal) error received: 0000:01:00.0");
  EXPECT_EQ(nonfatal.severity, "Uncorrected (Non-Fatal)");
  EXPECT_EQ(nonfatal.bdf, "0000:01:00.0");
  auto fatal = only("pcieport 0000:00:01.0: AER: Multiple Uncorrected (Fatal) error received: 0000:01:00.0");
  EXPECT_EQ(fatal.severity, "Uncorrected (Fatal)");
}

TEST(KernelLogEvents, AerSpecTermsOfNewerKernels) {
  auto e = only("pcieport 0000:00:1c.4: AER: Correctable error message received from 0000:05:00.0");
  EXPECT_EQ(e.severity, "Corrected");
  EXPECT_EQ(e.bdf, "0000:05:00.0");
  EXPECT_EQ(only("pcieport 0000:00:1c.4: AER: Uncorrectable (Non-Fatal) error message received from 0000:05:00.0").severity,
            "Uncorrected (Non-Fatal)");
}

TEST(KernelLogEvents, AerOldRequesterId) {
  // id = bus << 8 | device << 3 | function, in the reporting port's PCI domain.
  auto e = only("pcieport 0000:00:03.0: AER: Multiple Corrected error received: id=0018");
  EXPECT_EQ(e.severity, "Corrected");
  EXPECT_EQ(e.bdf, "0000:00:03.0");
  EXPECT_EQ(only("pcieport 0001:00:1c.4: AER: Corrected error received: id=0501").bdf, "0001:05:00.1");
  EXPECT_FALSE(only("pcieport 0000:00:1c.4: AER: Corrected error received: id=zz").bdf);
}

}  // namespace
}  // namespace rigcheck
