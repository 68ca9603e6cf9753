#include <array>
#include <optional>

#include <gtest/gtest.h>

#include "probes/nvml/telemetry_buffer.hpp"

namespace rigcheck {
namespace {

void add(TelemetryBuffer& b, double t, std::optional<double> v) {
  std::array<std::optional<double>, 2> cells{v, std::nullopt};
  b.add(t, cells);
}

TEST(TelemetryBuffer, OneHourAtTheDefaultIntervalFitsAtFullResolution) {
  EXPECT_GE(TelemetryBuffer::rows_for(3600, 0.1), 36000u);
  TelemetryBuffer b(12, TelemetryBuffer::rows_for(3600, 0.1));
  std::array<std::optional<double>, 12> cells{};
  for (int i = 0; i <= 36000; ++i) b.add(i * 0.1, cells);
  EXPECT_EQ(b.decimation(), 1);
  EXPECT_EQ(b.stored_rows(), 36001u);
}

TEST(TelemetryBuffer, KeepsNullsAndValues) {
  TelemetryBuffer b(2, 8);
  add(b, 0.0, 5.0);
  add(b, 0.1, std::nullopt);
  auto rows = b.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], 0.0);
  EXPECT_EQ(rows[0][1], 5.0);
  EXPECT_FALSE(rows[0][2]);
  EXPECT_FALSE(rows[1][1]);
}

TEST(TelemetryBuffer, DecimatesWhenFullAndKeepsFirstAndLatest) {
  TelemetryBuffer b(2, 8);
  for (int i = 0; i < 1000; ++i) add(b, i, i);
  EXPECT_LE(b.stored_rows(), 9u);  // bounded: max rows plus the latest sample
  EXPECT_GT(b.decimation(), 1);
  auto rows = b.rows();
  EXPECT_EQ(*rows.front()[0], 0.0);
  EXPECT_EQ(*rows.back()[0], 999.0);
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_GT(*rows[i][0], *rows[i - 1][0]);
  // Stored rows (all but the latest) sit on the decimation grid.
  for (std::size_t i = 0; i + 1 < rows.size(); ++i)
    EXPECT_EQ(static_cast<long>(*rows[i][0]) % b.decimation(), 0) << i;
}

}  // namespace
}  // namespace rigcheck
