#include "reports/render/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "reports/render/html_escape.hpp"

namespace rigcheck::svg {
namespace {

// Margins (px): room for y tick labels and row labels on the left, the title on top, x ticks and
// the axis label below.
constexpr double kLeft = 110;
constexpr double kRight = 16;
constexpr double kTop = 30;
constexpr double kBottom = 38;

bool valid(const ChartPoint& p) { return p.y && std::isfinite(*p.y) && std::isfinite(p.x); }

std::string tick_label(double value) {
  if (std::abs(value) < 1e-12) value = 0;  // no "-0"
  return fmt::format("{:g}", value);
}

std::string open_svg(int width, int height, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"{2}\">\n<text class=\"chart-title\" x=\"{3}\" y=\"18\">{2}</text>\n",
      width, height, html_escape(title), kLeft);
}

std::string no_data(int width, int height, const std::string& title, std::string_view message) {
  return open_svg(width, height, title) +
         fmt::format(
             "<rect class=\"plot\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"/>\n"
             "<text class=\"no-data\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n</svg>\n",
             kLeft, kTop, std::max(0.0, width - kLeft - kRight), std::max(0.0, height - kTop - kBottom),
             (kLeft + width - kRight) / 2, (kTop + height - kBottom) / 2 + 4, html_escape(message));
}

// Horizontal grid lines with y tick labels.
void y_axis(std::string& out, const PlotArea& area, const LinearScale& y, const std::vector<double>& ticks,
            const std::string& label) {
  for (double tick : ticks) {
    const double py = y(tick);
    out += fmt::format(
        "<line class=\"grid\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>"
        "<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
        area.left, py, area.right, py, area.left - 6, py + 4, tick_label(tick));
  }
  if (!label.empty())
    out += fmt::format(
        "<text class=\"axis-label\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
        "transform=\"rotate(-90 {:.1f} {:.1f})\">{}</text>\n",
        area.left - 48, (area.top + area.bottom) / 2, area.left - 48, (area.top + area.bottom) / 2, html_escape(label));
}

// Tick marks and labels along the bottom for the ticks inside [min, max]. The labels sit low
// enough that one at the left edge clears the lowest y tick label (the browser test measures it).
void x_axis(std::string& out, const PlotArea& area, const LinearScale& x, double min, double max,
            const std::string& label) {
  for (double tick : nice_ticks(min, max, 8)) {
    if (tick < min - 1e-9 * std::abs(max - min) || tick > max + 1e-9 * std::abs(max - min)) continue;
    const double px = x(tick);
    out += fmt::format(
        "<line class=\"axis\" x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\"/>"
        "<text class=\"tick\" x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>\n",
        px, area.bottom, area.bottom + 4, area.bottom + 18, tick_label(tick));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>\n", area.left,
                     area.bottom, area.right, area.bottom);
  if (!label.empty())
    out += fmt::format("<text class=\"axis-label\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                       (area.left + area.right) / 2, area.bottom + 34, html_escape(label));
}

// Legend entries in the rows layout_legend chose.
struct LegendEntry {
  std::string label;
  std::string color;
  bool dashed = false;
};

void legend(std::string& out, const LegendLayout& layout, const std::vector<LegendEntry>& entries) {
  for (std::size_t i = 0; i < entries.size() && i < layout.items.size(); ++i) {
    const auto& item = layout.items[i];
    const double mid = item.swatch.y + item.swatch.height / 2;
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"2\"{}/>",
                       item.swatch.x, mid, item.swatch.x + item.swatch.width, mid, html_escape(entries[i].color),
                       entries[i].dashed ? " stroke-dasharray=\"4 3\"" : "");
    const std::string full = item.label == entries[i].label ? "" : "<title>" + html_escape(entries[i].label) + "</title>";
    out += fmt::format("<text class=\"legend\" x=\"{:.1f}\" y=\"{:.1f}\">{}{}</text>\n", item.text.x,
                       item.text.y + item.text.height - 3, full, html_escape(item.label));
  }
}

LegendLayout layout_for(const std::vector<LegendEntry>& entries, int width) {
  std::vector<std::string> labels;
  for (const auto& e : entries) labels.push_back(e.label);
  return layout_legend(labels, width);
}

// The plot moved down below the legend; the canvas grows by as much, so the plot keeps its size.
double legend_shift(const LegendLayout& layout) { return std::max(0.0, layout.bottom + 8 - kTop); }

}  // namespace

