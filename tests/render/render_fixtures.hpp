#pragma once
// Reports built in code for the renderer tests: a Tesla P40 after a 5-minute burn that reached
// its power cap and then its slowdown temperature, with VRAM errors on one data line and GEMM
// results judged against the spec peak.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "reports/model.hpp"

namespace rigcheck::render_fixtures {

template <class T>
NvmlValue<T> measured(T v) {
  return NvmlValue<T>::measured(v);
}

inline Check check(std::string id, CheckStatus status, std::string summary) {
  Check c;
  c.id = std::move(id);
  c.status = status;
  c.summary = std::move(summary);
  return c;
}

// One row per `step_s` over [0, seconds]; every 50th power cell is null (a missed read).
inline Telemetry p40_burn_telemetry(double seconds, double step_s = 1.0) {
  Telemetry t;
  t.interval_s = step_s;
  t.columns = {"t_s", "power_w", "temp_gpu_c", "sm_clock_mhz", "clock_event_reasons"};
  const auto rows = static_cast<std::size_t>(seconds / step_s) + 1;
  for (std::size_t i = 0; i < rows; ++i) {
    const double s = static_cast<double>(i) * step_s;
    const bool loaded = s >= 10 && s <= seconds - 10;
    std::optional<double> power = loaded ? 248.0 + std::sin(s) : 50.0;
    if (i % 50 == 49) power = std::nullopt;
    const double temp = loaded ? 92.0 - 50.0 * std::exp(-(s - 10) / 60.0) : 40.0;
    std::uint64_t mask = loaded ? 0x4 : 0x1;  // sw_power_cap under load, idle otherwise
    if (loaded && temp > 91.0) mask |= 0x8;   // hw_slowdown once hot
    t.rows.push_back({s, power, temp, loaded ? 1303.0 : 544.0, static_cast<double>(mask)});
  }
  t.unavailable["fan_pct"] = "not supported on this device";
  return t;
}

inline GpuEntry p40_gpu(int index, double burn_seconds = 300, double step_s = 1.0) {
  GpuEntry gpu;
  gpu.index = index;
  gpu.name = "Tesla P40";
  gpu.pci.bdf = "0000:13:00.0";
  gpu.pci.vendor_id = 0x10de;
  gpu.pci.device_id = 0x1b38;
  gpu.pci.link.current_speed_gts = 8.0;
  gpu.pci.link.current_width = 16;
  gpu.pci.link.max_speed_gts = 8.0;
  gpu.pci.link.max_width = 16;
  gpu.backend = "cuda";
  gpu.memory_bytes = 24ull << 30;
  NvmlFacts f;
  f.power_limit_enforced_watts = measured(250.0);
  f.temp_slowdown_celsius = measured(92);
  f.max_sm_clock_mhz = measured(1531);
  gpu.nvml = f;
  gpu.telemetry = p40_burn_telemetry(burn_seconds + 20, step_s);

  BurnResult burn;
  burn.backend = "cuda";
  burn.precision = "fp32";
  burn.implementation = "cublas";
  burn.load_start_t_s = 10;
  burn.load_end_t_s = 10 + burn_seconds;
  for (double s = burn.load_start_t_s; s + 1e-9 < burn.load_end_t_s; s += 5)
    burn.intervals.push_back(
        {s, std::min(s + 5, burn.load_end_t_s), 10.5 - 0.5 * (s - burn.load_start_t_s) / burn_seconds});
  burn.stability.checks_done = 150;
  gpu.measurements.burn = burn;

  VramTestResult vram;
  vram.backend = "cuda";
  vram.tested_bytes = 22ull << 30;
  vram.coverage_fraction = 22.0 / 24.0;
  vram.traffic_bytes_per_s = 300e9;
  vram.error_count = 40;
  vram.bit_histogram[5] = 38;
  vram.bit_histogram[17] = 2;
  gpu.measurements.vram = vram;

  ComputeResult compute;
  compute.backend = "cuda";
  GemmMeasurement gemm;
  gemm.precision = "fp32";
  gemm.throughput.tflops_median = 10.1;
  gemm.reference.checked_elements = 100;
  compute.gemm.push_back(gemm);
  gemm.precision = "int8";
  gemm.throughput.tflops_median = 40.2;
  compute.gemm.push_back(gemm);
  gpu.measurements.compute = compute;

  auto gemm_check = check("compute.gemm.fp32", CheckStatus::pass, "fp32 gemm matches the CPU reference");
  gemm_check.metrics["throughput"] = {10.1, "TFLOPS"};
  gemm_check.metrics["spec_peak"] = {11.76, "TFLOPS"};
  gemm_check.metrics["fraction_of_peak"] = {10.1 / 11.76, "fraction"};
  gpu.checks.push_back(gemm_check);
  auto vram_check = check("vram.integrity", CheckStatus::fail, "40 errors, all on bit 5: a data line");
  vram_check.advice = {"Return the card: a failing data line does not heal."};
  gpu.checks.push_back(vram_check);
  gpu.checks.push_back(check("power.sustained", CheckStatus::pass, "mean power 248 W of the 250 W limit"));
  return gpu;
}

inline Report burn_report() {
  Report report;
  report.tool.version = "0.1.0";
  report.tool.git = "test";
  report.created_utc = "2026-11-27T20:53:00Z";
  report.profile = "burn-in";
  report.host.hostname = "rig-1";
  report.host.cpu_model = "AMD Ryzen 5 5600";
  report.host.memory_total_bytes = 64ull << 30;
  report.host.kernel_log.available = true;
  report.gpus.push_back(p40_gpu(0));
  report.system_checks.push_back(check("host.memory", CheckStatus::pass, "64 GiB RAM"));
  report.verdict.status = VerdictStatus::unsound;
  // Stored out of rank order on purpose: the page lists rank 1 first.
  report.verdict.reasons.push_back({2,
                                    "thermal.sustained",
                                    0,
                                    CheckStatus::warn,
                                    "reached slowdown at minute 4",
                                    {"Improve the airflow over the passive heatsink."}});
  report.verdict.reasons.push_back({1,
                                    "vram.integrity",
                                    0,
                                    CheckStatus::fail,
                                    "40 errors, all on bit 5: a data line",
                                    {"Return the card: a failing data line does not heal."}});
  Gpt2Table gpt2;
  Gpt2Row row;
  row.model = "gpt2-xl";
  row.task = "inference";
  row.precision = "fp16";
  row.batch = 8;
  row.fit = Gpt2Fit::gpu;
  row.tokens_per_s = 1640;
  gpt2.rows.push_back(row);
  report.gpt2 = gpt2;
  return report;
}

}  // namespace rigcheck::render_fixtures
