#pragma once
// The physics guard: every measured figure of a GPU held against what the hardware can do
// (physics_limits.hpp). A figure above its limit means the timing or the measurement is broken,
// so the check that reports it becomes `error` with both numbers, never `pass` (a `fail` stays
// `fail`: wrong results are wrong whatever the timing). Durations must be positive, and the GPU
// timer may not count more time than the host clock saw pass. Pure; used by the rules.
#include <optional>
#include <string>
#include <vector>

#include "reports/cards.hpp"
#include "reports/check.hpp"
#include "reports/model.hpp"

namespace rigcheck {

// Why one GEMM figure cannot be true (a duration that is not positive or longer than the host saw,
// a rate above the arithmetic's peak), or nullopt. The GPT-2 estimates leave such a figure out.
std::optional<std::string> impossible_gemm_figure(const GpuEntry& gpu, const CardSpec* card, const GemmMeasurement& g);

// compute.gemm.<precision> and compute.attention.<precision>: each row's median throughput vs the
// peak of the arithmetic it ran at the SM clock of its window; its durations and GPU timer.
void guard_compute(std::vector<Check>& checks, const GpuEntry& gpu, const CardSpec* card);

// thermal.sustained (which judges the burn's throughput over time): each burn interval's rate vs
// the peak of the arithmetic at the SM clock of that interval; intervals of positive length.
void guard_burn(std::vector<Check>& checks, const GpuEntry& gpu, const CardSpec* card);

// pcie.bandwidth: each host<->device copy's median vs the link's encoded rate (twice that for
// copies both ways at once).
void guard_host_copies(Check& check, const GpuEntry& gpu);

// vram.integrity: device copy bandwidth and the VRAM test's traffic vs the memory bandwidth; the
// VRAM test's GPU time vs its wall time.
void guard_device_memory(Check& check, const GpuEntry& gpu, const CardSpec* card);

}  // namespace rigcheck
