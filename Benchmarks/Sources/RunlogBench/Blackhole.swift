import BenchSupport
import Runlog

/// Keeps a value alive so the optimiser cannot delete the work that produced it.
@inline(never)
func blackhole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// A counter the empty comparison call writes, so that call cannot be deleted either.
nonisolated(unsafe) var emptyCallCounter = 0

/// One debug call in a function of its own: the level check cannot be hoisted out of the caller's loop.
@inline(never)
func debugOnce(_ logger: RunlogLogger, _ index: Int) {
    logger.debug(
        "step \(index) | loss=\(Workload.loss(index), decimals: 4) reward=\(Workload.reward(index), decimals: 4)"
    )
}

/// The same function shape doing nothing but a counter update: its cost is the call itself.
@inline(never)
func emptyOnce(_ logger: RunlogLogger, _ index: Int) {
    emptyCallCounter &+= index
}
