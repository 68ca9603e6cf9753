#pragma once
// Shared set-up of the step-runner tests: a fake backend's devices as the run's step devices, a
// plan of every step, judging and the exit code.
#include <memory>
#include <vector>

#include "app/backend_devices.hpp"
#include "app/device_inventory.hpp"
#include "app/output.hpp"
#include "app/step_runner.hpp"
#include "app/step_worker.hpp"
#include "reports/judge/judge.hpp"
#include "reports/policy.hpp"
#include "tests/fakes/fake_backend.hpp"

namespace rigcheck::testing {

inline const std::vector<StepKind>& every_step() {
  static const std::vector<StepKind> steps{StepKind::vram, StepKind::transfers, StepKind::compute, StepKind::burn};
  return steps;
}

inline fake::DeviceSpec fake_gpu(const std::string& bdf = "0000:03:00.0") {
  fake::DeviceSpec spec;
  spec.name = "Fake GPU " + bdf;
  spec.pci_bdf = bdf;
  return spec;
}

inline std::vector<StepDevice> devices_of(const fake::Spec& spec) {
  std::shared_ptr<Backend> backend = fake::make_fake_backend(spec);
  return enumerate_devices({backend}).devices;
}

inline StepSettings quick_settings() {
  StepSettings settings;
  settings.profile = "quick";
  settings.burn_duration_s = 1;
  settings.precisions = {"fp32"};
  return settings;
}

inline Report run_and_judge(const std::vector<StepDevice>& devices, StepExecutor& executor,
                            const StepRunnerHooks& hooks = {}, const std::vector<StepKind>& steps = every_step()) {
  Report report = new_report("quick");
  // What the probe would have found first: a card with its driver bound and a GPT-2-sized memory.
  for (const auto& device : devices) {
    GpuEntry& gpu = gpu_entry_for(report, device.primary.info);
    gpu.pci.driver = "nvidia";
    gpu.memory_bytes = 24ull << 30;
  }
  run_steps(report, devices, steps, quick_settings(), executor, hooks);
  return judge(std::move(report), *load_policy("gpt2-finetune"));
}

// One fake GPU through the given steps in this process, judged.
inline Report steps_over(const fake::DeviceSpec& gpu, const std::vector<StepKind>& steps) {
  fake::Spec spec;
  spec.devices = {gpu};
  InProcessExecutor executor;
  return run_and_judge(devices_of(spec), executor, {}, steps);
}

inline std::vector<SelfCheck> self_checks_of(const GpuEntry& gpu, SelfCheckKind kind) {
  std::vector<SelfCheck> out;
  if (gpu.self_checks)
    for (const auto& sc : *gpu.self_checks)
      if (sc.kind == kind) out.push_back(sc);
  return out;
}

inline const Check* find_check(const GpuEntry& gpu, const std::string& id) {
  for (const auto& check : gpu.checks)
    if (check.id == id) return &check;
  return nullptr;
}

}  // namespace rigcheck::testing
