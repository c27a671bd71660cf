/// Holds lines briefly so that lines from different files come out in timestamp order.
///
/// Each element has an ordering key (its timestamp, then its arrival number) and a release time. The
/// buffer releases its smallest element once that element's release time has passed, so a line
/// written slightly late by one process still comes out before a later line from another process, and
/// no line waits much longer than the window.
public struct ReorderBuffer<Element> {
    private struct Entry {
        var element: Element
        var time: Double
        var sequence: Int
        var releaseAt: Double
    }

    private var entries: [Entry] = []
    private var nextSequence = 0

    /// Creates an empty buffer.
    public init() {}

    /// How many elements are held.
    public var count: Int { entries.count }

    /// The release time of the element that comes out next, or nil when the buffer is empty.
    public var nextRelease: Double? { entries.first?.releaseAt }

    /// Adds an element.
    ///
    /// - Parameters:
    ///   - element: The line.
    ///   - time: Its ordering time (seconds since 1970 from its timestamp); equal times keep arrival order.
    ///   - releaseAt: The monotonic time after which it may come out (arrival time plus the window).
    public mutating func insert(_ element: Element, time: Double, releaseAt: Double) {
        let entry = Entry(element: element, time: time, sequence: nextSequence, releaseAt: releaseAt)
        nextSequence += 1
        // New lines usually sort last: search from the end.
        var index = entries.count
        while index > 0 && entries[index - 1].time > time { index -= 1 }
        entries.insert(entry, at: index)
    }

    /// Removes and returns, in order, the elements that may come out at `now`.
    ///
    /// - Parameter now: The current monotonic time; pass `.infinity` to empty the buffer.
    public mutating func release(at now: Double) -> [Element] {
        var count = 0
        while count < entries.count && entries[count].releaseAt <= now { count += 1 }
        guard count > 0 else { return [] }
        let released = entries[..<count].map(\.element)
        entries.removeFirst(count)
        return released
    }
}
