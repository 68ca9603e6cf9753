#pragma once
// Read helpers over a Telemetry column table: one column as (t_s, value) points, nulls skipped.
#include <string_view>
#include <vector>

#include "reports/nvml_facts.hpp"

namespace rigcheck {

struct SeriesPoint {
  double t_s = 0;
  double value = 0;
};

// The non-null cells of `column` in time order; empty when the table has no such column.
std::vector<SeriesPoint> column_points(const Telemetry& telemetry, std::string_view column);

// The cell of `column` in `row`, nullopt when null or the column is absent.
std::optional<double> cell(const Telemetry& telemetry, std::size_t row, std::string_view column);

}  // namespace rigcheck
