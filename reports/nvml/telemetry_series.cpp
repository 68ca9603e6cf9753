#include "reports/nvml/telemetry_series.hpp"

namespace rigcheck {

std::vector<SeriesPoint> column_points(const Telemetry& telemetry, std::string_view column) {
  std::vector<SeriesPoint> points;
  auto t = telemetry.column(telemetry_column::t_s);
  auto c = telemetry.column(column);
  if (!t || !c) return points;
  for (const auto& row : telemetry.rows) {
    if (row.size() <= *c || row.size() <= *t || !row[*t] || !row[*c]) continue;
    points.push_back({*row[*t], *row[*c]});
  }
  return points;
}

std::optional<double> cell(const Telemetry& telemetry, std::size_t row, std::string_view column) {
  auto c = telemetry.column(column);
  if (!c || row >= telemetry.rows.size() || *c >= telemetry.rows[row].size()) return std::nullopt;
  return telemetry.rows[row][*c];
}

}  // namespace rigcheck
