#pragma once
// The machines of issue 7's tests, each a P40 under a 10-minute fp32 GEMM (load from t = 1 s):
// what the series looks like, and what the judges must say about it.
#include "burn_fixtures.hpp"

namespace rigcheck::burn_fixtures {

inline constexpr double kTenMinutes = 600.0;
inline constexpr std::uint64_t kPowerCap = 0x4, kHwSlowdown = 0x8, kSwThermal = 0x20, kHwThermal = 0x40,
                               kPowerBrake = 0x80, kAppClocks = 0x2;

struct Machine {
  GpuEntry gpu;
  std::optional<BurnResult> burn;
};

// In a server's airflow: reaches 250 W within seconds, held at the limit by SW power cap (the
// designed behaviour), settles at 68 °C. Everything passes.
inline Machine cool_p40() {
  Machine mc{p40(), burn(kTenMinutes, [](double) { return 10.0; })};
  mc.gpu.telemetry = series(kTenMinutes + 2, [](double t) {
    if (t < 1) return Sample{50.0, 35.0, 544.0, 0x1, std::nullopt};
    return Sample{249.0, warm(t, 35, 68, 90), 1420.0, kPowerCap, std::nullopt};
  });
  return mc;
}

// A passive P40 in a desktop without a blower: heats from 40 °C to its 92 °C slowdown by minute
// 4, then SW thermal slowdown (with HW slowdown spells) drags clocks, power and throughput down.
inline Machine passive_desktop() {
  auto clocks = [](double t) { return t < 241 ? 1420.0 : std::max(900.0, 1420.0 - 3.0 * (t - 241)); };
  Machine mc{p40(), burn(kTenMinutes, [clocks](double t) { return 10.0 * clocks(t) / 1420.0; })};
  mc.gpu.telemetry = series(kTenMinutes + 2, [clocks](double t) {
    if (t < 1) return Sample{50.0, 40.0, 544.0, 0x1, std::nullopt};
    if (t < 241) return Sample{249.0, 40.0 + 52.0 * (t - 1) / 240.0, 1420.0, kPowerCap, std::nullopt};
    const std::uint64_t reasons = (static_cast<int>(t) % 10 == 0) ? (kSwThermal | kHwSlowdown) : kSwThermal;
    return Sample{249.0 * clocks(t) / 1420.0, 92.0, clocks(t), reasons, std::nullopt};
  });
  return mc;
}

// Power brake asserted from the moment the load starts (a PCIe 6+2 plug on the EPS socket, a weak
// PSU): HW power brake with HW slowdown, clocks halved, cool.
inline Machine power_brake_at_load() {
  Machine mc{p40(), burn(kTenMinutes, [](double) { return 4.0; })};
  mc.gpu.telemetry = series(kTenMinutes + 2, [](double t) {
    if (t < 1) return Sample{50.0, 35.0, 544.0, 0x1, std::nullopt};
    return Sample{140.0, warm(t, 35, 55, 90), 650.0, kPowerBrake | kHwSlowdown, std::nullopt};
  });
  return mc;
}

// SW power cap and HW thermal set in the same samples (mask 0x44) for the second half of the load:
// the mask counts for both reasons.
inline Machine combined_mask() {
  Machine mc{p40(), burn(kTenMinutes, [](double) { return 9.8; })};
  mc.gpu.telemetry = series(kTenMinutes + 1, [](double t) {
    if (t < 1) return Sample{50.0, 40.0, 544.0, 0x1, std::nullopt};
    if (t < 301) return Sample{250.0, 84.0, 1400.0, kPowerCap, std::nullopt};
    return Sample{250.0, 87.0, 1350.0, kPowerCap | kHwThermal, std::nullopt};
  });
  return mc;
}

// Healthy but noisy: power and clocks jitter, SW power cap comes and goes, a few cells are null,
// the sampler missed three seconds, throughput wobbles by ±5%.
inline Machine noisy_healthy() {
  Machine mc{p40(), std::nullopt};
  auto tflops_noise = std::make_shared<Noise>(7u);
  mc.burn = burn(kTenMinutes, [tflops_noise](double) { return 10.0 + 0.5 * (*tflops_noise)(); });
  auto noise = std::make_shared<Noise>(42u);
  mc.gpu.telemetry = series(kTenMinutes + 2, [noise](double t) {
    const double n1 = (*noise)(), n2 = (*noise)(), n3 = (*noise)();
    if (t < 1) return Sample{50.0, 35.0, 544.0, 0x1, 30.0};
    const double power = 238.0 + 14.0 * n1;
    const bool capped = power > 245.0;
    Sample s{power, warm(t, 35, 78, 120) + 2.0 * n2, capped ? 1380.0 + 40.0 * n3 : 1505.0 + 25.0 * n3,
             capped ? kPowerCap : 0, 55.0 + 5.0 * n3};
    if (static_cast<int>(t) % 97 == 0) s.power_w.reset();
    if (static_cast<int>(t) % 131 == 0) s.reasons.reset();
    return s;
  });
  auto& rows = mc.gpu.telemetry->rows;
  rows.erase(rows.begin() + 300, rows.begin() + 303);  // a 3 s gap in the samples
  return mc;
}

}  // namespace rigcheck::burn_fixtures
