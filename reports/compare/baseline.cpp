#include "reports/compare/baseline.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/compare/key_figures.hpp"
#include "reports/judge/judge.hpp"

namespace rigcheck {
namespace {

// The baseline's GPU at the same PCI address, else at the same index, else its only GPU.
const GpuEntry* counterpart(const Report& baseline, const GpuEntry& gpu) {
  for (const auto& b : baseline.gpus)
    if (b.pci.bdf == gpu.pci.bdf) return &b;
  for (const auto& b : baseline.gpus)
    if (b.index == gpu.index) return &b;
  return baseline.gpus.size() == 1 ? &baseline.gpus.front() : nullptr;
}

bool same_model(const GpuEntry& a, const GpuEntry& b) {
  if (a.pci.device_id != 0 && b.pci.device_id != 0)
    return a.pci.device_id == b.pci.device_id && a.pci.subsystem_device_id == b.pci.subsystem_device_id;
  return a.name == b.name;
}

Check baseline_check(const KeyFigure& reference, const KeyFigure& now, double tolerance) {
  Check c;
  c.id = "baseline." + reference.id;
  double worse = worse_fraction(reference, now.value);
  c.metrics["value"] = {now.value, now.unit};
  c.metrics["baseline"] = {reference.value, reference.unit};
  c.metrics["worse_fraction"] = {worse, "fraction"};
  c.evidence = {fmt::format("now {} (spread {} .. {}), baseline {} (spread {} .. {}), tolerance {:.0f}%",
                            format_figure(now.unit, now.value), format_figure(now.unit, now.low), format_figure(now.unit, now.high),
                            format_figure(reference.unit, reference.value), format_figure(reference.unit, reference.low),
                            format_figure(reference.unit, reference.high), tolerance * 100)};
  if (regressed(reference, now, tolerance)) {
    c.status = CheckStatus::fail;
    c.summary = fmt::format("{} {}: {:.0f}% worse than the baseline's {}", reference.label, format_figure(now.unit, now.value),
                            worse * 100, format_figure(reference.unit, reference.value));
    c.advice = {"Compare the two reports (rigcheck compare BASELINE.json report.json): cooling, power cable, "
                "PCIe link and driver are the usual causes of a card getting slower."};
  } else {
    c.status = CheckStatus::pass;
    c.summary = worse > tolerance
                    ? fmt::format("{} {}: {:.0f}% below the baseline's {} but inside the measured spread: same",
                                  reference.label, format_figure(now.unit, now.value), worse * 100, format_figure(reference.unit, reference.value))
                    : fmt::format("{} {}: within {:.0f}% of the baseline's {}", reference.label, format_figure(now.unit, now.value),
                                  tolerance * 100, format_figure(reference.unit, reference.value));
  }
  return c;
}

Check missing_check(const KeyFigure& reference) {
  Check c;
  c.id = "baseline." + reference.id;
  c.status = CheckStatus::skip;
  c.summary = fmt::format("{}: in the baseline, not measured in this run", reference.label);
  return c;
}

}  // namespace

Result<Report> apply_baseline(Report judged, const Report& baseline, const Policy& policy) {
  double tolerance = policy.baseline.tolerance_fraction;
  bool compared = false;
  for (auto& gpu : judged.gpus) {
    auto now = key_figures(gpu);
    if (now.empty()) continue;  // nothing measured on this GPU
    const auto* base_gpu = counterpart(baseline, gpu);
    if (base_gpu == nullptr)
      return Error{fmt::format("the baseline has no GPU {} ({}) to compare with", gpu.index, gpu.pci.bdf)};
    if (!same_model(gpu, *base_gpu))
      return Error{fmt::format("the baseline's GPU {} is a {}, GPU {} here is a {}: a baseline must be the same card model",
                               base_gpu->index, base_gpu->name, gpu.index, gpu.name)};
    for (const auto& reference : key_figures(*base_gpu)) {
      const auto* measured = find_figure(now, reference.id);
      gpu.checks.push_back(measured ? baseline_check(reference, *measured, tolerance) : missing_check(reference));
      compared = true;
    }
  }
  if (!compared && !baseline.gpus.empty() && std::any_of(judged.gpus.begin(), judged.gpus.end(), [](const GpuEntry& g) {
        return !key_figures(g).empty();
      }))
    return Error{"the baseline holds no measured figure (a probe report?): use a report of `rigcheck run`"};
  judged.verdict = decide_verdict(judged);
  return judged;
}

}  // namespace rigcheck
