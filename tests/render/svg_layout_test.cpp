// The SVG text layout computed in C++: legends never overlap the title or each other and never
// leave the canvas, for 1 to 8 series with long names, and the plot moves down to make room.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/render/svg_chart.hpp"

namespace rigcheck::svg {
namespace {

std::vector<std::string> labels(int count, const std::string& stem) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(stem + " " + std::to_string(i + 1));
  return out;
}

void expect_clear_layout(const std::vector<std::string>& names, int width, const std::string& title) {
  const LegendLayout layout = layout_legend(names, width);
  ASSERT_EQ(layout.items.size(), names.size());
  const Box title_at = title_box(title);
  std::vector<Box> boxes;
  for (const auto& item : layout.items) {
    for (const Box& box : {item.swatch, item.text}) {
      EXPECT_FALSE(box.overlaps(title_at)) << item.label << " overlaps the title";
      EXPECT_TRUE(box.inside(width, layout.bottom)) << item.label << " leaves the canvas";
      EXPECT_LE(box.y + box.height, layout.bottom);
    }
    for (const Box& other : boxes) EXPECT_FALSE(item.text.overlaps(other)) << item.label;
    boxes.push_back(item.swatch);
    boxes.push_back(item.text);
  }
}

TEST(LegendLayout, OneToEightSeriesNeverOverlapTheTitleOrLeaveTheCanvas) {
  for (int count = 1; count <= 8; ++count) {
    SCOPED_TRACE(count);
    expect_clear_layout(labels(count, "pinned host to device"), 760, "host-device copies (GB/s by copy size)");
    expect_clear_layout(labels(count, "GPU 0 Tesla P40 device to host pageable"), 500, "copies");
  }
}

TEST(LegendLayout, ALabelWiderThanTheChartIsShortenedToFit) {
  const std::string huge(400, 'x');
  const LegendLayout layout = layout_legend({huge}, 300);
  ASSERT_EQ(layout.items.size(), 1u);
  EXPECT_LT(layout.items[0].label.size(), huge.size());
  EXPECT_TRUE(layout.items[0].text.inside(300, layout.bottom));
}

TEST(LegendLayout, EntriesWrapIntoRowsBelowTheTitle) {
  const LegendLayout one = layout_legend(labels(1, "series"), 760);
  const LegendLayout many = layout_legend(labels(8, "a rather long series name"), 760);
  EXPECT_GT(many.bottom, one.bottom);
  EXPECT_GT(one.items[0].text.y, title_box("title").y);
}

TEST(LineChart, TheLegendPushesThePlotDownAndGrowsTheCanvas) {
  LineChart chart;
  chart.title = "host-device copies";
  for (int i = 0; i < 8; ++i)
    chart.series.push_back({"copy direction " + std::to_string(i), "#123456", {{0, 1.0 * i}, {1, 2.0 * i}}});
  const std::string svg = render_line_chart(chart);
  EXPECT_THAT(svg, ::testing::Not(::testing::HasSubstr("height=\"220\"")));  // grew by the legend rows
  EXPECT_THAT(svg, ::testing::HasSubstr("copy direction 7"));
}

}  // namespace
}  // namespace rigcheck::svg
