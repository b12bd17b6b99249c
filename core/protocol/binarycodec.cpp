// placeholder, being written
#include "binarycodec.h"
