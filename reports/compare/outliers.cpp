#include "reports/compare/outliers.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "reports/compare/key_figures.hpp"

namespace rigcheck {
namespace {

struct Card {
  ComparisonColumn column;
  std::vector<KeyFigure> figures;
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  auto n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

std::vector<Outlier> find_outliers(const std::vector<LabeledReport>& reports, double tolerance) {
  std::map<std::string, std::vector<Card>> by_model;
  for (const auto& labeled : reports)
    for (const auto& gpu : labeled.report.gpus) {
      auto figures = key_figures(gpu);
      if (figures.empty()) continue;
      ComparisonColumn column{labeled.label, labeled.report.host.hostname, gpu.index, gpu.name, gpu.pci.bdf};
      by_model[gpu.name].push_back({std::move(column), std::move(figures)});
    }
  std::vector<Outlier> out;
  for (const auto& [model, cards] : by_model) {
    std::vector<std::string> ids;
    for (const auto& card : cards)
      for (const auto& f : card.figures)
        if (std::find(ids.begin(), ids.end(), f.id) == ids.end()) ids.push_back(f.id);
    for (const auto& id : ids) {
      std::vector<const KeyFigure*> measured;
      for (const auto& card : cards) measured.push_back(find_figure(card.figures, id));
      std::vector<double> values;
      for (const auto* f : measured)
        if (f != nullptr) values.push_back(f->value);
      if (values.size() < 2) continue;
      const KeyFigure* first = *std::find_if(measured.begin(), measured.end(), [](auto* f) { return f != nullptr; });
      KeyFigure reference = *first;
      reference.value = median(values);
      for (std::size_t i = 0; i < cards.size(); ++i) {
        if (measured[i] == nullptr) continue;
        double worse = worse_fraction(reference, measured[i]->value);
        // The set's median inside this card's own spread: the difference is noise, "same".
        if (worse > tolerance && !within_spread(*measured[i], reference.value))
          out.push_back({column_heading(cards[i].column), reference.label, measured[i]->value, reference.value,
                         reference.unit, worse, values.size(), model});
      }
    }
  }
  return out;
}

std::string describe(const Outlier& o) {
  return fmt::format("{}: {} {} is {:.0f}% worse than the median {} of {} {}", o.column, o.figure,
                     format_figure(o.unit, o.value), o.worse_fraction * 100, format_figure(o.unit, o.median), o.cards,
                     o.model);
}

}  // namespace rigcheck
