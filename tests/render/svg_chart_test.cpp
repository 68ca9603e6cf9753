// The SVG chart helpers alone, from plain vectors: scaling, ticks, gaps, one point, empty input
// and the decimation bound that keeps a long series small.
#include "reports/render/svg_chart.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace rigcheck::svg {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The d attribute of the first <path> in the chart.
std::string first_path(const std::string& svg) {
  const auto start = svg.find(" d=\"");
  if (start == std::string::npos) return "";
  return svg.substr(start + 4, svg.find('"', start + 4) - start - 4);
}

TEST(LinearScale, MapsTheDomainOntoTheRangeIncludingBackwardRanges) {
  const LinearScale x{0, 10, 100, 200};
  EXPECT_DOUBLE_EQ(x(0), 100);
  EXPECT_DOUBLE_EQ(x(5), 150);
  EXPECT_DOUBLE_EQ(x(10), 200);
  const LinearScale y{0, 100, 180, 30};  // SVG y grows downwards
  EXPECT_DOUBLE_EQ(y(0), 180);
  EXPECT_DOUBLE_EQ(y(100), 30);
  EXPECT_DOUBLE_EQ((LinearScale{5, 5, 0, 10}(5)), 5);  // zero-width domain: the middle
}

TEST(NiceTicks, RoundStepsCoveringTheRange) {
  EXPECT_EQ(nice_ticks(0, 97), (std::vector<double>{0, 20, 40, 60, 80, 100}));
  const auto fifths = nice_ticks(0, 1, 5);
  ASSERT_EQ(fifths.size(), 6u);
  for (std::size_t i = 0; i < fifths.size(); ++i) EXPECT_NEAR(fifths[i], 0.2 * static_cast<double>(i), 1e-12);
  auto ticks = nice_ticks(41.3, 92.0);
  EXPECT_LE(ticks.front(), 41.3);
  EXPECT_GE(ticks.back(), 92.0);
  EXPECT_LE(ticks.size(), 8u);
  EXPECT_EQ(nice_ticks(3, 3), std::vector<double>{3});
  EXPECT_TRUE(nice_ticks(0, NAN).empty());
}

TEST(Decimate, ShortLinesAreUnchanged) {
  std::vector<ChartPoint> points{{0, 1.0}, {1, std::nullopt}, {2, 3.0}};
  auto out = decimate(points, 1000);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_FALSE(out[1].y.has_value());
}

TEST(Decimate, LongLinesStayWithinTheBoundAndKeepSpikesAndOutages) {
  std::vector<ChartPoint> points;
  for (int i = 0; i < 100000; ++i) points.push_back({i * 0.1, 100.0 + std::sin(i * 0.01)});
  points[54321].y = 500.0;                                         // a spike
  for (int i = 70000; i < 71000; ++i) points[i].y = std::nullopt;  // a 100 s outage
  auto out = decimate(points, 1000);
  EXPECT_LE(out.size(), 1000u);
  EXPECT_GE(out.size(), 500u);
  bool spike = false, gap = false;
  for (const auto& p : out) {
    spike = spike || (p.y && *p.y == 500.0);
    gap = gap || (!p.y && p.x >= 7000 && p.x < 7100);
  }
  EXPECT_TRUE(spike) << "the bucket's maximum must survive";
  EXPECT_TRUE(gap) << "an outage wider than a bucket must stay a gap";
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_LE(out[i - 1].x, out[i].x) << "x order kept";
}

TEST(Decimate, AnOccasionalMissedSampleDoesNotShredALongLine) {
  std::vector<ChartPoint> points;
  for (int i = 0; i < 36000; ++i)
    points.push_back({i * 0.1, i % 50 == 49 ? std::nullopt : std::optional<double>(250.0)});
  for (const auto& p : decimate(points, 1000)) EXPECT_TRUE(p.y.has_value()) << p.x;
}

TEST(LineChart, ScalesDataOntoThePlotArea) {
  LineChart chart;
  chart.title = "t";
  chart.width = 500;
  chart.height = 200;
  chart.y_from_zero = true;
  chart.series.push_back({"s", "#000", {{0, 0.0}, {10, 10.0}}});
  const auto svg = render_line_chart(chart);
  const auto area = plot_area(500, 200);
  EXPECT_EQ(first_path(svg), fmt::format("M{:.1f},{:.1f}L{:.1f},{:.1f}", area.left, area.bottom, area.right, area.top));
  EXPECT_EQ(count(svg, "<svg"), 1u);
  EXPECT_EQ(count(svg, "</svg>"), 1u);
}

TEST(LineChart, ANullCellBreaksTheLine) {
  LineChart chart;
  chart.series.push_back({"s", "#000", {{0, 1.0}, {1, 2.0}, {2, std::nullopt}, {3, 2.0}, {4, 1.0}}});
  const auto path = first_path(render_line_chart(chart));
  EXPECT_EQ(count(path, "M"), 2u) << path;
  EXPECT_EQ(count(path, "L"), 2u) << path;
}

TEST(LineChart, NonFiniteValuesAreGapsToo) {
  LineChart chart;
  chart.series.push_back({"s", "#000", {{0, 1.0}, {1, 2.0}, {2, NAN}, {3, INFINITY}, {4, 1.0}, {5, 2.0}}});
  const auto svg = render_line_chart(chart);
  EXPECT_EQ(count(first_path(svg), "M"), 2u);
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
  EXPECT_THAT(svg, Not(HasSubstr("inf")));
}

TEST(LineChart, OnePointIsADot) {
  LineChart chart;
  chart.series.push_back({"s", "#000", {{5, 42.0}}});
  const auto svg = render_line_chart(chart);
  EXPECT_EQ(count(svg, "<circle"), 1u);
  EXPECT_THAT(svg, Not(HasSubstr("<path")));
}

