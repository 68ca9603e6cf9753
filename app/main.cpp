#include "app/app_main.hpp"

int main(int argc, char** argv) { return rigcheck::app_main(argc, argv); }
