// The sustained-load step: the GEMM load on every selected Vulkan device at once (that is what
// stresses the power supply), for the profile's duration, while the NVML sampler records power,
// temperature, clocks and clock-event reasons.
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "app/backend_devices.hpp"
#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/suite_steps.hpp"
#include "kernels/backend.hpp"
#include "kernels/compute/vk_burn.hpp"

namespace rigcheck {

void run_burn_step(Report& report, const SuiteContext& context) {
  const GlobalOptions& options = context.options;
  if (context.burn_duration_s <= 0) return;
  auto devices = make_vulkan_backend()->list_devices();
  if (!devices || devices->empty()) {
    report.notes.push_back("sustained load not run: no usable Vulkan device");
    return;
  }
  struct Job {
    std::uint32_t device_index;
    int gpu_index;
    std::string name;
    std::optional<Result<BurnResult>> result;
  };
  std::vector<Job> jobs;
  for (const auto& info : *devices) {
    GpuEntry& gpu = gpu_entry_for(report, info);
    if (!gpu_selected(options.gpu_selection, gpu)) continue;
    gpu.backend = "vulkan";
    jobs.push_back({info.index, gpu.index, info.name, std::nullopt});
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
        job_ptr->result = run_vulkan_burn(job_ptr->device_index, burn);
      } catch (const std::exception& e) {  // never let an exception die unseen in a thread
        job_ptr->result = Result<BurnResult>(Error{e.what()});
      }
    });
  }
  for (auto& t : threads) t.join();
  for (auto& job : jobs) {
    auto& gpu = report.gpus[static_cast<std::size_t>(job.gpu_index)];
    if (!job.result || !*job.result) {
      report.notes.push_back(fmt::format("sustained load on {} failed to run: {}", job.name,
                                         job.result ? job.result->error() : "no result"));
      continue;
    }
    if ((*job.result)->interrupted) report.interrupted = interrupt_requested() || report.interrupted;
    gpu.measurements.burn = std::move(**job.result);
  }
}

}  // namespace rigcheck