TEST(LineChart, EmptySeriesSaysNoData) {
  LineChart chart;
  chart.title = "Power";
  EXPECT_THAT(render_line_chart(chart), HasSubstr("no data"));
  chart.series.push_back({"s", "#000", {{0, std::nullopt}, {1, std::nullopt}}});
  const auto svg = render_line_chart(chart);
  EXPECT_THAT(svg, HasSubstr("no data"));
  EXPECT_EQ(count(svg, "</svg>"), 1u);
}

TEST(LineChart, HugeSeriesIsDecimated) {
  LineChart chart;
  std::vector<ChartPoint> points;
  for (int i = 0; i < 200000; ++i) points.push_back({i * 0.1, 200.0 + (i % 7)});
  chart.series.push_back({"power", "#000", points});
  const auto svg = render_line_chart(chart);
  const auto path = first_path(svg);
  EXPECT_LE(count(path, "L") + count(path, "M"), kMaxPointsPerLine);
  EXPECT_LT(svg.size(), 40000u);
}

TEST(LineChart, ReferenceLinesWidenTheRangeAndShowInTheLegend) {
  LineChart chart;
  chart.series.push_back({"power_w", "#000", {{0, 100.0}, {1, 120.0}}});
  chart.references.push_back({"enforced limit 250 W", 250.0, "#555"});
  const auto svg = render_line_chart(chart);
  EXPECT_THAT(svg, HasSubstr("class=\"reference\""));
  EXPECT_THAT(svg, HasSubstr("enforced limit 250 W"));
  EXPECT_THAT(svg, HasSubstr(">250<"));  // a tick at or above the limit
}

TEST(LineChart, ExplicitXRangeDropsPointsOutsideIt) {
  LineChart chart;
  chart.x_min = 10;
  chart.x_max = 20;
  chart.series.push_back({"s", "#000", {{0, 1000.0}, {10, 1.0}, {20, 2.0}}});
  const auto svg = render_line_chart(chart);
  EXPECT_EQ(count(first_path(svg), "L"), 1u);
  EXPECT_THAT(svg, Not(HasSubstr(">1000<")));
}

TEST(LineChart, TextIsEscaped) {
  LineChart chart;
  chart.title = "<script>alert(1)</script>";
  chart.series.push_back({"a&b", "#000", {{0, 1.0}, {1, 2.0}}});
  chart.references.push_back({"\"quoted\"", 1.5, "#555"});
  const auto svg = render_line_chart(chart);
  EXPECT_THAT(svg, Not(HasSubstr("<script")));
  EXPECT_THAT(svg, HasSubstr("&lt;script&gt;"));
  EXPECT_THAT(svg, HasSubstr("a&amp;b"));
  EXPECT_THAT(svg, HasSubstr("&quot;quoted&quot;"));
}

TEST(BarChart, BarsWithReferenceOutlinesAndNotes) {
  BarChart chart;
  chart.title = "GEMM";
  chart.reference_label = "spec peak";
  chart.bars.push_back({"fp32", 10.1, 11.76, "10.1 (86% of peak)"});
  chart.bars.push_back({"int8", 40.2, std::nullopt, "40.2"});
  const auto svg = render_bar_chart(chart);
  EXPECT_EQ(count(svg, "class=\"bar\""), 2u);
  EXPECT_EQ(count(svg, "class=\"bar-reference\""), 1u);
  EXPECT_THAT(svg, HasSubstr("86% of peak"));
  EXPECT_THAT(svg, HasSubstr("spec peak"));
}

TEST(BarChart, EmptySaysNoDataAndZeroBarsHaveNoHeight) {
  BarChart chart;
  EXPECT_THAT(render_bar_chart(chart), HasSubstr("no data"));
  chart.bars.push_back({"0", 0.0, std::nullopt, ""});
  const auto svg = render_bar_chart(chart);
  EXPECT_THAT(svg, HasSubstr("height=\"0.0\""));
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
}

TEST(Timeline, AdjacentSpansMergeIntoOneRectanglePerPixel) {
  Timeline timeline;
  timeline.x_min = 0;
  timeline.x_max = 10000;
  TimelineRow row{"sw_power_cap", {}, "#f80"};
  for (int i = 0; i < 10000; ++i) row.spans.push_back({double(i), double(i + 1)});
  timeline.rows.push_back(row);
  const auto svg = render_timeline(timeline);
  EXPECT_EQ(count(svg, "fill=\"#f80\""), 1u);
  EXPECT_THAT(svg, HasSubstr(">sw_power_cap<"));
}

TEST(Timeline, ScatteredSpansAreBoundedByTheWidth) {
  Timeline timeline;
  timeline.x_min = 0;
  timeline.x_max = 100000;
  TimelineRow row{"hw_slowdown", {}, "#f00"};
  for (int i = 0; i < 100000; i += 2) row.spans.push_back({double(i), double(i + 1)});
  timeline.rows.push_back(row);
  EXPECT_LE(count(render_timeline(timeline), "fill=\"#f00\""), static_cast<std::size_t>(timeline.width));
}

TEST(Timeline, OneRowPerLabelAndNothingSet) {
  Timeline timeline;
  timeline.x_max = 10;
  EXPECT_THAT(render_timeline(timeline), HasSubstr("nothing was set"));
  timeline.rows.push_back({"a", {{1, 2}}, "#111"});
  timeline.rows.push_back({"b", {{3, 4}, {6, 7}}, "#222"});
  const auto svg = render_timeline(timeline);
  EXPECT_EQ(count(svg, "class=\"strip\""), 2u);
  EXPECT_EQ(count(svg, "fill=\"#222\""), 2u);
}

}  // namespace
}  // namespace rigcheck::svg
