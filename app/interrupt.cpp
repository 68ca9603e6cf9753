#include "app/interrupt.hpp"

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace rigcheck {
namespace {

std::atomic<int> g_interrupts{0};
std::atomic<bool> g_report_on_disk{false};

extern "C" void on_interrupt(int signal_number) {
  if (g_interrupts.fetch_add(1) >= 1) {
    // Second Ctrl-C: the user insists. Only async-signal-safe calls here. A report already on
    // disk stays (it was written whole, by rename) and the exit says "could not test".
    if (g_report_on_disk.load()) {
      const char message[] = "\nrigcheck: interrupted twice; the partial report is on disk\n";
      [[maybe_unused]] auto written = ::write(STDERR_FILENO, message, sizeof(message) - 1);
      ::_exit(3);  // kExitCouldNotTest
    }
    const char message[] = "\nrigcheck: interrupted twice, exiting without a report\n";
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, message, sizeof(message) - 1);
    ::_exit(128 + signal_number);
  }
  const char message[] = "\nrigcheck: interrupted, finishing the current step and writing a partial report (Ctrl-C again to quit)\n";
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, message, sizeof(message) - 1);
}

extern "C" void on_worker_interrupt(int signal_number) {
  if (g_interrupts.fetch_add(1) >= 1) ::_exit(128 + signal_number);
}

void install(void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

void install_interrupt_handler() { install(on_interrupt); }

void install_worker_interrupt_handler() { install(on_worker_interrupt); }

bool interrupt_requested() { return g_interrupts.load() > 0; }

void note_report_on_disk() { g_report_on_disk.store(true); }

}  // namespace rigcheck