double LinearScale::operator()(double value) const {
  const double span = domain_max - domain_min;
  if (!(std::abs(span) > 0)) return (range_min + range_max) / 2;
  return range_min + (value - domain_min) / span * (range_max - range_min);
}

std::vector<double> nice_ticks(double min, double max, int count) {
  if (!std::isfinite(min) || !std::isfinite(max)) return {};
  if (min > max) std::swap(min, max);
  if (min == max) return {min};
  const double raw = (max - min) / std::max(1, count);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= raw) break;
  }
  const double first = std::floor(min / step + 1e-9) * step;
  const double last = std::ceil(max / step - 1e-9) * step;
  std::vector<double> ticks;
  for (int i = 0;; ++i) {
    const double tick = first + i * step;
    ticks.push_back(tick);
    if (tick >= last - step * 1e-9 || i > 1000) break;
  }
  return ticks;
}

std::vector<ChartPoint> decimate(const std::vector<ChartPoint>& points, std::size_t max_points) {
  max_points = std::max<std::size_t>(max_points, 3);
  if (points.size() <= max_points) return points;
  const std::size_t buckets = max_points / 3;
  const std::size_t size = (points.size() + buckets - 1) / buckets;
  std::vector<ChartPoint> out;
  out.reserve(max_points);
  for (std::size_t begin = 0; begin < points.size(); begin += size) {
    const std::size_t end = std::min(points.size(), begin + size);
    std::optional<std::size_t> low, high;
    for (std::size_t i = begin; i < end; ++i) {
      if (!valid(points[i])) continue;
      if (!low || *points[i].y < *points[*low].y) low = i;
      if (!high || *points[i].y > *points[*high].y) high = i;
    }
    if (!low) {  // the whole bucket is missing: a gap as wide as the bucket
      out.push_back({points[begin].x, std::nullopt});
      continue;
    }
    out.push_back(points[std::min(*low, *high)]);
    if (*high != *low) out.push_back(points[std::max(*low, *high)]);
  }
  return out;
}

bool Box::overlaps(const Box& o) const {
  return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
}

bool Box::inside(double canvas_width, double canvas_height) const {
  return x >= 0 && y >= 0 && x + width <= canvas_width && y + height <= canvas_height;
}

Box title_box(const std::string& title) {
  return {kLeft, 6, kTitleCharPx * static_cast<double>(title.size()), 16};
}

LegendLayout layout_legend(const std::vector<std::string>& labels, int width) {
  constexpr double kSwatch = 16, kGap = 4, kBetween = 14, kRow = 15, kFirstRowTop = 26;
  const double left = kLeft, right = width - kRight;
  LegendLayout layout;
  double x = left, y = kFirstRowTop;
  for (const auto& full : labels) {
    std::string label = full;
    // One entry alone must fit one row: shorten it (the full text stays in a tooltip).
    const auto max_chars = static_cast<std::size_t>(std::max(1.0, (right - left - kSwatch - kGap) / kLegendCharPx));
    if (label.size() > max_chars) label = label.substr(0, max_chars > 1 ? max_chars - 1 : 0) + "…";
    const double text_width = kLegendCharPx * static_cast<double>(label.size());
    const double item_width = kSwatch + kGap + text_width;
    if (x > left && x + item_width > right) {
      x = left;
      y += kRow;
    }
    layout.items.push_back({label, {x, y, kSwatch, kRow - 2}, {x + kSwatch + kGap, y, text_width, kRow - 2}});
    x += item_width + kBetween;
  }
  layout.bottom = labels.empty() ? title_box("").y + title_box("").height : y + kRow;
  return layout;
}

PlotArea plot_area(int width, int height, double legend_height) {
  const double top = kTop + legend_height;
  return {kLeft, top, std::max(kLeft + 1, width - kRight), std::max(top + 1, height - kBottom)};
}

