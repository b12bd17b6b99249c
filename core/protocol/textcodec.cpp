// placeholder, being written
#include "textcodec.h"
