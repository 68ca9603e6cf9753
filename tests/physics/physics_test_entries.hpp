#pragma once
// Hand-made GPU entries for the physics guard tests: a Tesla P40 (in the card table) and a card
// the table lacks, with compute, copy and transfer figures set by each test.
#include "reports/cards.hpp"
#include "tests/compute/compute_test_fixtures.hpp"
#include "reports/compute/compute_result.hpp"
#include "reports/model.hpp"

namespace rigcheck::testing {

inline constexpr std::uint16_t kNvidia = 0x10de;
inline constexpr std::uint16_t kP40 = 0x1b38;

inline GpuEntry p40_entry() {
  GpuEntry gpu;
  gpu.name = "Tesla P40";
  gpu.pci.bdf = "0000:13:00.0";
  gpu.pci.vendor_id = kNvidia;
  gpu.pci.device_id = kP40;
  gpu.pci.class_code = 0x030200;
  gpu.pci.link.max_speed_gts = 8.0;
  gpu.pci.link.max_width = 16;
  gpu.pci.link.current_speed_gts = 2.5;  // idle at probe time
  gpu.pci.link.current_width = 16;
  return gpu;
}

// A card the table lacks (an RTX A6000's ids and facts): compute capability 8.6, 84 SMs when
// `sm_count` is set, NVML's maximum SM clock 1800 MHz and its 10752 CUDA cores.
inline GpuEntry unlisted_ampere_entry(std::optional<int> sm_count = 84) {
  GpuEntry gpu = p40_entry();
  gpu.name = "NVIDIA RTX A6000";
  gpu.pci.device_id = 0x2230;
  gpu.compute_capability = "8.6";
  gpu.sm_count = sm_count;
  NvmlFacts nvml;
  nvml.max_sm_clock_mhz = NvmlValue<int>::measured(1800);
  nvml.gpu_core_count = NvmlValue<int>::measured(10752);
  gpu.nvml = nvml;
  return gpu;
}

// A GEMM at `tflops` median (three repeats within 2%), run by `implementation`.
inline GemmMeasurement gemm_at(double tflops, const char* precision = "fp32", const char* implementation = "cublas") {
  GemmMeasurement g = gemm_row(precision, tflops);
  g.implementation = implementation;
  return g;
}

inline GpuEntry with_gemm(GpuEntry gpu, GemmMeasurement g) {
  ComputeResult compute;
  compute.backend = "cuda";
  compute.gemm.push_back(std::move(g));
  gpu.measurements.compute = compute;
  return gpu;
}

}  // namespace rigcheck::testing
