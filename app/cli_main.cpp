#include "cli/cli.h"

int main(int argc, char **argv) { return harrier::cli::main(argc, argv); }
