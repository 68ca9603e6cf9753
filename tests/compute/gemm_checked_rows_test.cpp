// Issue 17 item 8: the GEMM check reads only the rows a device path downloads, so a large output
// (the LM head at T = 4096: 4096 x 50257) is never brought to the host whole.
#include <cmath>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "kernels/compute/cpu_reference.hpp"

namespace rigcheck {
namespace {

TEST(GemmCheckedRows, TheCheckReadsOnlyTheDownloadedRows) {
  const std::uint64_t m = 4096, n = 5003, k = 8;
  const auto a = random_floats(m * k, 1, false), b = random_floats(k * n, 2, false);
  const auto rows = gemm_checked_rows(m);
  std::set<std::uint64_t> read_rows;
  std::uint64_t reads = 0;
  check_gemm(a, b, [&](std::uint64_t i) { ++reads; read_rows.insert(i / n); return 0.0; }, m, n, k, gemm_tolerance(GemmNumber::fp32, GemmNumber::fp32));
  EXPECT_EQ(reads, kGemmCheckedRows * kGemmCheckedColumns);
  for (auto row : read_rows) EXPECT_TRUE(std::binary_search(rows.begin(), rows.end(), row)) << row;
}

TEST(GemmCheckedRows, TheLmHeadDownloadIsMegabytesNotGigabytes) {
  // GPT-2's LM head at T = 4096: C is 4096 x 50257 fp32 (823 MB; 1.65 GB as doubles).
  const std::uint64_t m = 4096, n = 50257;
  const double downloaded_bytes = static_cast<double>(gemm_checked_rows(m).size() * n * 4);
  EXPECT_LT(downloaded_bytes, 8e6);
  EXPECT_EQ(gemm_checked_rows(m).size(), kGemmCheckedRows);
  EXPECT_EQ(gemm_checked_rows(10).size(), 10u) << "small outputs are checked whole";
}

TEST(GemmCheckedRows, ADownloadedRowReadsItsValuesAndAnyOtherRowReadsNaN) {
  constexpr std::uint64_t m = 1000, n = 7;
  GemmCheckedRows checked(m, n);
  const auto& rows = checked.rows();
  ASSERT_EQ(rows, gemm_checked_rows(m));
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::uint64_t col = 0; col < n; ++col) checked.values()[r * n + col] = static_cast<double>(rows[r] * 100 + col);
  // A downloaded row whose successor was not downloaded.
  const auto row = *std::find_if(rows.begin(), rows.end(), [&](std::uint64_t r) {
    return std::find(rows.begin(), rows.end(), r + 1) == rows.end();
  });
  EXPECT_EQ(checked.at(row * n + 5), static_cast<double>(row * 100 + 5));
  EXPECT_TRUE(std::isnan(checked.at((row + 1) * n + 5)));
}

}  // namespace
}  // namespace rigcheck
