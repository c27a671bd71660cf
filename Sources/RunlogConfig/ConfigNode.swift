/// One value of the merged configuration tree, with where it came from.
///
/// Every source (defaults, TOML files, environment, command line) becomes a tree of these, the trees are
/// merged in order, and the result is decoded once, so that all sources get the same type checks and errors.
struct ConfigNode: Sendable {
    /// The kinds of value a configuration tree holds.
    enum Value: Sendable {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        /// A TOML date, time or date-time, kept as its text.
        case datetime(String)
        /// Untyped text from the command line or the environment; its type is decided by the target field.
        case text(String)
        /// A command-line option given without a value (`--flag`): `true` for a boolean, an error otherwise.
        case flag
        case array([ConfigNode])
        case table(ConfigTable)
    }

    var value: Value
    var origin: ConfigOrigin

    /// A short description of the value for error messages, e.g. `integer 5` or `string "abc"`.
    var summary: String {
        switch value {
        case .string(let text): return "string \(Self.quoted(text))"
        case .integer(let number): return "integer \(number)"
        case .float(let number): return "float \(number)"
        case .boolean(let flag): return "boolean \(flag)"
        case .datetime(let text): return "date/time \(text)"
        case .text(let text): return "\(Self.quoted(text))"
        case .flag: return "no value"
        case .array(let items): return "an array of \(items.count)"
        case .table: return "a table"
        }
    }

    /// Quotes and shortens user text so that an error message stays on one line.
    static func quoted(_ text: String) -> String {
        var shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
        shown = shown.unicodeScalars.map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return "\"\(shown)\""
    }
}

/// A table of the configuration tree that keeps its keys in the order they were first set.
struct ConfigTable: Sendable {
    private(set) var keys: [String] = []
    private var entries: [String: ConfigNode] = [:]

    subscript(key: String) -> ConfigNode? {
        get { entries[key] }
        set {
            if let newValue {
                if entries.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if entries.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    var isEmpty: Bool { keys.isEmpty }

    /// Lays `other` over this table: tables merge key by key, anything else (including arrays) is replaced.
    mutating func merge(_ other: ConfigTable) {
        for key in other.keys {
            guard let incoming = other[key] else { continue }
            if case .table(var mine) = self[key]?.value, case .table(let theirs) = incoming.value {
                mine.merge(theirs)
                self[key] = ConfigNode(value: .table(mine), origin: incoming.origin)
            } else {
                self[key] = incoming
            }
        }
    }

    /// Adds the keys of `defaults` that this table lacks, recursively into sub-tables present in both.
    mutating func fillMissing(from defaults: ConfigTable) {
        for key in defaults.keys {
            guard let fallback = defaults[key] else { continue }
            if let existing = self[key] {
                if case .table(var mine) = existing.value, case .table(let theirs) = fallback.value {
                    mine.fillMissing(from: theirs)
                    self[key] = ConfigNode(value: .table(mine), origin: existing.origin)
                }
            } else {
                self[key] = fallback
            }
        }
    }
}
