/// Collapses the same line said by several ranks or workers at about the same time into one line.
///
/// Each submitted line is held for `window` seconds. A line from another source whose masked text
/// (see ``LineMask``) matches a held line joins it instead of being printed; when the window ends the
/// held line comes out once, with the list of sources that said it. Lines from one source are never
/// merged with each other, and output keeps the order in which lines first arrived.
///
/// ```swift
/// var collapser = RepeatedLineCollapser<String>(window: 0.5)
/// var out = collapser.submit("[default0]:loading", source: "0", line: "loading", at: now)
/// out += collapser.submit("[default1]:loading", source: "1", line: "loading", at: now + 0.01)
/// out += collapser.flush(at: now + 1)      // one line; out[0].suffix(noun: "ranks") == " [repeated 2x across ranks]"
/// ```
public struct RepeatedLineCollapser<Payload> {
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
        var key: String
        var payload: Payload
        var sources: [String]
        var deadline: Double
    }

    /// How long a line is held waiting for the same line from other sources, in seconds.
    public let window: Double
    /// When false every line passes through at once.
    public let isEnabled: Bool
    /// The held groups of one masked text, oldest first, and how many of them each source is in.
    ///
    /// A source always joins the oldest group it is not in yet, so the groups it is in are a prefix of the
    /// held ones, and groups leave from the front: joining and releasing cost O(1) however many lines are
    /// held (a fast rank printing `step 1`, `step 2`, ... holds thousands of groups of one text).
    private struct OpenKey {
        /// Absolute indices of the held groups, oldest first, from `start`.
        var slots: [Int] = []
        var start = 0
        /// For each source, how many of the held groups it is in (always the oldest ones).
        var membership: [String: Int] = [:]

        var count: Int { slots.count - start }

        /// The group `source` joins, or nil when it is in every held group (it then opens a new one).
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

    private var groups: [Group?] = []
    private var head = 0
    private var openGroups: [String: OpenKey] = [:]
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
    ///   - window: Seconds a line waits for repeats from other sources; also the added latency.
    ///   - enabled: Pass false (from a `--no-dedup` flag or ``isDisabled(by:)``) to pass lines through.
    public init(window: Double = 0.3, enabled: Bool = true) {
        self.window = max(0, window)
        self.isEnabled = enabled && window > 0
    }

    /// The time at which the oldest held line is due, or nil when nothing is held.
    public var nextDeadline: Double? {
        groups[head...].lazy.compactMap { $0 }.first?.deadline
    }

    /// Whether any line is held.
    public var isEmpty: Bool { nextDeadline == nil }

    /// Submits one line and returns the lines that are ready to print, in order.
    ///
    /// - Parameters:
    ///   - payload: What to print if this line is the first of its group.
    ///   - source: Who said it (`"0"`, `"trainer/3"`, ...); lines of one source never merge.
    ///   - line: The line's text as compared; escape sequences are removed before masking.
    ///   - time: A monotonic time in seconds.
    /// - Returns: Lines whose window has ended (and this line when collapsing is off).
    public mutating func submit(_ payload: Payload, source: String, line: String, at time: Double) -> [Output] {
        var ready = flush(at: time)
        guard isEnabled else {
            ready.append(Output(payload: payload, sources: [source]))
            return ready
        }
        let key = LineMask.mask(ANSIText.plain(line))
        // Mutated in place through the dictionary's subscript, so its arrays are never copied.
        if let absolute = openGroups[key]?.slotToJoin(by: source) {
            groups[absolute - baseIndex]?.sources.append(source)
            openGroups[key]?.add(source, newSlot: nil)
            return ready
        }
        groups.append(Group(key: key, payload: payload, sources: [source], deadline: time + window))
        openGroups[key, default: OpenKey()].add(source, newSlot: baseIndex + groups.count - 1)
        return ready
    }

    /// Returns the held lines whose window has ended by `time`, in order.
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
            ready.append(release(at: head))
            head += 1
        }
        compact()
        return ready
    }

    /// Returns every held line at once (at the end of input).
    public mutating func drain() -> [Output] {
        flush(at: .infinity)
    }

    private mutating func release(at slot: Int) -> Output {
        let group = groups[slot]!
        groups[slot] = nil
        // Groups leave in arrival order, so this one is the oldest held group of its text.
        openGroups[group.key]?.removeOldest(saidBy: group.sources)
        if openGroups[group.key]?.count == 0 { openGroups[group.key] = nil }
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
