public import RunlogConfig

/// The properties the fuzz targets check; a violation traps, which libFuzzer reports as a crash and saves.
public enum FuzzProperties {
    /// A configuration error must be one non-empty line: it is printed to a terminal before exit status 2.
    ///
    /// - Parameter error: The error the loader threw.
    public static func checkConfigError(_ error: RunlogConfigError) {
        let text = error.description
        precondition(!text.isEmpty, "empty error message")
        precondition(!text.contains("\n"), "multi-line error message: \(text.debugDescription)")
    }

    /// `bytes` (UTF-8 output meant for a terminal) holds no control character other than tab (and newline
    /// when `newlines`), no DEL, no C1 control, no bidi override or line separator, and no ESC except the
    /// start of a complete SGR sequence when `allowSGR`.
    ///
    /// - Parameters:
    ///   - bytes: The output.
    ///   - allowSGR: Whether complete SGR sequences may appear.
    ///   - newlines: Whether `\n` may appear.
    public static func checkInert(_ bytes: [UInt8], allowSGR: Bool, newlines: Bool) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                precondition(allowSGR, "ESC in output without SGR: \(show(bytes))")
                guard let end = sgrEnd(bytes, index) else {
                    preconditionFailure("ESC not starting SGR: \(show(bytes))")
                }
                index = end
                continue
            }
            precondition(byte >= 0x20 || byte == 0x09 || (newlines && byte == 0x0A), "control byte: \(show(bytes))")
            precondition(byte != 0x7F, "DEL in output: \(show(bytes))")
            if byte == 0xC2, index + 1 < bytes.count {
                precondition(!(0x80...0x9F).contains(bytes[index + 1]), "C1 control in output: \(show(bytes))")
            }
            if byte == 0xE2, index + 2 < bytes.count {
                let scalar =
                    (UInt32(byte & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6)
                    | UInt32(bytes[index + 2] & 0x3F)
                precondition(
                    !(0x2028...0x202E).contains(scalar) && !(0x2066...0x2069).contains(scalar),
                    "bidi control or separator in output: \(show(bytes))"
                )
            }
            index += 1
        }
    }

    /// The end of a complete SGR sequence (`ESC [` digits, `;`, `:` then `m`) starting at `start`, if any.
    private static func sgrEnd(_ bytes: [UInt8], _ start: Int) -> Int? {
        var index = start + 1
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "m") { return index + 1 }
            guard (0x30...0x39).contains(byte) || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") else {
                return nil
            }
            index += 1
        }
        return nil
    }

    private static func show(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription
    }
}
