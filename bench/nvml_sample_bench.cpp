// Cost of telemetry sampling: one sample of one GPU (the ~11 NVML calls behind a row), and the
// sampler thread's share of a core at the default 100 ms interval.
// Library: RIGCHECK_NVML_LIBRARY when set (the real driver on a GPU machine), else the fake built
// beside this program (build/tests/fakes/libnvidia-ml-fake.so) with the healthy P40 scenario.
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include <benchmark/benchmark.h>

#include "probes/nvml/nvml_probe.hpp"
#include "probes/nvml/sample_reader.hpp"
#include "probes/nvml/telemetry_buffer.hpp"
#include "probes/nvml/telemetry_sampler.hpp"

namespace {

using namespace rigcheck;

std::string library_path() {
  if (const char* env = std::getenv("RIGCHECK_NVML_LIBRARY")) return env;
  if (!std::getenv("RIGCHECK_FAKE_NVML_SCENARIO")) {
    auto scenario = std::filesystem::path(RIGCHECK_FIXTURES_DIR) / ".." / "fakes" / "scenarios" /
                    "p40_healthy_ecc_off.json";
    ::setenv("RIGCHECK_FAKE_NVML_SCENARIO", scenario.c_str(), 0);
  }
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (self.parent_path() / ".." / "tests" / "fakes" / "libnvidia-ml-fake.so").string();
}

const NvmlProbe& probe() {
  static const NvmlProbe p = probe_nvml(library_path());
  return p;
}

bool ready(benchmark::State& state) {
  const auto& p = probe();
  if (p.session && !p.session->devices().empty()) return true;
  state.SkipWithError(("NVML not usable: " + p.system.load_error.value_or(p.system.init_error.value_or("no devices")))
                          .c_str());
  return false;
}

void BM_ReadSampleOneGpu(benchmark::State& state) {
  if (!ready(state)) return;
  const auto& session = *probe().session;
  const auto device = session.devices().front().handle;
  for (auto _ : state) benchmark::DoNotOptimize(read_sample(session.library(), device));
  state.SetLabel(probe().system.library);
}
BENCHMARK(BM_ReadSampleOneGpu);

void BM_BufferAddRow(benchmark::State& state) {
  TelemetryBuffer buffer(kSampleColumnCount, TelemetryBuffer::rows_for(3600, 0.1));
  std::array<std::optional<double>, kSampleColumnCount> cells{};
  cells[0] = 250.0;
  double t = 0;
  for (auto _ : state) {
    buffer.add(t, cells);
    t += 0.1;
  }
  benchmark::DoNotOptimize(buffer.stored_rows());
}
BENCHMARK(BM_BufferAddRow);

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The whole sampler at the default interval while this thread sleeps: CPU used / wall time.
void BM_SamplerCoreShareAt100ms(benchmark::State& state) {
  if (!ready(state)) return;
  double cpu = 0;
  double wall = 0;
  for (auto _ : state) {
    TelemetrySampler sampler(probe().session);
    const double cpu0 = process_cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    sampler.start(std::chrono::milliseconds(100));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    auto series = sampler.stop();
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cpu += process_cpu_seconds() - cpu0;
    benchmark::DoNotOptimize(series);
  }
  state.counters["core_share_pct"] = 100.0 * cpu / wall;
  state.counters["gpus"] = static_cast<double>(probe().session->devices().size());
}
BENCHMARK(BM_SamplerCoreShareAt100ms)->Iterations(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
