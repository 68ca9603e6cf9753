// What a worker process costs a step (app/step_worker.hpp): one step on the fake backend (a
// transfer result of 3 sizes, answered at once) in a worker process — start, request, result
// JSON back, exit — against the same step in this process. The difference is the overhead per
// step; the budget is 50 ms. The worker is tests/fakes/fake_step_worker (rigcheck's own worker
// code over the fake backend), so no GPU work is timed.
#include <cstdlib>

#include <benchmark/benchmark.h>

#include "app/device_inventory.hpp"
#include "app/step_worker.hpp"
#include "tests/fakes/fake_backend.hpp"

namespace {

using namespace rigcheck;

const std::vector<StepDevice>& devices() {
  static const std::vector<StepDevice> list = [] {
    fake::Spec spec;
    fake::DeviceSpec gpu;
    gpu.pci_bdf = "0000:03:00.0";
    spec.devices = {gpu};
    ::setenv(fake::kSpecVariable, fake::spec_to_json(spec).c_str(), 1);
    return enumerate_devices({fake::make_fake_backend(spec)}).devices;
  }();
  return list;
}

StepSettings transfer_step() {
  StepSettings settings;
  settings.kind = StepKind::transfers;
  return settings;
}

void BM_StepInProcess(benchmark::State& state) {
  InProcessExecutor executor;
  for (auto _ : state) {
    auto outcome = executor.run(transfer_step(), devices().front(), {});
    if (outcome.error) state.SkipWithError(outcome.error->c_str());
    benchmark::DoNotOptimize(outcome);
  }
}
BENCHMARK(BM_StepInProcess)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_StepInWorker(benchmark::State& state) {
  WorkerLaunch launch;
  launch.executable = RIGCHECK_FAKE_STEP_WORKER;
  WorkerExecutor executor(launch);
  for (auto _ : state) {
    auto outcome = executor.run(transfer_step(), devices().front(), {});
    if (outcome.error) state.SkipWithError(outcome.error->c_str());
    benchmark::DoNotOptimize(outcome);
  }
}
BENCHMARK(BM_StepInWorker)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
