#include "CRunlogSpawn.h"
