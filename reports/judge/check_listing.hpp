#pragma once
// `rigcheck list-checks`: every check id the catalog (catalog.cpp) makes, what it judges, and the
// policy keys that set its thresholds — the keys of the default policy file whose table is the
// check id or a prefix of it ([power] for power.sustained, [compute] for compute.gemm.fp16).
#include <string>
#include <vector>

namespace rigcheck {

struct CheckListing {
  std::string id;      // "pcie.errors", "compute.gemm.<precision>"
  std::string judges;  // the catalog row's description
  std::vector<std::string> policy_keys;  // "pcie.errors.correctable_warn_above", ...; empty: fixed rule
};

std::vector<CheckListing> check_listing();

// Every threshold key of the default policy (dotted paths, "name" left out).
std::vector<std::string> default_policy_keys();

}  // namespace rigcheck
