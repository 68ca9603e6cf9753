#include "app/interrupt.hpp"

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace rigcheck {
namespace {

std::atomic<int> g_interrupts{0};

extern "C" void on_interrupt(int signal_number) {
  if (g_interrupts.fetch_add(1) >= 1) {
    // Second Ctrl-C: the user insists. Only async-signal-safe calls here.
    const char message[] = "\nrigcheck: interrupted twice, exiting without a report\n";
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, message, sizeof(message) - 1);
    ::_exit(128 + signal_number);
  }
  const char message[] = "\nrigcheck: interrupted, finishing the current step and writing a partial report (Ctrl-C again to quit)\n";
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, message, sizeof(message) - 1);
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupt_requested() { return g_interrupts.load() > 0; }

}  // namespace rigcheck
