// placeholder, being written
#include "udpreliability.h"
