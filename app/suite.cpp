#include "app/suite.hpp"

#include <functional>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/suite_steps.hpp"
#include "probes/nvml/telemetry_sampler.hpp"

namespace rigcheck {
namespace {

struct SuiteStep {
  const char* name;
  std::function<void(Report&, const FileSource&, const GlobalOptions&, const std::string& profile)> run;
};

// In order: memory first (a card with bad VRAM makes every later number meaningless).
const std::vector<SuiteStep>& suite_steps() {
  static const std::vector<SuiteStep> steps{
      {"VRAM integrity and copy bandwidth",
       [](Report& report, const FileSource&, const GlobalOptions& options, const std::string& profile) {
         run_vram_step(report, options, profile);
       }},
  };
  return steps;
}

}  // namespace

void run_suite(Report& report, const FileSource& files, const GlobalOptions& options, const std::string& profile,
               std::shared_ptr<NvmlSession> nvml) {
  std::optional<TelemetrySampler> sampler;
  if (nvml) {
    sampler.emplace(nvml);
    if (!sampler->start()) report.notes.push_back("the NVML telemetry sampler could not start");
  }
  for (const auto& step : suite_steps()) {
    if (interrupt_requested()) {
      report.interrupted = true;
      break;
    }
    print_note(options, fmt::format("step: {}", step.name));
    step.run(report, files, options, profile);
  }
  if (!sampler || !sampler->running()) return;
  for (auto& [bdf, series] : sampler->stop())
    for (auto& gpu : report.gpus)
      if (gpu.pci.bdf == bdf) gpu.telemetry = std::move(series);
}

}  // namespace rigcheck
