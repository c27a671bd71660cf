/// Collapses the same line said by several ranks or workers at about the same time.
///
/// Lines are compared by their masked text (see ``LineMask``): a line from another source whose key
/// matches an open group within `window` seconds joins that group instead of being printed again. Lines
/// from one source are never merged with each other. Two styles:
///
/// - ``Style/holdUntilWindowEnds`` (the log follower): each line is held for the window and comes out
///   once, with the list of sources that said it, in the order lines first arrived.
/// - ``Style/printFirstAtOnce`` (a rank launcher's console, as Ray deduplicates): the first copy of a
///   line comes out at once, so deduplication adds no latency; copies from other sources within the
///   window are only counted, and when the window ends a summary (the first copy's payload with every
///   source, for ` [repeated 3x across ranks]`) comes out if anyone repeated it.
///
/// ```swift
/// var collapser = RepeatedLineCollapser<String>(window: 0.5, style: .printFirstAtOnce)
/// var out = collapser.submit("[default0]:loading", source: "0", line: "loading", at: now)  // printed now
/// out += collapser.submit("[default1]:loading", source: "1", line: "loading", at: now + 0.01)  // counted
/// out += collapser.flush(at: now + 1)  // the summary; out[1].suffix(noun: "ranks") == " [repeated 2x across ranks]"
/// ```
public struct RepeatedLineCollapser<Payload> {
    /// When a line comes out.
    public enum Style: Sendable {
        /// Hold every line for the window and print it once with its count.
        case holdUntilWindowEnds
        /// Print the first copy at once; print a summary with the count when the window ends.
        case printFirstAtOnce
    }

    /// One line ready to print.
    public struct Output {
        /// What the first source submitted (for example the prefixed console line).
        public var payload: Payload
        /// The sources that said this line within the window, the first one first.
        public var sources: [String]
        /// How many sources said the line (1 when it was not repeated).
        public var count: Int { sources.count }

        /// The text to append to the printed line: empty for a single source, else
        /// ` [repeated 7x across ranks]`.
        ///
        /// - Parameter noun: What the sources are, for example `"ranks"` or `"workers"`.
        public func suffix(noun: String = "ranks") -> String {
            count > 1 ? " [repeated \(count)x across \(noun)]" : ""
        }
    }

    private struct Group {
        var key: LineKey
        var payload: Payload
        var sources: [String]
        var deadline: Double
    }

    /// How long a group stays open for the same line from other sources, in seconds.
    public let window: Double
    /// When false every line passes through at once.
    public let isEnabled: Bool
    /// When lines come out.
    public let style: Style

    private var groups: [Group?] = []
    private var head = 0
    private var openGroups: [LineKey: OpenKey] = [:]
    private var baseIndex = 0

    /// The environment variable that turns collapsing off when set to `1`, `true`, `yes` or `on`.
    public static var disableVariable: String { "RUNLOG_NO_DEDUP" }

    /// Whether `environment` asks for collapsing to be off (see ``disableVariable``).
    ///
    /// - Parameter environment: Usually `ProcessInfo.processInfo.environment`.
    public static func isDisabled(by environment: [String: String]) -> Bool {
        guard let value = environment[disableVariable]?.lowercased() else { return false }
        return ["1", "true", "yes", "on"].contains(value)
    }

    /// Creates a collapser.
    ///
    /// - Parameters:
    ///   - window: Seconds a group stays open for repeats from other sources (with
    ///     ``Style/holdUntilWindowEnds``, also the added latency).
    ///   - enabled: Pass false (from a `--no-dedup` flag or ``isDisabled(by:)``) to pass lines through.
    ///   - style: Whether lines are held for the window or printed at once with a summary later.
    public init(window: Double = 0.3, enabled: Bool = true, style: Style = .holdUntilWindowEnds) {
        self.window = max(0, window)
        self.isEnabled = enabled && window > 0
        self.style = style
    }

    /// The time at which the oldest open group is due, or nil when none is open.
    public var nextDeadline: Double? {
        groups[head...].lazy.compactMap { $0 }.first?.deadline
    }

    /// Whether no group is open.
    public var isEmpty: Bool { nextDeadline == nil }

    /// Submits one line and returns the lines that are ready to print, in order.
    ///
    /// - Parameters:
    ///   - payload: What to print if this line is the first of its group.
    ///   - source: Who said it (`"0"`, `"trainer/3"`, ...); lines of one source never merge.
    ///   - line: The line's text as compared; escape sequences are removed before masking.
    ///   - time: A monotonic time in seconds.
    /// - Returns: Lines whose window has ended, then (with ``Style/printFirstAtOnce``, or when collapsing
    ///   is off) this line if it is the first of its group.
    public mutating func submit(_ payload: Payload, source: String, line: String, at time: Double) -> [Output] {
        var ready: [Output] = []
        guard isEnabled else {
            ready = flush(at: time)
            ready.append(Output(payload: payload, sources: [source]))
            return ready
        }
        var masked: [UInt8] = []
        var plain = ANSIText.plain(line)
        plain.withUTF8 { LineMask.appendMask(of: UnsafeRawBufferPointer($0), into: &masked) }
        let key = LineKey(masked)
        if !join(source: source, key: key, at: time, released: &ready) {
            open(payload, source: source, key: key, at: time)
            if style == .printFirstAtOnce { ready.append(Output(payload: payload, sources: [source])) }
        }
        return ready
    }

