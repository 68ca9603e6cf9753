#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reports/json_fields.hpp"
#include "reports/measurements.hpp"
#include "tests/transfer/transfer_fixtures.hpp"

namespace rigcheck {
namespace {

using namespace transfer_fixtures;
using ::testing::HasSubstr;

TransferResult full() {
  auto t = transfers(12.2, 12.9, 8.0, 16, 3);
  t.link_during_transfer.push_back({0.5, std::nullopt, 16});  // a speed that could not be read
  PeerTransfer peer;
  peer.peer_bdf = "0000:04:00.0";
  peer.peer_name = "Tesla P40";
  peer.peer_access = true;
  peer.median_bytes_per_s = 10.1e9;
  t.peers.push_back(peer);
  PeerTransfer refused;
  refused.peer_bdf = "0000:82:00.0";
  refused.unavailable_reason = "no peer access between these GPUs";
  t.peers.push_back(refused);
  t.notes = {"largest size reduced to 128 MiB by the memory budget"};
  return t;
}

TEST(TransferJson, RoundTripsThroughMeasurements) {
  Measurements m;
  m.transfers = full();
  nlohmann::json j = m;
  Measurements back = j.get<Measurements>();
  ASSERT_TRUE(back.transfers);
  EXPECT_EQ(nlohmann::json(back), j);
  const auto& t = *back.transfers;
  EXPECT_EQ(t.samples.size(), m.transfers->samples.size());
  EXPECT_EQ(t.link_during_transfer.back().width, 16);
  EXPECT_FALSE(t.link_during_transfer.back().speed_gts);
  EXPECT_EQ(t.peers[1].unavailable_reason, "no peer access between these GPUs");
  EXPECT_FALSE(t.peers[1].median_bytes_per_s);
}

TEST(TransferJson, AbsentOrNullIsNotMeasured) {
  Measurements m = nlohmann::json::object().get<Measurements>();
  EXPECT_FALSE(m.transfers);
  nlohmann::json j = Measurements{};
  EXPECT_TRUE(j.at("transfers").is_null());
}

TEST(TransferJson, BadFieldsNameTheirPath) {
  Measurements m;
  m.transfers = full();
  nlohmann::json j = m;
  auto bad = j;
  bad["transfers"]["samples"][2]["direction"] = "sideways";
  try {
    (void)bad.get<Measurements>();
    FAIL() << "accepted a bad direction";
  } catch (const json_fields::FieldError& e) {
    EXPECT_THAT(e.what(), HasSubstr("measurements.transfers.samples[2].direction"));
  }
  bad = j;
  bad["transfers"]["latencies"][0].erase("median_us");
  try {
    (void)bad.get<Measurements>();
    FAIL() << "accepted a missing field";
  } catch (const json_fields::FieldError& e) {
    EXPECT_THAT(e.what(), HasSubstr("measurements.transfers.latencies[0].median_us"));
  }
  bad = j;
  bad["transfers"]["peers"] = "none";
  EXPECT_THROW((void)bad.get<Measurements>(), json_fields::FieldError);
}

TEST(TransferJson, BestPinnedIgnoresPageableAndOtherDirections) {
  const auto t = full();
  EXPECT_NEAR(*best_pinned_bytes_per_s(t, transfer_direction::host_to_device), 12.2e9, 1);
  EXPECT_NEAR(*best_pinned_bytes_per_s(t, transfer_direction::device_to_host), 12.9e9, 1);
  TransferResult empty;
  EXPECT_FALSE(best_pinned_bytes_per_s(empty, transfer_direction::host_to_device));
}

}  // namespace
}  // namespace rigcheck
