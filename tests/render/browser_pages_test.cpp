// Writes the pages the browser test (tests/install/browser_report.sh) opens in headless Chromium:
// a report with an hour-long telemetry series and the copies chart with every direction (the
// most legend entries any chart has), from the fixtures built in code. Also an ordinary test: the
// page renders and names its verdict.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/render/render.hpp"
#include "tests/render/render_fixtures.hpp"

namespace rigcheck {
namespace {

using namespace render_fixtures;

Report long_series_report() {
  Report report = burn_report();
  report.gpus[0] = p40_gpu(0, 3600, 1.0);
  TransferResult transfers;
  transfers.backend = "cuda";
  for (const char* direction : {transfer_direction::host_to_device, transfer_direction::device_to_host,
                                transfer_direction::bidirectional})
    for (const char* memory : {host_memory_kind::pinned, host_memory_kind::pageable})
      for (int log2_size = 12; log2_size <= 28; log2_size += 2) {
        TransferSample sample;
        sample.direction = direction;
        sample.host_memory = memory;
        sample.size_bytes = 1ull << log2_size;
        sample.repeats = 10;
        sample.median_bytes_per_s = 1e9 * log2_size * (memory == std::string(host_memory_kind::pinned) ? 0.5 : 0.3);
        sample.timing = "device_events";
        transfers.samples.push_back(sample);
      }
  report.gpus[0].measurements.transfers = transfers;
  Check bandwidth = check("pcie.bandwidth", CheckStatus::pass, "12.1 GB/s host to device");
  bandwidth.metrics["link_rate_bytes_per_s"] = {15.75e9, "bytes_per_s"};
  report.gpus[0].checks.push_back(bandwidth);
  return report;
}

TEST(BrowserPages, WriteTheLongSeriesPage) {
  const auto dir = std::filesystem::path(RIGCHECK_TEST_REPORTS_DIR) / "browser";
  std::filesystem::create_directories(dir);
  const std::string html = render_html(long_series_report());
  std::ofstream(dir / "long-series.html") << html;
  EXPECT_THAT(html, ::testing::HasSubstr("verdict-unsound"));
  EXPECT_THAT(html, ::testing::HasSubstr("device to host, pageable"));  // the copies chart with every line
}

}  // namespace
}  // namespace rigcheck