std::string render_line_chart(const LineChart& chart) {
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  double y_lo = x_lo, y_hi = -x_lo;
  for (const auto& series : chart.series)
    for (const auto& p : series.points)
      if (valid(p)) {
        x_lo = std::min(x_lo, p.x);
        x_hi = std::max(x_hi, p.x);
      }
  if (chart.x_min) x_lo = *chart.x_min;
  if (chart.x_max) x_hi = *chart.x_max;
  for (const auto& series : chart.series)
    for (const auto& p : series.points)
      if (valid(p) && p.x >= x_lo && p.x <= x_hi) {
        y_lo = std::min(y_lo, *p.y);
        y_hi = std::max(y_hi, *p.y);
      }
  if (!(y_lo <= y_hi)) return no_data(chart.width, chart.height, chart.title, "no data");
  for (const auto& ref : chart.references)
    if (std::isfinite(ref.y)) {
      y_lo = std::min(y_lo, ref.y);
      y_hi = std::max(y_hi, ref.y);
    }
  if (chart.y_from_zero) {
    y_lo = std::min(y_lo, 0.0);
    y_hi = std::max(y_hi, 0.0);
  }
  if (y_lo == y_hi) {  // a flat line or one point: give it room
    const double pad = std::abs(y_lo) > 0 ? std::abs(y_lo) * 0.1 : 1.0;
    y_lo = chart.y_from_zero && y_lo >= 0 ? 0 : y_lo - pad;
    y_hi += pad;
  }
  if (x_lo == x_hi) {
    x_lo -= 0.5;
    x_hi += 0.5;
  }
  std::vector<LegendEntry> entries;
  for (const auto& ref : chart.references)
    if (std::isfinite(ref.y)) entries.push_back({ref.label, ref.color, true});
  if (chart.series.size() > 1 || !chart.references.empty())
    for (const auto& series : chart.series) entries.push_back({series.name, series.color, false});
  const LegendLayout legend_layout = layout_for(entries, chart.width);
  const double shift = legend_shift(legend_layout);
  const int height = chart.height + static_cast<int>(std::ceil(shift));

  const auto ticks = nice_ticks(y_lo, y_hi, 5);
  const PlotArea area = plot_area(chart.width, height, shift);
  const LinearScale x{x_lo, x_hi, area.left, area.right};
  const LinearScale y{ticks.front(), ticks.back(), area.bottom, area.top};

  std::string out = open_svg(chart.width, height, chart.title);
  for (const auto& band : chart.bands) {
    const double a = std::clamp(x(band.x_min), area.left, area.right);
    const double b = std::clamp(x(band.x_max), area.left, area.right);
    if (b <= a) continue;
    out += fmt::format(
        "<rect class=\"band\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\">"
        "<title>{}</title></rect>\n",
        a, area.top, b - a, area.bottom - area.top, html_escape(band.label));
  }
  y_axis(out, area, y, ticks, chart.y_label);
  x_axis(out, area, x, x_lo, x_hi, chart.x_label);

  for (const auto& ref : chart.references) {
    if (!std::isfinite(ref.y)) continue;
    out += fmt::format(
        "<line class=\"reference\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
        "stroke=\"{}\"><title>{}</title></line>\n",
        area.left, y(ref.y), area.right, y(ref.y), html_escape(ref.color), html_escape(ref.label));
  }
  for (const auto& series : chart.series) {
    std::vector<ChartPoint> inside;
    for (const auto& p : series.points)
      if (p.x >= x_lo && p.x <= x_hi) inside.push_back(p);
    inside = decimate(inside);
    std::string path;
    std::string dots;
    for (std::size_t i = 0; i < inside.size(); ++i) {
      if (!valid(inside[i])) continue;
      const bool starts = i == 0 || !valid(inside[i - 1]);
      const bool ends = i + 1 == inside.size() || !valid(inside[i + 1]);
      const double px = x(inside[i].x), py = y(*inside[i].y);
      if (starts && ends)  // an isolated point: a line needs two, so draw a dot
        dots += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"/>", px, py,
                            html_escape(series.color));
      else
        path += fmt::format("{}{:.1f},{:.1f}", starts ? "M" : "L", px, py);
    }
    if (!path.empty())
      out += fmt::format("<path class=\"line\" d=\"{}\" stroke=\"{}\"><title>{}</title></path>\n", path,
                         html_escape(series.color), html_escape(series.name));
    if (!dots.empty()) out += dots + "\n";
  }
  legend(out, legend_layout, entries);
  out += "</svg>\n";
  return out;
}

