// The sustained-load step: the GEMM load on every selected device at once (that is what stresses
// the power supply), each on its own backend (CUDA: tensor-core GEMM where the card has it;
// Vulkan: fp32), for the profile's duration, while the NVML sampler records power, temperature,
// clocks and clock-event reasons.
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "app/backend_devices.hpp"
#include "app/backend_dispatch.hpp"
#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/suite_steps.hpp"

namespace rigcheck {

void run_burn_step(Report& report, const SuiteContext& context) {
  const GlobalOptions& options = context.options;
  if (context.burn_duration_s <= 0) return;
  std::vector<std::string> notes;
  const auto devices = step_devices(options, notes);
  add_notes_once(report, notes);
  if (devices.empty()) {
    report.notes.push_back("sustained load not run: no usable device");
    return;
  }
  struct Job {
    StepDevice device;
    int gpu_index;
    std::string name;
    std::optional<Result<BurnResult>> result;
    const BackendDeviceInfo* used = nullptr;
    std::vector<std::string> notes;
  };
  std::vector<Job> jobs;
  for (const auto& device : devices) {
    GpuEntry& gpu = gpu_entry_for(report, device.primary);
    if (!gpu_selected(options.gpu_selection, gpu)) continue;
    jobs.push_back({device, gpu.index, device.primary.name, std::nullopt, nullptr, {}});
  }
  print_note(options, fmt::format("sustained load for {:.0f} s on {} device(s)", context.burn_duration_s, jobs.size()));
  std::mutex print_mutex;
  ProgressPrinter printer(options.quiet);
  std::vector<std::thread> threads;
  for (auto& job : jobs) {
    threads.emplace_back([&, job_ptr = &job] {
      BurnOptions burn;
      burn.duration_s = context.burn_duration_s;
      burn.clock_origin = context.telemetry_origin;
      burn.cancelled = [] { return interrupt_requested(); };
      burn.progress = [&](const BurnProgress& p) {
        std::lock_guard lock(print_mutex);
        printer.print(fmt::format("  burn {}: {:.0f}/{:.0f} s, {:.3f} TFLOPS, {} mismatching results", job_ptr->name,
                                  p.elapsed_s, p.duration_s, p.tflops, p.mismatches),
                      false);
      };
      try {
        std::function<Result<BurnResult>(const BackendDeviceInfo&)> work = [&](const BackendDeviceInfo& info) {
          return run_burn_on(info, burn);
        };
        job_ptr->result = with_fallback(job_ptr->device, work, job_ptr->notes, job_ptr->used);
      } catch (const std::exception& e) {  // never let an exception die unseen in a thread
        job_ptr->result = Result<BurnResult>(Error{e.what()});
      }
    });
  }
  for (auto& t : threads) t.join();
  for (auto& job : jobs) {
    auto& gpu = report.gpus[static_cast<std::size_t>(job.gpu_index)];
    add_notes_once(report, job.notes);
    if (!job.result || !*job.result) {
      report.notes.push_back(fmt::format("sustained load on {} failed to run: {}", job.name,
                                         job.result ? job.result->error() : "no result"));
      continue;
    }
    if ((*job.result)->interrupted) report.interrupted = interrupt_requested() || report.interrupted;
    if (job.used) gpu.backend = job.used->backend;
    gpu.measurements.burn = std::move(**job.result);
  }
}

}  // namespace rigcheck
