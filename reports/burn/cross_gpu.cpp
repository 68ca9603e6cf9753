#include "reports/burn/cross_gpu.hpp"

#include <string>
#include <tuple>

#include <fmt/format.h>

#include "reports/burn/burn_series.hpp"

namespace rigcheck {
namespace {

using ModelKey = std::tuple<std::string, std::string, std::uint64_t>;

// The model as NVML names it (else the probed name), the precision and the matrix size: only
// equal loads on equal cards are compared.
ModelKey model_key(const BurnedGpu& g) {
  std::string model = g.gpu->name;
  if (g.gpu->nvml && g.gpu->nvml->name) model = *g.gpu->nvml->name;
  return {model, g.burn->precision, g.burn->matrix_size};
}

struct Measured {
  const BurnedGpu* gpu;
  double tflops;
};

}  // namespace

std::optional<double> sustained_tflops(const BurnResult& burn) {
  const auto w = burn_windows(burn);
  return mean_tflops(burn, w.steady_start_t_s, w.load_end_t_s);
}

std::map<int, Finding> cross_gpu_findings(const std::vector<BurnedGpu>& gpus, double slower_warn_fraction) {
  std::map<ModelKey, std::vector<Measured>> groups;
  for (const auto& g : gpus) {
    if (!g.gpu || !g.burn) continue;
    if (auto tflops = sustained_tflops(*g.burn)) groups[model_key(g)].push_back({&g, *tflops});
  }
  std::map<int, Finding> findings;
  for (const auto& [key, members] : groups) {
    if (members.size() < 2) continue;
    const Measured* best = &members.front();
    for (const auto& m : members)
      if (m.tflops > best->tflops) best = &m;
    if (!(best->tflops > 0)) continue;
    for (const auto& m : members) {
      Finding f;
      const double shortfall = 1.0 - m.tflops / best->tflops;
      f.metrics["tflops_sustained"] = {m.tflops, "TFLOPS"};
      f.metrics["tflops_best_same_model"] = {best->tflops, "TFLOPS"};
      f.metrics["slower_than_best"] = {shortfall, "fraction"};
      const auto& model = std::get<0>(key);
      if (shortfall > slower_warn_fraction) {
        f.status = CheckStatus::warn;
        f.summary = fmt::format("{:.2f} TFLOPS sustained, {} slower than GPU {} of the same model ({}, {:.2f} TFLOPS)",
                                m.tflops, percent(shortfall), best->gpu->gpu->index, model, best->tflops);
        f.advice.push_back(
            "Compare this GPU's thermal.sustained and power.sustained with the faster one: a slower twin usually runs "
            "hotter (airflow at its slot) or on a weaker power feed; swap the cards' slots to tell card from slot.");
      } else {
        f.status = CheckStatus::pass;
        f.summary = fmt::format("{:.2f} TFLOPS sustained, within {} of the best {} in this run", m.tflops,
                                percent(slower_warn_fraction), model);
      }
      findings[m.gpu->gpu->index] = std::move(f);
    }
  }
  return findings;
}

}  // namespace rigcheck
