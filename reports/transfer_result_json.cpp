// TransferResult <-> JSON. Loading is strict: every bad field throws FieldError with its path.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "reports/json_fields.hpp"
#include "reports/json_forms.hpp"
#include "reports/transfer_result.hpp"

namespace rigcheck {
namespace {

using json = nlohmann::json;
using json_fields::array_field;
using json_fields::element;
using json_fields::FieldError;
using json_fields::get;
using json_fields::get_optional;
using json_fields::join;
using json_fields::put_optional;
using json_fields::required;

// Calls `read(element, element_path)` for each element of the array `key`.
template <class T, class Read>
std::vector<T> read_array(const json& object, const std::string& key, const std::string& path, Read read) {
  std::vector<T> out;
  const auto& items = array_field(object, key, path);
  for (std::size_t i = 0; i < items.size(); ++i) out.push_back(read(items[i], element(join(path, key), i)));
  return out;
}

std::string direction_from_json(const json& j, const std::string& path) {
  auto direction = get<std::string>(j, "direction", path);
  if (direction != transfer_direction::host_to_device && direction != transfer_direction::device_to_host &&
      direction != transfer_direction::bidirectional)
    throw FieldError(join(path, "direction") + ": expected host_to_device, device_to_host or bidirectional");
  return direction;
}

std::string host_memory_from_json(const json& j, const std::string& path) {
  auto kind = get<std::string>(j, "host_memory", path);
  if (kind != host_memory_kind::pinned && kind != host_memory_kind::pageable)
    throw FieldError(join(path, "host_memory") + ": expected pinned or pageable");
  return kind;
}

json sample_to_json(const TransferSample& s) {
  return {{"direction", s.direction},
          {"host_memory", s.host_memory},
          {"size_bytes", s.size_bytes},
          {"repeats", s.repeats},
          {"median_bytes_per_s", s.median_bytes_per_s},
          {"min_bytes_per_s", s.min_bytes_per_s},
          {"max_bytes_per_s", s.max_bytes_per_s},
          {"timing", s.timing}};
}

TransferSample sample_from_json(const json& j, const std::string& path) {
  TransferSample s;
  s.direction = direction_from_json(j, path);
  s.host_memory = host_memory_from_json(j, path);
  s.size_bytes = get<std::uint64_t>(j, "size_bytes", path);
  s.repeats = get<std::uint32_t>(j, "repeats", path);
  s.median_bytes_per_s = get<double>(j, "median_bytes_per_s", path);
  s.min_bytes_per_s = get<double>(j, "min_bytes_per_s", path);
  s.max_bytes_per_s = get<double>(j, "max_bytes_per_s", path);
  s.timing = get<std::string>(j, "timing", path);
  return s;
}

json latency_to_json(const TransferLatency& l) {
  return {{"direction", l.direction}, {"host_memory", l.host_memory}, {"size_bytes", l.size_bytes},
          {"repeats", l.repeats},     {"median_us", l.median_us},     {"min_us", l.min_us},
          {"max_us", l.max_us}};
}

TransferLatency latency_from_json(const json& j, const std::string& path) {
  TransferLatency l;
  l.direction = direction_from_json(j, path);
  l.host_memory = host_memory_from_json(j, path);
  l.size_bytes = get<std::uint64_t>(j, "size_bytes", path);
  l.repeats = get<std::uint32_t>(j, "repeats", path);
  l.median_us = get<double>(j, "median_us", path);
  l.min_us = get<double>(j, "min_us", path);
  l.max_us = get<double>(j, "max_us", path);
  return l;
}

json link_to_json(const LinkSample& s) {
  json j{{"time_s", s.time_s}};
  put_optional(j, "speed_gts", s.speed_gts);
  put_optional(j, "width", s.width);
  return j;
}

LinkSample link_from_json(const json& j, const std::string& path) {
  LinkSample s;
  s.time_s = get<double>(j, "time_s", path);
  s.speed_gts = get_optional<double>(j, "speed_gts", path);
  s.width = get_optional<int>(j, "width", path);
  return s;
}

json peer_to_json(const PeerTransfer& p) {
  json j{{"peer_bdf", p.peer_bdf}, {"peer_name", p.peer_name}, {"peer_access", p.peer_access}};
  put_optional(j, "median_bytes_per_s", p.median_bytes_per_s);
  put_optional(j, "bidirectional_bytes_per_s", p.bidirectional_bytes_per_s);
  put_optional(j, "unavailable_reason", p.unavailable_reason);
  return j;
}

PeerTransfer peer_from_json(const json& j, const std::string& path) {
  PeerTransfer p;
  p.peer_bdf = json_fields::get_pci_address(j, "peer_bdf", path, true);
  p.peer_name = get<std::string>(j, "peer_name", path);
  p.peer_access = get<bool>(j, "peer_access", path);
  p.median_bytes_per_s = get_optional<double>(j, "median_bytes_per_s", path);
  p.bidirectional_bytes_per_s = get_optional<double>(j, "bidirectional_bytes_per_s", path);
  p.unavailable_reason = get_optional<std::string>(j, "unavailable_reason", path);
  return p;
}

template <class T, class Write>
json write_array(const std::vector<T>& items, Write write) {
  json out = json::array();
  for (const auto& item : items) out.push_back(write(item));
  return out;
}

}  // namespace

std::optional<double> best_pinned_bytes_per_s(const TransferResult& result, const std::string& direction) {
  std::optional<double> best;
  for (const auto& s : result.samples)
    if (s.direction == direction && s.host_memory == host_memory_kind::pinned)
      best = std::max(best.value_or(0.0), s.median_bytes_per_s);
  return best;
}

void to_json(json& j, const TransferResult& r) {
  j = json{{"backend", r.backend},
           {"method", r.method},
           {"samples", write_array(r.samples, sample_to_json)},
           {"latencies", write_array(r.latencies, latency_to_json)},
           {"link_during_transfer", write_array(r.link_during_transfer, link_to_json)},
           {"peers", write_array(r.peers, peer_to_json)},
           {"interrupted", r.interrupted},
           {"notes", r.notes}};
}

TransferResult transfer_result_from_json(const json& j, const std::string& path) {
  if (!j.is_object()) throw FieldError(path + ": expected an object");
  TransferResult r;
  r.backend = get<std::string>(j, "backend", path);
  r.method = get<std::string>(j, "method", path);
  r.samples = read_array<TransferSample>(j, "samples", path, sample_from_json);
  r.latencies = read_array<TransferLatency>(j, "latencies", path, latency_from_json);
  r.link_during_transfer = read_array<LinkSample>(j, "link_during_transfer", path, link_from_json);
  r.peers = read_array<PeerTransfer>(j, "peers", path, peer_from_json);
  r.interrupted = get<bool>(j, "interrupted", path);
  r.notes = get<std::vector<std::string>>(j, "notes", path);
  return r;
}

}  // namespace rigcheck
