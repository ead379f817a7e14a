#include "ui/application.h"

int main(int argc, char **argv) { return harrier::ui::runApplication(argc, argv); }
