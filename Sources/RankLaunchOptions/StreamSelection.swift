/// torchrun's stream selector for `--redirects` and `--tee`: 0 none, 1 stdout, 2 stderr, 3 both.
public struct StreamSelection: OptionSet, Hashable, Sendable {
    /// torchrun's number for the selection: bit 0 is stdout, bit 1 is stderr.
    public let rawValue: Int

    /// A selection from torchrun's number (only 0...3 are meaningful).
    ///
    /// - Parameter rawValue: 0 none, 1 stdout, 2 stderr, 3 both.
    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// Neither stream.
    public static let none: StreamSelection = []
    /// The child's standard output.
    public static let standardOutput = StreamSelection(rawValue: 1)
    /// The child's standard error.
    public static let standardError = StreamSelection(rawValue: 2)
    /// Both streams.
    public static let both: StreamSelection = [.standardOutput, .standardError]
}
