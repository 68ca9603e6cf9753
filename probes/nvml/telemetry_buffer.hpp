#pragma once
// Bounded storage of one GPU's samples. Full resolution until `max_rows` rows are held, then
// decimation: every other stored row is dropped and only every 2nd (4th, ...) sample is kept from
// then on. A ring would lose the first samples, which counter deltas (replays, first vs last) and
// warm-up analysis need; decimation keeps the whole run at a coarser step. The latest sample is
// always kept as the last row.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace rigcheck {

class TelemetryBuffer {
 public:
  // `cells_per_row` excludes t_s. `max_rows` is raised to an even number of at least 4.
  TelemetryBuffer(std::size_t cells_per_row, std::size_t max_rows);

  // Adds one sample; `cells.size()` must be cells_per_row (extra cells are ignored).
  void add(double t_s, std::span<const std::optional<double>> cells);

  std::size_t stored_rows() const { return valid_.size() + (last_pending_ ? 1 : 0); }
  std::uint64_t samples_seen() const { return samples_seen_; }
  int decimation() const { return static_cast<int>(stride_); }
  std::size_t max_rows() const { return max_rows_; }

  // Rows with t_s first, in time order; the latest sample last.
  std::vector<std::vector<std::optional<double>>> rows() const;

  // Rows needed to hold `seconds` at `interval_s` at full resolution.
  static std::size_t rows_for(double seconds, double interval_s);

 private:
  void store(double t_s, std::span<const std::optional<double>> cells, std::vector<double>& values,
             std::vector<std::uint32_t>& valid) const;
  void halve();

  std::size_t width_;  // cells per row, t_s excluded (at most 32: one validity bit each)
  std::size_t max_rows_;
  std::uint64_t stride_ = 1;
  std::uint64_t samples_seen_ = 0;
  std::vector<double> values_;       // row-major, width_ + 1 per row (t_s first)
  std::vector<std::uint32_t> valid_;  // one bit per cell
  // The latest sample when decimation skipped it, so the series ends at the newest reading.
  bool last_pending_ = false;
  std::vector<double> last_values_;
  std::vector<std::uint32_t> last_valid_;
};

}  // namespace rigcheck
