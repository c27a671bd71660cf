/// Converts tree values to Swift scalars with the checks and messages that all containers share.
///
/// Untyped text (from the command line or the environment) is converted here according to the type the
/// field asks for, so `--trainer.nproc-per-node 2` and `nproc_per_node = 2` go through the same checks.
enum PrimitiveDecoding {
    static func string(_ node: ConfigNode, at path: ConfigPath) throws(RunlogConfigError) -> String {
        switch node.value {
        case .string(let text), .text(let text), .datetime(let text): return text
        default: throw mismatch(node, at: path, expected: "a string", fix: "put the value in quotes")
        }
    }

    static func bool(_ node: ConfigNode, at path: ConfigPath) throws(RunlogConfigError) -> Bool {
        switch node.value {
        case .boolean(let flag): return flag
        case .flag: return true
        case .text(let text):
            switch text.lowercased() {
            case "true", "1", "yes", "on": return true
            case "false", "0", "no", "off": return false
            default: break
            }
        default: break
        }
        throw mismatch(node, at: path, expected: "a boolean", fix: "write true or false")
    }

    static func integer<T: FixedWidthInteger>(
        _ type: T.Type,
        _ node: ConfigNode,
        at path: ConfigPath
    ) throws(RunlogConfigError) -> T {
        let shown: String
        switch node.value {
        case .integer(let number):
            if let value = T(exactly: number) { return value }
            shown = String(number)
        case .text(let raw):
            let text = raw.trimmed().filter { $0 != "_" }
            if let value = T(text) { return value }
            guard Self.looksLikeInteger(text) else {
                throw mismatch(node, at: path, expected: "an integer", fix: "write a whole number such as 2")
            }
            shown = text
        case .float(let number):
            throw mismatch(
                node,
                at: path,
                expected: "an integer",
                fix: number == number.rounded()
                    ? "write \(Int(exactly: number).map(String.init) ?? "it") without a decimal point"
                    : "write a whole number"
            )
        default:
            throw mismatch(node, at: path, expected: "an integer", fix: "write a whole number such as 2")
        }
        if shown.hasPrefix("-") && T.min == 0 {
            throw RunlogConfigError(
                .outOfRange,
                path: path,
                origin: node.origin,
                message: "'\(path)' must not be negative, got \(shown); use a value from 0 to \(T.max)"
            )
        }
        throw RunlogConfigError(
            .outOfRange,
            path: path,
            origin: node.origin,
            message: "'\(path)' is out of range, got \(shown); use a value from \(T.min) to \(T.max)"
        )
    }

    static func double(_ node: ConfigNode, at path: ConfigPath) throws(RunlogConfigError) -> Double {
        switch node.value {
        case .float(let number): return number
        case .integer(let number): return Double(number)
        case .text(let text):
            if let number = Double(text.trimmed()) { return number }
        default: break
        }
        throw mismatch(node, at: path, expected: "a number", fix: "write a number such as 0.5")
    }

    static func float(_ node: ConfigNode, at path: ConfigPath) throws(RunlogConfigError) -> Float {
        let number = try double(node, at: path)
        let value = Float(number)
        if value.isInfinite && number.isFinite {
            throw RunlogConfigError(
                .outOfRange,
                path: path,
                origin: node.origin,
                message:
                    "'\(path)' is out of range, got \(number); use a value within ±\(Float.greatestFiniteMagnitude)"
            )
        }
        return value
    }

    /// The error for a value of the wrong type.
    static func mismatch(
        _ node: ConfigNode,
        at path: ConfigPath,
        expected: String,
        fix: String
    ) -> RunlogConfigError {
        if case .flag = node.value, case .argument(let option) = node.origin {
            return RunlogConfigError(
                .typeMismatch,
                path: path,
                origin: node.origin,
                message: "'\(path)' expects \(expected) but the option has no value; write \(option) VALUE"
            )
        }
        return RunlogConfigError(
            .typeMismatch,
            path: path,
            origin: node.origin,
            message: "'\(path)' expects \(expected), got \(node.summary); \(fix)"
        )
    }

    private static func looksLikeInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
