#pragma once
// Points the fake NVML at a scenario file (read by the fake at nvmlInit).
#include <cstdlib>
#include <string>

namespace rigcheck::test {

inline void use_scenario(const std::string& name) {
  const std::string path = std::string(FAKE_NVML_SCENARIOS) + "/" + name + ".json";
  ::setenv("RIGCHECK_FAKE_NVML_SCENARIO", path.c_str(), 1);
}

}  // namespace rigcheck::test
