/// Gives each source a colour that stays the same from one run of `runlog follow` to the next.
public enum SourcePalette {
    /// Foreground SGR codes that read on dark and light backgrounds (no black, white or plain blue).
    private static let colours: [String] = ["36", "33", "32", "35", "96", "93", "92", "95", "34;1", "31", "91", "94"]

    /// The SGR parameter for `source`, chosen by a stable hash of its name.
    ///
    /// - Parameter source: A source name such as `trainer/0`.
    /// - Returns: An SGR parameter string such as `"36"` (use it as `ESC [ 36 m`).
    public static func colour(for source: String) -> String {
        // FNV-1a: Swift's Hasher is seeded per process, which would change colours between runs.
        var hash: UInt32 = 2_166_136_261
        for byte in source.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return colours[Int(hash % UInt32(colours.count))]
    }

    /// The prefix printed before a line: the source name padded to `width`, then ` | `.
    ///
    /// - Parameters:
    ///   - source: The source name.
    ///   - width: The column width of the longest source name seen so far.
    ///   - colour: Whether to colour the prefix.
    public static func prefix(for source: String, width: Int, colour: Bool) -> String {
        let padded = source + String(repeating: " ", count: max(0, width - source.count))
        guard colour else { return padded + " | " }
        return "\u{1B}[\(self.colour(for: source))m\(padded) |\u{1B}[0m "
    }
}
