#include "reports/vram/judge_vram.hpp"

#include <algorithm>

#include <cstdint>

#include <fmt/format.h>

#include "reports/vram/record_temperature.hpp"
#include "reports/vram/vram_classify.hpp"

namespace rigcheck {
namespace {

constexpr double kGib = 1024.0 * 1024.0 * 1024.0;
// Not a threshold but the test's granularity: it moves memory in 4 KiB blocks, so coverage within
// one block of the minimum meets it.
constexpr std::uint64_t kCoverageToleranceBytes = 4096;

bool errors_only_when_hot(const VramTestResult& v, const Telemetry* telemetry, double hot_celsius) {
  if (v.records.empty()) return false;
  const VramRecordTemperatures temperatures(v, telemetry);
  return std::all_of(v.records.begin(), v.records.end(), [&](const VramErrorRecord& r) {
    const auto celsius = temperatures.celsius(r);
    return celsius && *celsius >= hot_celsius;
  });
}

std::string classification_text(const VramErrorClassification& c) {
  return fmt::format("errors classified as {}: {} record(s) re-read the same wrong value, {} read back otherwise",
                     to_string(c.kind), c.stuck_records, c.transient_records);
}

void add_metrics(Check& check, const VramTestResult& v) {
  check.metrics["tested_bytes"] = {static_cast<double>(v.tested_bytes), "bytes"};
  check.metrics["total_bytes"] = {static_cast<double>(v.total_memory_bytes), "bytes"};
  check.metrics["coverage"] = {v.coverage_fraction, "fraction"};
  check.metrics["tested_rate"] = {v.tested_bytes_per_s, "bytes/s"};
  check.metrics["traffic_rate"] = {v.traffic_bytes_per_s, "bytes/s"};
  if (v.copy_bandwidth_bytes_per_s) check.metrics["copy_bandwidth"] = {*v.copy_bandwidth_bytes_per_s, "bytes/s"};
  if (v.ratio_to_copy_bandwidth) check.metrics["ratio_to_copy_bandwidth"] = {*v.ratio_to_copy_bandwidth, "fraction"};
  check.metrics["errors"] = {static_cast<double>(v.error_count), "count"};
  check.metrics["passes"] = {static_cast<double>(v.passes_completed), "count"};
}

}  // namespace

Check judge_vram_integrity(const GpuEntry& gpu, const Policy& policy) {
  const auto& thresholds = policy.vram_integrity;
  Check check;
  check.id = kVramIntegrityCheckId;
  if (!gpu.measurements.vram) {
    check.status = CheckStatus::skip;
    check.summary = "VRAM test not run (run `rigcheck vram` or a profile that includes it)";
    return check;
  }
  const auto& v = *gpu.measurements.vram;
  add_metrics(check, v);
  for (const auto& note : v.notes) check.evidence.push_back(note);

  if (v.device_error) check.evidence.push_back("the device failed during the test: " + *v.device_error);
  if (v.error_count > 0) {
    check.status = CheckStatus::fail;
    check.summary = fmt::format("{} memory errors in {:.2f} GiB tested{}", v.error_count,
                                static_cast<double>(v.tested_bytes) / kGib,
                                v.device_error ? " before the device failed" : "");
    if (v.lowest_failing_address_bytes && v.highest_failing_address_bytes)
      check.evidence.push_back(fmt::format("failing addresses {:#x} to {:#x} of the tested range",
                                           *v.lowest_failing_address_bytes, *v.highest_failing_address_bytes));
    for (std::size_t i = 0; i < v.records.size() && i < 5; ++i) {
      const auto& r = v.records[i];
      check.evidence.push_back(fmt::format("{} pass {} at {:#x}: expected {:#010x}, read {:#010x}, re-read {:#010x}",
                                           r.pattern, r.pass, r.address_bytes, r.expected, r.actual, r.reread));
    }
    if (!v.injected_faults.empty()) {
      check.evidence.push_back(fmt::format("{} faults were injected on purpose (--inject-faults)", v.injected_faults.size()));
      check.advice.push_back("These errors include faults injected by --inject-faults: run again without it to test the card.");
    }
    const auto c = classify_vram_errors(v, thresholds);
    check.evidence.push_back(classification_text(c));
    if (errors_only_when_hot(v, gpu.telemetry ? &*gpu.telemetry : nullptr, thresholds.only_when_hot_celsius)) {
      check.advice.push_back(fmt::format(
          "Errors appeared only at {:.0f} °C or more: improve the card's cooling (airflow, shroud, fan) and test again.",
          thresholds.only_when_hot_celsius));
    }
    const bool stays_wrong =
        c.kind == VramErrorKind::stuck || c.kind == VramErrorKind::mixed || c.kind == VramErrorKind::data_line;
    if (stays_wrong) {
      if (!c.data_line_bits.empty()) {
        std::string bits;
        for (auto b : c.data_line_bits) bits += (bits.empty() ? "" : ", ") + std::to_string(b);
        check.evidence.push_back("data bit(s) " + bits + " fail across many addresses: a data line or memory chip");
      }
      check.advice.push_back("Bits that stay wrong on a re-read mean faulty memory: the card is defective, return it.");
    }
    if (c.kind == VramErrorKind::transient || c.kind == VramErrorKind::mixed) {
      check.advice.push_back(
          "Errors that read back correctly are transient: re-test, check the power cables (EPS-12V, not PCIe) and the PSU.");
    }
    if (c.kind == VramErrorKind::unrecorded)
      check.advice.push_back("Re-run with more error records to classify the errors.");
    return check;
  }

  if (v.device_error) {
    // No error found yet, but the test did not finish: the memory is not vouched for.
    check.status = CheckStatus::error;
    check.summary = fmt::format("the device failed after {} of {} passes, before the VRAM test found any error: {}",
                                v.passes_completed, v.passes_requested, *v.device_error);
    check.advice.push_back(
        "A GPU that faults or stops answering under a memory test is a finding in itself: look for Xid errors in "
        "the kernel log, check cooling and power cables, and run `rigcheck vram` again after a reboot.");
    return check;
  }
  if (v.interrupted || v.passes_completed == 0) {
    check.status = CheckStatus::warn;
    check.summary = fmt::format("no errors, but the VRAM test was interrupted after {} of {} passes",
                                v.passes_completed, v.passes_requested);
    check.advice.push_back("Run `rigcheck vram` to the end to judge the memory.");
    return check;
  }
  const double coverage_percent = 100.0 * v.coverage_fraction;
  // Coverage is judged for cards; a device without a PCI address (the CPU Vulkan device) tests a
  // slice of host memory on purpose.
  const bool is_card = !gpu.pci.bdf.empty();
  const double minimum_bytes = thresholds.min_coverage_fraction * static_cast<double>(v.total_memory_bytes);
  const bool enough = static_cast<double>(v.tested_bytes + kCoverageToleranceBytes) >= minimum_bytes;
  if (is_card && !enough) {
    check.status = CheckStatus::warn;
    check.summary = fmt::format("no errors in {:.2f} GiB, but only {:.1f}% of the memory was tested",
                                static_cast<double>(v.tested_bytes) / kGib, coverage_percent);
    check.advice.push_back(fmt::format(
        "Test at least {:.0f}% of the memory (close other GPU programs; use the default --fraction): untested memory may hold faults.",
        100.0 * thresholds.min_coverage_fraction));
    return check;
  }
  check.status = CheckStatus::pass;
  check.summary = fmt::format("no errors in {:.2f} GiB ({:.1f}% of the memory{}), {} pass(es), {:.1f} GB/s",
                              static_cast<double>(v.tested_bytes) / kGib, coverage_percent,
                              is_card ? "" : "; a CPU device: coverage not judged", v.passes_completed,
                              v.tested_bytes_per_s / 1e9);
  return check;
}

}  // namespace rigcheck
