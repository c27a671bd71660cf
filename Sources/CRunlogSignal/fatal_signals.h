#pragma once
// The fatal signals the flight recorder writes a final line for (internal to CRunlogSignal).

#include "CRunlogSignal.h"

#include <signal.h>

/// The fatal signals, in the order of runlog_slot.final_lines and runlog_slot.final_length.
static const int runlog_fatal_signals[RUNLOG_FATAL_SIGNAL_COUNT] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