std::string render_bar_chart(const BarChart& chart) {
  double hi = 0;
  for (const auto& bar : chart.bars) {
    if (std::isfinite(bar.value)) hi = std::max(hi, bar.value);
    if (bar.reference && std::isfinite(*bar.reference)) hi = std::max(hi, *bar.reference);
  }
  if (chart.bars.empty()) return no_data(chart.width, chart.height, chart.title, "no data");
  if (!(hi > 0)) hi = 1;
  bool any_reference = false;
  for (const auto& bar : chart.bars)
    any_reference = any_reference || (bar.reference && std::isfinite(*bar.reference) && *bar.reference > 0);
  std::vector<LegendEntry> entries;
  if (any_reference && !chart.reference_label.empty()) entries.push_back({chart.reference_label, "#888", true});
  const LegendLayout legend_layout = layout_for(entries, chart.width);
  const double shift = legend_shift(legend_layout);
  const int height = chart.height + static_cast<int>(std::ceil(shift));

  const auto ticks = nice_ticks(0, hi, 5);
  const PlotArea area = plot_area(chart.width, height, shift);
  const LinearScale y{ticks.front(), ticks.back(), area.bottom, area.top};
  const double slot = (area.right - area.left) / static_cast<double>(chart.bars.size());
  const double bar_width = std::max(1.0, slot * 0.6);

  std::string out = open_svg(chart.width, height, chart.title);
  y_axis(out, area, y, ticks, chart.y_label);
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const auto& bar = chart.bars[i];
    const double center = area.left + slot * (static_cast<double>(i) + 0.5);
    const double x0 = center - bar_width / 2;
    if (bar.reference && std::isfinite(*bar.reference) && *bar.reference > 0) {
      const double top = y(*bar.reference);
      out += fmt::format(
          "<rect class=\"bar-reference\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\">"
          "<title>{}: {} {:g}</title></rect>\n",
          x0, top, bar_width, area.bottom - top, html_escape(bar.label), html_escape(chart.reference_label),
          *bar.reference);
    }
    const double value = std::isfinite(bar.value) ? std::max(0.0, bar.value) : 0.0;
    const double top = y(value);
    out += fmt::format(
        "<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
        "<title>{}: {:g}</title></rect>\n",
        x0, top, bar_width, area.bottom - top, html_escape(chart.color), html_escape(bar.label), value);
    if (!bar.note.empty()) {
      const double above = bar.reference && *bar.reference > value ? std::min(top, y(*bar.reference)) : top;
      out += fmt::format("<text class=\"bar-note\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                         center, above - 4, html_escape(bar.note));
    }
    out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", center,
                       area.bottom + 16, html_escape(bar.label));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>\n", area.left,
                     area.bottom, area.right, area.bottom);
  if (!chart.x_label.empty())
    out += fmt::format("<text class=\"axis-label\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                       (area.left + area.right) / 2, area.bottom + 32, html_escape(chart.x_label));
  legend(out, legend_layout, entries);
  out += "</svg>\n";
  return out;
}

std::string render_timeline(const Timeline& timeline) {
  const int height = static_cast<int>(kTop + kBottom) +
                     timeline.row_height * static_cast<int>(std::max<std::size_t>(1, timeline.rows.size()));
  if (timeline.rows.empty()) return no_data(timeline.width, height, timeline.title, "nothing was set");
  double x_lo = timeline.x_min, x_hi = timeline.x_max;
  if (!(x_hi > x_lo)) {
    x_lo -= 0.5;
    x_hi = x_lo + 1;
  }
  const PlotArea area = plot_area(timeline.width, height);
  const LinearScale x{x_lo, x_hi, area.left, area.right};
  std::string out = open_svg(timeline.width, height, timeline.title);
  for (std::size_t r = 0; r < timeline.rows.size(); ++r) {
    const auto& row = timeline.rows[r];
    const double top = area.top + static_cast<double>(r) * timeline.row_height;
    const double h = timeline.row_height - 4.0;
    out += fmt::format(
        "<rect class=\"strip\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"/>"
        "<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
        area.left, top + 2, area.right - area.left, h, area.left - 6, top + h / 2 + 6, html_escape(row.label));
    // Merge in pixel space: at most one rectangle per pixel column.
    std::vector<Span> spans;
    for (const auto& s : row.spans)
      if (std::isfinite(s.x_min) && std::isfinite(s.x_max) && s.x_max >= x_lo && s.x_min <= x_hi)
        spans.push_back({std::clamp(x(s.x_min), area.left, area.right), std::clamp(x(s.x_max), area.left, area.right)});
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.x_min < b.x_min; });
    std::vector<Span> merged;
    for (const auto& s : spans) {
      if (!merged.empty() && s.x_min <= merged.back().x_max + 0.5)
        merged.back().x_max = std::max(merged.back().x_max, s.x_max);
      else
        merged.push_back(s);
    }
    for (const auto& s : merged)
      out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>", s.x_min,
                         top + 2, std::max(1.0, s.x_max - s.x_min), h, html_escape(row.color));
    out += "\n";
  }
  x_axis(out, area, x, x_lo, x_hi, timeline.x_label);
  out += "</svg>\n";
  return out;
}

}  // namespace rigcheck::svg
