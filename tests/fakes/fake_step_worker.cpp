// The worker program of the step-runner tests: rigcheck's worker code over the fake backend
// (RIGCHECK_FAKE_BACKEND), so a test can make a worker hang, crash or lose its device.
#include <cstdio>
#include <iostream>

#include "app/step_worker.hpp"
#include "tests/fakes/fake_backend.hpp"

int main() { return rigcheck::worker_main(std::cin, stdout, rigcheck::fake::fake_backends_from_environment); }