    /// Adds `source` to the open group of `key` it is not in yet, if there is one: the line is a repeat,
    /// to be counted rather than printed. The rank launcher's fast path, with ``open(_:source:key:at:)``.
    ///
    /// - Parameters:
    ///   - source: Who said it; lines of one source never merge.
    ///   - key: The masked text (``LineMask/appendMask(ofNeutralized:into:)``) as a key.
    ///   - time: A monotonic time in seconds, not earlier than the last one.
    ///   - released: Receives the outputs of groups whose window ended by `time`, in order.
    /// - Returns: True when the line joined a group; false when the caller must ``open(_:source:key:at:)``
    ///   one for it (with ``Style/printFirstAtOnce``, and print it now).
    public mutating func join(source: String, key: LineKey, at time: Double, released: inout [Output]) -> Bool {
        if let due = nextDeadline, due <= time {
            released += flush(at: time)
        }
        // Mutated in place through the dictionary's subscript, so its arrays are never copied.
        guard let absolute = openGroups[key]?.slotToJoin(by: source) else { return false }
        groups[absolute - baseIndex]?.sources.append(source)
        openGroups[key]?.add(source, newSlot: nil)
        return true
    }

    /// Opens a group for a line that did not ``join(source:key:at:released:)`` one.
    ///
    /// - Parameters:
    ///   - payload: What the group's output prints (with ``Style/printFirstAtOnce``, its summary).
    ///   - source: Who said it.
    ///   - key: The masked text.
    ///   - time: The same time as the failed join.
    public mutating func open(_ payload: Payload, source: String, key: LineKey, at time: Double) {
        groups.append(Group(key: key, payload: payload, sources: [source], deadline: time + window))
        openGroups[key, default: OpenKey()].add(source, newSlot: baseIndex + groups.count - 1)
    }

    /// Returns the outputs of groups whose window has ended by `time`, in order: every held line, or with
    /// ``Style/printFirstAtOnce`` the summaries of lines that were repeated.
    ///
    /// - Parameter time: The current monotonic time in seconds.
    public mutating func flush(at time: Double) -> [Output] {
        var ready: [Output] = []
        while head < groups.count {
            guard let group = groups[head] else {
                head += 1
                continue
            }
            guard group.deadline <= time else { break }
            let output = release(at: head)
            if style == .holdUntilWindowEnds || output.count > 1 { ready.append(output) }
            head += 1
        }
        compact()
        return ready
    }

    /// Returns every remaining output at once (at the end of input).
    public mutating func drain() -> [Output] {
        flush(at: .infinity)
    }

    private mutating func release(at slot: Int) -> Output {
        let group = groups[slot]!
        groups[slot] = nil
        // Groups leave in arrival order, so this one is the oldest open group of its text.
        if var open = openGroups.removeValue(forKey: group.key) {
            open.removeOldest(saidBy: group.sources)
            if open.count > 0 { openGroups[group.key] = open }
        }
        return Output(payload: group.payload, sources: group.sources)
    }

    private mutating func compact() {
        guard head > 64 && head * 2 > groups.count else { return }
        groups.removeFirst(head)
        baseIndex += head
        head = 0
    }
}

extension RepeatedLineCollapser.Output: Sendable where Payload: Sendable {}

/// The open groups of one masked text, oldest first, and how many of them each source is in.
///
/// A source always joins the oldest group it is not in yet, so the groups it is in are a prefix of the
/// open ones, and groups leave from the front: joining and releasing cost O(1) however many groups are
/// open (a fast rank printing `step 1`, `step 2`, ... opens thousands of groups of one text).
private struct OpenKey {
    /// Absolute indices of the open groups, oldest first, from `start`.
    var slots: [Int] = []
    var start = 0
    /// For each source, how many of the open groups it is in (always the oldest ones).
    var membership: [String: Int] = [:]

    var count: Int { slots.count - start }

    /// The group `source` joins, or nil when it is in every open group (it then opens a new one).
    func slotToJoin(by source: String) -> Int? {
        let joined = membership[source, default: 0]
        return joined < count ? slots[start + joined] : nil
    }

    mutating func add(_ source: String, newSlot: Int?) {
        if let newSlot { slots.append(newSlot) }
        membership[source, default: 0] += 1
    }

    /// Removes the oldest group, said by `sources`.
    mutating func removeOldest(saidBy sources: [String]) {
        start += 1
        for source in sources {
            let remaining = membership[source, default: 1] - 1
            membership[source] = remaining == 0 ? nil : remaining
        }
        if start > 64 && start * 2 > slots.count {
            slots.removeFirst(start)
            start = 0
        }
    }
}
