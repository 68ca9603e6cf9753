// GEMM and attention variants on the first Vulkan device, timed by GPU timestamps (manual time):
// each iteration is one measurement (warm-up + one timed sample, checked against the reference).
#include <benchmark/benchmark.h>

#include <memory>

#include "kernels/compute/compute_device.hpp"
#include "kernels/compute/vk_measure.hpp"

namespace {

rigcheck::VulkanComputeKernels* kernels() {
  static auto device = rigcheck::ComputeDevice::open_index(0);
  static std::unique_ptr<rigcheck::VulkanComputeKernels> k =
      device ? std::make_unique<rigcheck::VulkanComputeKernels>(**device) : nullptr;
  return k.get();
}

rigcheck::MeasureSettings one_sample() {
  rigcheck::MeasureSettings s;
  s.samples = 1;
  return s;
}

void report(benchmark::State& state, const rigcheck::Throughput& t, double flops, bool matches) {
  state.SetIterationTime(t.seconds_median);
  state.counters["TFLOPS"] = benchmark::Counter(flops * 1e-12 / t.seconds_median);
  if (!matches) state.SkipWithError("result differs from the CPU reference");
}

void BM_VulkanGemm(benchmark::State& state, const char* precision) {
  auto* k = kernels();
  if (!k) return state.SkipWithError("no usable Vulkan device");
  const auto n = static_cast<std::uint32_t>(state.range(0));
  for (auto _ : state) {
    auto g = rigcheck::measure_vulkan_gemm(*k, {"square", n, n, n}, precision, one_sample());
    if (!g) return state.SkipWithError(g.error().c_str());
    report(state, g->throughput, g->flops_per_run, g->reference.passed());
  }
}

void BM_VulkanAttention(benchmark::State& state, const char* precision, int fused) {
  auto* k = kernels();
  if (!k) return state.SkipWithError("no usable Vulkan device");
  const rigcheck::AttentionShape shape{"gpt2", 1, 12, static_cast<std::uint32_t>(state.range(0)), 64, true};
  for (auto _ : state) {
    auto a = rigcheck::measure_vulkan_attention(*k, shape, precision, one_sample());
    if (!a) return state.SkipWithError(a.error().c_str());
    const auto& m = (*a)[static_cast<std::size_t>(fused)];
    report(state, m.throughput, m.flops_causal, m.reference.passed());
  }
}

}  // namespace

BENCHMARK_CAPTURE(BM_VulkanGemm, fp32, "fp32")->Arg(256)->Arg(512)->UseManualTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_VulkanGemm, fp16, "fp16")->Arg(256)->Arg(512)->UseManualTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_VulkanGemm, int8, "int8")->Arg(256)->Arg(512)->UseManualTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_VulkanAttention, fp32_unfused, "fp32", 0)->Arg(256)->UseManualTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_VulkanAttention, fp32_fused, "fp32", 1)->Arg(256)->UseManualTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_VulkanAttention, fp16_unfused, "fp16", 0)->Arg(256)->UseManualTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_VulkanAttention, fp16_fused, "fp16", 1)->Arg(256)->UseManualTime()->Iterations(3);

BENCHMARK_MAIN();
