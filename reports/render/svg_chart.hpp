#pragma once
// Small inline-SVG charts from plain vectors: a line chart (gaps, reference lines, shaded bands),
// a bar chart (with a reference such as a spec peak) and a timeline strip (one row of spans per
// label). No report types here: the HTML sections turn report data into these vectors.
// Every string is HTML-escaped; lines are decimated to kMaxPointsPerLine points.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rigcheck::svg {

// A y of nullopt (or NaN/inf) is a gap: the line is broken there.
struct ChartPoint {
  double x = 0;
  std::optional<double> y;
};

// Maps [domain_min, domain_max] linearly onto [range_min, range_max] (range may run backwards,
// as SVG y does). A zero-width domain maps everything to the middle of the range.
struct LinearScale {
  double domain_min = 0;
  double domain_max = 1;
  double range_min = 0;
  double range_max = 1;
  double operator()(double value) const;
};

// Round tick values (steps of 1, 2 or 5 x 10^k), about `count` of them, from a multiple of the
// step at or below `min` to one at or above `max`. min == max gives that value alone.
std::vector<double> nice_ticks(double min, double max, int count = 5);

// Keeps a line at most `max_points` long (at least 3): consecutive points are bucketed and each
// bucket keeps its lowest and highest value in x order, so spikes stay visible. A bucket with no
// value at all becomes a gap; a missing sample among values in a bucket narrower than a pixel or
// two does not break the line. A line already short enough is returned unchanged.
inline constexpr std::size_t kMaxPointsPerLine = 1000;
std::vector<ChartPoint> decimate(const std::vector<ChartPoint>& points, std::size_t max_points = kMaxPointsPerLine);

// Where the plot sits inside a chart of this size (the same left edge for every chart, so time
// axes of stacked charts line up).
struct PlotArea {
  double left = 0;
  double top = 0;
  double right = 0;
  double bottom = 0;
};
// `legend_height`: how far a legend under the title moved the plot down.
PlotArea plot_area(int width, int height, double legend_height = 0);

// Text and legend layout, computed here rather than left to the browser: each box is where a text
// or swatch is drawn, from an estimate of glyph widths (the page's sans-serif at the chart font
// sizes; no font is shipped, so widths are over-estimated rather than under).
struct Box {
  double x = 0, y = 0, width = 0, height = 0;
  bool overlaps(const Box& other) const;
  bool inside(double canvas_width, double canvas_height) const;
};
inline constexpr double kTitleCharPx = 8.0;   // 12 px bold
inline constexpr double kLegendCharPx = 7.0;  // 11 px
Box title_box(const std::string& title);      // the chart title on the first line

struct LegendItemLayout {
  std::string label;  // shortened with "…" when it would not fit the chart's width
  Box swatch, text;
};
struct LegendLayout {
  std::vector<LegendItemLayout> items;
  double bottom = 0;  // below the last row (the title's bottom when there is no entry)
};
// Legend entries in rows under the title, left to right from the plot's left edge, wrapping
// before the right margin: never over the title, never off the canvas, for any number of entries.
LegendLayout layout_legend(const std::vector<std::string>& labels, int width);

struct LineSeries {
  std::string name;
  std::string color = "#1f77b4";
  std::vector<ChartPoint> points;
};

// A horizontal dashed line: a limit or threshold.
struct ReferenceLine {
  std::string label;
  double y = 0;
  std::string color = "#d62728";
};

// A shaded x range, e.g. the window a load ran in.
struct Band {
  double x_min = 0;
  double x_max = 0;
  std::string label;
};

struct LineChart {
  std::string title;
  std::string x_label = "time (s)";
  std::string y_label;
  std::vector<LineSeries> series;
  std::vector<ReferenceLine> references;
  std::vector<Band> bands;
  std::optional<double> x_min;  // default: the extent of the data
  std::optional<double> x_max;
  bool y_from_zero = false;
  int width = 760;
  int height = 220;
};
std::string render_line_chart(const LineChart& chart);

struct Bar {
  std::string label;
  double value = 0;
  std::optional<double> reference;  // drawn as a dashed outline behind the bar (e.g. spec peak)
  std::string note;                 // written above the bar ("62% of peak")
};

struct BarChart {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::string reference_label;  // legend entry for the outlines, e.g. "spec peak"
  std::string color = "#1f77b4";
  std::vector<Bar> bars;
  int width = 760;
  int height = 220;
};
std::string render_bar_chart(const BarChart& chart);

struct Span {
  double x_min = 0;
  double x_max = 0;
};

struct TimelineRow {
  std::string label;
  std::vector<Span> spans;
  std::string color = "#ff7f0e";
};

// One strip per row; spans closer than half a pixel merge, so a strip has at most one rectangle
// per pixel column however long the series was.
struct Timeline {
  std::string title;
  std::string x_label = "time (s)";
  double x_min = 0;
  double x_max = 1;
  std::vector<TimelineRow> rows;
  int width = 760;
  int row_height = 18;
};
std::string render_timeline(const Timeline& timeline);

}  // namespace rigcheck::svg
