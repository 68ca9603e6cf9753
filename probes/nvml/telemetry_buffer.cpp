#include "probes/nvml/telemetry_buffer.hpp"

#include <algorithm>
#include <cmath>

namespace rigcheck {

TelemetryBuffer::TelemetryBuffer(std::size_t cells_per_row, std::size_t max_rows)
    : width_(std::min<std::size_t>(cells_per_row, 32)), max_rows_(std::max<std::size_t>(4, max_rows + max_rows % 2)) {
  values_.reserve(std::min<std::size_t>(max_rows_, 4096) * (width_ + 1));
  valid_.reserve(std::min<std::size_t>(max_rows_, 4096));
}

std::size_t TelemetryBuffer::rows_for(double seconds, double interval_s) {
  if (!(interval_s > 0)) return 4;
  return static_cast<std::size_t>(std::ceil(seconds / interval_s)) + 1;
}

void TelemetryBuffer::store(double t_s, std::span<const std::optional<double>> cells, std::vector<double>& values,
                            std::vector<std::uint32_t>& valid) const {
  values.push_back(t_s);
  std::uint32_t bits = 0;
  for (std::size_t i = 0; i < width_; ++i) {
    const bool has = i < cells.size() && cells[i].has_value();
    values.push_back(has ? *cells[i] : 0.0);
    if (has) bits |= 1u << i;
  }
  valid.push_back(bits);
}

void TelemetryBuffer::halve() {
  const std::size_t row = width_ + 1;
  std::size_t kept = 0;
  for (std::size_t r = 0; r < valid_.size(); r += 2, ++kept) {
    std::copy_n(values_.begin() + static_cast<std::ptrdiff_t>(r * row), row,
                values_.begin() + static_cast<std::ptrdiff_t>(kept * row));
    valid_[kept] = valid_[r];
  }
  values_.resize(kept * row);
  valid_.resize(kept);
  stride_ *= 2;
}

void TelemetryBuffer::add(double t_s, std::span<const std::optional<double>> cells) {
  const std::uint64_t index = samples_seen_++;
  if (index % stride_ == 0) {
    if (valid_.size() == max_rows_) halve();
    if (index % stride_ == 0) {
      store(t_s, cells, values_, valid_);
      last_pending_ = false;
      return;
    }
  }
  last_values_.clear();
  last_valid_.clear();
  store(t_s, cells, last_values_, last_valid_);
  last_pending_ = true;
}

std::vector<std::vector<std::optional<double>>> TelemetryBuffer::rows() const {
  std::vector<std::vector<std::optional<double>>> out;
  out.reserve(stored_rows());
  auto emit = [&](const double* values, std::uint32_t bits) {
    std::vector<std::optional<double>> r;
    r.reserve(width_ + 1);
    r.emplace_back(values[0]);
    for (std::size_t i = 0; i < width_; ++i)
      r.push_back((bits >> i) & 1u ? std::optional<double>(values[i + 1]) : std::nullopt);
    out.push_back(std::move(r));
  };
  for (std::size_t r = 0; r < valid_.size(); ++r) emit(&values_[r * (width_ + 1)], valid_[r]);
  if (last_pending_) emit(last_values_.data(), last_valid_[0]);
  return out;
}

}  // namespace rigcheck
