#include "probes/nvml/telemetry_sampler.hpp"

#include <array>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "probes/nvml/nvml_call.hpp"
#include "probes/nvml/nvml_errors.hpp"
#include "probes/nvml/sample_reader.hpp"
#include "probes/nvml/telemetry_buffer.hpp"

namespace rigcheck {

using Clock = std::chrono::steady_clock;

struct DeviceSeries {
  std::string bdf;
  nvml_api::Device handle = nullptr;
  TelemetryBuffer buffer;
  std::map<std::string, std::string> unavailable;
  std::optional<TelemetryError> error;
};

struct TelemetrySampler::State {
  std::shared_ptr<const NvmlSession> session;  // keeps NVML loaded while the thread lives
  TelemetrySamplerOptions options;
  std::mutex mutex;
  std::condition_variable wake;
  bool stop_requested = false;
  bool finished = false;
  std::vector<DeviceSeries> series;  // guarded by mutex
};

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string cell_reason(const NvmlFunctions& fn, const CellRead& cell) {
  if (cell.symbol_missing) return NvmlLibrary::lacks(cell.symbol);
  if (cell.code == nvml_api::kErrorNotSupported) return nvml_call::kNotSupported;
  return fmt::format("{}: {}", cell.symbol, nvml_error_text(fn, cell.code));
}

// Reads one sample of one device into its series (under the lock only for the append).
void sample_device(TelemetrySampler::State& state, std::size_t index, Clock::time_point t0) {
  nvml_api::Device handle = nullptr;
  {
    std::lock_guard lock(state.mutex);
    if (state.series[index].error) return;  // this GPU's series has ended
    handle = state.series[index].handle;
  }
  const auto& fn = state.session->library().fn();
  const double t_s = seconds_since(t0);
  auto read = read_sample(state.session->library(), handle);

  std::array<std::optional<double>, kSampleColumnCount> cells;
  std::optional<std::string> gone;
  std::vector<std::pair<std::size_t, std::string>> reasons;
  for (std::size_t c = 0; c < kSampleColumnCount; ++c) {
    const auto& cell = read[c];
    if (!cell.symbol_missing && cell.code == nvml_api::kSuccess) {
      cells[c] = cell.value;
      continue;
    }
    if (!cell.symbol_missing && nvml_device_is_gone(cell.code) && !gone)
      gone = fmt::format("{}: {}; the GPU stopped answering (see the kernel log for Xid 79)", cell.symbol,
                         nvml_error_text(fn, cell.code));
    reasons.emplace_back(c, cell_reason(fn, cell));
  }
  std::lock_guard lock(state.mutex);
  auto& series = state.series[index];
  if (gone) {
    series.error = TelemetryError{t_s, *gone};
    return;
  }
  for (auto& [c, why] : reasons) series.unavailable.try_emplace(std::string(kSampleColumns[c]), std::move(why));
  series.buffer.add(t_s, cells);
}

void run_sampler(std::shared_ptr<TelemetrySampler::State> state) {
  const auto t0 = Clock::now();
  auto deadline = t0;
  try {
    for (;;) {
      for (std::size_t i = 0; i < state->series.size(); ++i) {
        {
          std::lock_guard lock(state->mutex);
          if (state->stop_requested) break;
        }
        sample_device(*state, i, t0);
      }
      std::unique_lock lock(state->mutex);
      deadline += state->options.interval;
      const auto now = Clock::now();
      if (deadline < now) deadline = now + state->options.interval;  // fell behind: skip, never burst
      if (state->wake.wait_until(lock, deadline, [&] { return state->stop_requested; })) break;
    }
  } catch (const std::exception& e) {
    std::lock_guard lock(state->mutex);
    for (auto& s : state->series)
      if (!s.error) s.error = TelemetryError{seconds_since(t0), fmt::format("telemetry sampler failed: {}", e.what())};
  } catch (...) {
    std::lock_guard lock(state->mutex);
    for (auto& s : state->series)
      if (!s.error) s.error = TelemetryError{seconds_since(t0), "telemetry sampler failed"};
  }
  std::lock_guard lock(state->mutex);
  state->finished = true;
  state->wake.notify_all();
}

}  // namespace

TelemetrySampler::TelemetrySampler(std::shared_ptr<const NvmlSession> session) : session_(std::move(session)) {}

TelemetrySampler::~TelemetrySampler() {
  if (running()) stop();
}

bool TelemetrySampler::start(std::chrono::milliseconds interval) {
  TelemetrySamplerOptions options;
  options.interval = interval;
  return start(options);
}

bool TelemetrySampler::start(const TelemetrySamplerOptions& options) {
  if (running() || !session_ || options.interval.count() <= 0) return false;
  auto state = std::make_shared<State>();
  state->session = session_;
  state->options = options;
  const double interval_s = std::chrono::duration<double>(options.interval).count();
  const auto max_rows = TelemetryBuffer::rows_for(options.full_resolution_seconds, interval_s);
  for (const auto& device : session_->devices())
    state->series.push_back({device.bdf, device.handle, TelemetryBuffer(kSampleColumnCount, max_rows), {}, {}});
  try {
    thread_ = std::thread(run_sampler, state);
  } catch (const std::exception&) {
    return false;
  }
  state_ = std::move(state);
  return true;
}

std::vector<std::pair<std::string, Telemetry>> TelemetrySampler::stop() {
  std::vector<std::pair<std::string, Telemetry>> out;
  if (!state_) return out;
  auto state = std::move(state_);
  std::unique_lock lock(state->mutex);
  state->stop_requested = true;
  state->wake.notify_all();
  const bool finished =
      state->wake.wait_for(lock, state->options.stop_timeout, [&] { return state->finished; });
  const double interval_s = std::chrono::duration<double>(state->options.interval).count();
  for (auto& s : state->series) {
    Telemetry t;
    t.interval_s = interval_s;
    t.decimation = s.buffer.decimation();
    t.columns.emplace_back(telemetry_column::t_s);
    for (auto name : kSampleColumns) t.columns.emplace_back(name);
    t.rows = s.buffer.rows();
    t.unavailable = s.unavailable;
    t.error = s.error;
    if (!finished && !t.error) {
      const double last_t = t.rows.empty() ? 0.0 : t.rows.back()[0].value_or(0.0);
      t.error = TelemetryError{last_t, fmt::format("an NVML call did not return within {} ms; the series ends here",
                                                   state->options.stop_timeout.count())};
    }
    out.emplace_back(s.bdf, std::move(t));
  }
  lock.unlock();
  // A hung NVML call must not hang the run: the thread keeps its own references and is let go.
  if (finished) thread_.join();
  else thread_.detach();
  return out;
}

}  // namespace rigcheck
