// JSON form of a comparison ("schema": "rigcheck.compare/1"): the columns, then each row with one
// value and one status per column (null where the column has none).
#include <nlohmann/json.hpp>

#include "reports/compare/compare_render.hpp"

namespace rigcheck {

std::string render_comparison_json(const ComparisonTable& table) {
  using nlohmann::json;
  json columns = json::array();
  for (const auto& c : table.columns)
    columns.push_back({{"report", c.report_label},
                       {"machine", c.machine ? json(*c.machine) : json(nullptr)},
                       {"gpu_index", c.gpu_index ? json(*c.gpu_index) : json(nullptr)},
                       {"gpu_name", c.gpu_name},
                       {"bdf", c.bdf}});
  json rows = json::array();
  for (const auto& row : table.rows) {
    json values = json::array();
    json statuses = json::array();
    for (const auto& cell : row.cells) {
      values.push_back(cell.text ? json(*cell.text) : json(nullptr));
      statuses.push_back(cell.status ? json(std::string(to_string(*cell.status))) : json(nullptr));
    }
    rows.push_back({{"group", row.group}, {"label", row.label}, {"values", values}, {"statuses", statuses}});
  }
  json out = {{"schema", kComparisonSchema}, {"columns", columns}, {"rows", rows}};
  return out.dump(2) + "\n";
}

}  // namespace rigcheck
