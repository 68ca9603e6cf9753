// The physics guard: a figure above what the hardware can do is `error` with both numbers.
#include <gtest/gtest.h>

#include <algorithm>

#include "physics_test_entries.hpp"
#include "reports/compute/judge_compute.hpp"
#include "reports/judge/evidence.hpp"
#include "reports/judge/physics_guard.hpp"
#include "reports/transfer/judge_pcie_bandwidth.hpp"

namespace rigcheck {
namespace {

using testing::gemm_at;
using testing::p40_entry;
using testing::with_gemm;

Check compute_check(const GpuEntry& gpu, const std::string& id) {
  const CardSpec* card = find_card(gpu.pci.vendor_id, gpu.pci.device_id);
  auto checks = judge_compute(*gpu.measurements.compute, card, Policy{}, gpu.telemetry ? &*gpu.telemetry : nullptr);
  guard_compute(checks, gpu, card);
  auto it = std::find_if(checks.begin(), checks.end(), [&](const Check& c) { return c.id == id; });
  EXPECT_NE(it, checks.end()) << id;
  return it == checks.end() ? Check{} : *it;
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

TEST(PhysicsGuard, FortyTflopsFp32OnAP40IsAnError) {
  const Check c = compute_check(with_gemm(p40_entry(), gemm_at(40.0)), "compute.gemm.fp32");
  EXPECT_EQ(c.status, CheckStatus::error) << c.summary;
  EXPECT_NE(c.summary.find("40.0 TFLOPS measured"), std::string::npos) << c.summary;
  EXPECT_NE(c.summary.find("above the 11.8 TFLOPS fp32 peak of a Tesla P40 at 1531 MHz"), std::string::npos)
      << c.summary;
  EXPECT_NE(c.summary.find("the timing or the measurement is broken"), std::string::npos);
  EXPECT_TRUE(mentions(c.evidence, "judged before the physics guard")) << "the old judgement stays as evidence";
  EXPECT_TRUE(mentions(c.evidence, "no SM clock was sampled")) << "the clock's source is said";
}

TEST(PhysicsGuard, NearThePeakPasses) {
  const Check c = compute_check(with_gemm(p40_entry(), gemm_at(11.0)), "compute.gemm.fp32");
  EXPECT_EQ(c.status, CheckStatus::pass) << c.summary;
  EXPECT_TRUE(mentions(c.evidence, "physical limit of cublas square")) << "the bound is shown";
}

TEST(PhysicsGuard, TheLimitIsAtTheSmClockMeasuredOverTheWindow) {
  // 10 TFLOPS is possible at the 1531 MHz boost clock but not at 1000 MHz (7.68 TFLOPS peak).
  auto g = gemm_at(10.0);
  g.throughput.window_start_s = 1.0;
  g.throughput.window_end_s = 2.0;
  GpuEntry gpu = with_gemm(p40_entry(), g);
  Telemetry t;
  t.columns = {"t_s", "sm_clock_mhz"};
  for (int i = 0; i < 30; ++i) t.rows.push_back({0.1 * i, 1000.0});
  gpu.telemetry = t;
  const Check c = compute_check(gpu, "compute.gemm.fp32");
  EXPECT_EQ(c.status, CheckStatus::error) << c.summary;
  EXPECT_NE(c.summary.find("at 1000 MHz"), std::string::npos) << c.summary;
  EXPECT_TRUE(mentions(c.evidence, "SM clock measured over the window"));
}

TEST(PhysicsGuard, Fp16WithFp32AccumulateOnPascalIsHeldToTheFp32Peak) {
  // cuBLAS fp16 data with fp32 accumulate runs on a P40's FP32 units: 10 TFLOPS is possible,
  // though the card's half2 figure is 0.18 TFLOPS.
  const Check ok = compute_check(with_gemm(p40_entry(), gemm_at(10.0, "fp16")), "compute.gemm.fp16");
  EXPECT_EQ(ok.status, CheckStatus::pass) << ok.summary;
  const Check impossible = compute_check(with_gemm(p40_entry(), gemm_at(30.0, "fp16")), "compute.gemm.fp16");
  EXPECT_EQ(impossible.status, CheckStatus::error) << impossible.summary;
  EXPECT_NE(impossible.summary.find("fp32 peak"), std::string::npos) << impossible.summary;
}

TEST(PhysicsGuard, WrongResultsStayAFailWithTheBreachAsEvidence) {
  auto g = gemm_at(40.0);
  g.reference.mismatches = 3;
  const Check c = compute_check(with_gemm(p40_entry(), g), "compute.gemm.fp32");
  EXPECT_EQ(c.status, CheckStatus::fail);
  EXPECT_TRUE(mentions(c.evidence, "physics guard: 40.0 TFLOPS measured"));
}

TEST(PhysicsGuard, ANonPositiveDurationIsAnError) {
  auto g = gemm_at(5.0);
  g.throughput.seconds_min = 0;
  const Check c = compute_check(with_gemm(p40_entry(), g), "compute.gemm.fp32");
  EXPECT_EQ(c.status, CheckStatus::error);
  EXPECT_NE(c.summary.find("not a positive duration"), std::string::npos) << c.summary;
}

TEST(PhysicsGuard, GpuTimeBeyondTheHostWindowIsAnError) {
  auto g = gemm_at(8.0);  // three repeats of ~0.27 ms
  g.throughput.window_start_s = 10.0;
  g.throughput.window_end_s = 10.0 + 0.05;  // not compared: shorter than 100 ms
  EXPECT_EQ(compute_check(with_gemm(p40_entry(), g), "compute.gemm.fp32").status, CheckStatus::pass);
  g.throughput.samples = 1000;  // 1000 repeats (>= 0.26 s of GPU time) in a 0.2 s host window
  g.throughput.window_end_s = 10.2;
  const Check c = compute_check(with_gemm(p40_entry(), g), "compute.gemm.fp32");
  EXPECT_EQ(c.status, CheckStatus::error);
  EXPECT_NE(c.summary.find("monotonic clock"), std::string::npos) << c.summary;
}

TEST(PhysicsGuard, ACardNotInTheTableIsHeldToItsNvmlCoreCount) {
  GpuEntry gpu = with_gemm(p40_entry(), gemm_at(12.0));
  gpu.pci.device_id = 0x1234;  // not in the card table
  NvmlFacts nvml;
  nvml.gpu_core_count = NvmlValue<int>::measured(3840);
  nvml.max_sm_clock_mhz = NvmlValue<int>::measured(1531);  // 3840 x 2 x 1531 MHz = 11.76 TFLOPS
  gpu.nvml = nvml;
  Check c = compute_check(gpu, "compute.gemm.fp32");
  EXPECT_EQ(c.status, CheckStatus::pass) << c.summary;
  gpu.measurements.compute->gemm[0] = gemm_at(14.0);
  c = compute_check(gpu, "compute.gemm.fp32");
  EXPECT_EQ(c.status, CheckStatus::error) << c.summary;
  EXPECT_NE(c.summary.find("of this device at 1531 MHz"), std::string::npos) << c.summary;
  EXPECT_TRUE(mentions(c.evidence, "NVML: 3840 CUDA cores"));
  EXPECT_TRUE(mentions(c.evidence, "NVML's maximum SM clock"));
}

TEST(PhysicsGuard, WithoutAnyPeakTheEvidenceSaysSo) {
  GpuEntry gpu = with_gemm(p40_entry(), gemm_at(40.0));
  gpu.pci.device_id = 0x1234;
  const Check c = compute_check(gpu, "compute.gemm.fp32");
  EXPECT_EQ(c.status, CheckStatus::pass);
  EXPECT_TRUE(mentions(c.evidence, "no peak known"));
}

GpuEntry with_copies(GpuEntry gpu, double device_copy_bytes_per_s) {
  BandwidthResult b;
  b.backend = "cuda";
  b.device_copies.push_back({"api_copy", 256u << 20, 10, device_copy_bytes_per_s, device_copy_bytes_per_s * 0.98,
                             device_copy_bytes_per_s * 1.01});
  gpu.measurements.bandwidth = b;
  return gpu;
}

TEST(PhysicsGuard, DeviceCopiesAboveTheMemoryBandwidthAreAnError) {
  Check check = make_check("vram.integrity", CheckStatus::pass, "no errors");
  guard_device_memory(check, with_copies(p40_entry(), 300e9), find_card(testing::kNvidia, testing::kP40));
  EXPECT_EQ(check.status, CheckStatus::pass);
  EXPECT_TRUE(mentions(check.evidence, "346.0 GB/s memory bandwidth"));
  guard_device_memory(check, with_copies(p40_entry(), 800e9), find_card(testing::kNvidia, testing::kP40));
  EXPECT_EQ(check.status, CheckStatus::error);
  EXPECT_NE(check.summary.find("800.0 GB/s measured, above the 346.0 GB/s"), std::string::npos) << check.summary;
}

TEST(PhysicsGuard, MemoryBandwidthOfACardNotInTheTableComesFromNvml) {
  GpuEntry gpu = with_copies(p40_entry(), 400e9);
  NvmlFacts nvml;
  nvml.max_mem_clock_mhz = NvmlValue<int>::measured(3615);
  nvml.memory_bus_width_bits = NvmlValue<int>::measured(384);  // 347 GB/s
  gpu.nvml = nvml;
  Check check = make_check("vram.integrity", CheckStatus::pass, "no errors");
  guard_device_memory(check, gpu, nullptr);
  EXPECT_EQ(check.status, CheckStatus::error) << check.summary;
  EXPECT_NE(check.summary.find("3615 MHz maximum memory clock"), std::string::npos) << check.summary;
}

TEST(PhysicsGuard, VramTimerCountingMoreThanTheWallClockIsAnError) {
  GpuEntry gpu = p40_entry();
  VramTestResult vram;
  vram.duration_s = 10;
  vram.gpu_seconds = 12;
  gpu.measurements.vram = vram;
  Check check = make_check("vram.integrity", CheckStatus::pass, "no errors");
  guard_device_memory(check, gpu, nullptr);
  EXPECT_EQ(check.status, CheckStatus::error);
  EXPECT_NE(check.summary.find("12.000 s of VRAM test steps in 10.000 s"), std::string::npos) << check.summary;
}

GpuEntry with_transfer(GpuEntry gpu, const char* direction, double bytes_per_s, bool sampled_link) {
  TransferResult t;
  t.backend = "cuda";
  t.samples.push_back({direction, "pinned", 64u << 20, 10, bytes_per_s, bytes_per_s * 0.99, bytes_per_s * 1.01,
                       "device_events"});
  if (sampled_link) t.link_during_transfer.push_back({0.5, 8.0, 16});
  gpu.measurements.transfers = t;
  return gpu;
}

TEST(PhysicsGuard, HostCopiesAboveTheLinkRateAreAnError) {
  // PCIe 3.0 x16 carries 15.75 GB/s per direction after 128b/130b encoding.
  GpuEntry ok = with_transfer(p40_entry(), "host_to_device", 12.5e9, true);
  Check check = judge_pcie_bandwidth(ok, Policy{});
  guard_host_copies(check, ok);
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  GpuEntry impossible = with_transfer(p40_entry(), "host_to_device", 20e9, true);
  check = judge_pcie_bandwidth(impossible, Policy{});
  guard_host_copies(check, impossible);
  EXPECT_EQ(check.status, CheckStatus::error);
  EXPECT_NE(check.summary.find("20.00 GB/s measured, above the 15.75 GB/s"), std::string::npos) << check.summary;
  EXPECT_NE(check.summary.find("sampled during the copies"), std::string::npos) << check.summary;
}

TEST(PhysicsGuard, WithoutASampledLinkTheBestLinkBoundsTheCopies) {
  // The probe saw the idle 2.5 GT/s link; the copies may have run at 8 GT/s: not impossible.
  GpuEntry gpu = with_transfer(p40_entry(), "host_to_device", 12.5e9, false);
  Check check = judge_pcie_bandwidth(gpu, Policy{});
  guard_host_copies(check, gpu);
  EXPECT_NE(check.status, CheckStatus::error) << check.summary;
  EXPECT_TRUE(mentions(check.evidence, "no link was sampled during the copies"));
}

TEST(PhysicsGuard, BurnIntervalsAboveThePeakAreAnError) {
  GpuEntry gpu = p40_entry();
  BurnResult burn;
  burn.precision = "fp32";
  burn.implementation = "cublas";
  burn.intervals = {{0.0, 1.0, 11.0}, {1.0, 2.0, 11.2}};
  gpu.measurements.burn = burn;
  std::vector<Check> checks{make_check("thermal.sustained", CheckStatus::pass, "cool")};
  const CardSpec* p40 = find_card(testing::kNvidia, testing::kP40);
  guard_burn(checks, gpu, p40);
  EXPECT_EQ(checks[0].status, CheckStatus::pass) << checks[0].summary;
  gpu.measurements.burn->intervals.push_back({2.0, 3.0, 40.0});
  guard_burn(checks, gpu, p40);
  EXPECT_EQ(checks[0].status, CheckStatus::error);
  EXPECT_NE(checks[0].summary.find("40.0 TFLOPS measured (burn cublas interval at 2.0 s)"), std::string::npos)
      << checks[0].summary;
}

TEST(PhysicsGuard, BothWaysAtOnceMayCarryTwiceTheLinkRate) {
  GpuEntry gpu = with_transfer(p40_entry(), "bidirectional", 25e9, true);
  Check check = make_check("pcie.bandwidth", CheckStatus::pass, "");
  guard_host_copies(check, gpu);
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
}

}  // namespace
}  // namespace rigcheck
