// placeholder, being written
#include "linereader.h"
