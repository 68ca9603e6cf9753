#include "probes/nvml/nvml_session.hpp"

namespace rigcheck {

NvmlSession::~NvmlSession() {
  if (library_ && library_->fn().shutdown) library_->fn().shutdown();
}

}  // namespace rigcheck
