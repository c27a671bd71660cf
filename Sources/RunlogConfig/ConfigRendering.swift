import TOMLKit

/// Writes a configuration back as TOML, e.g. to save the resolved config of each component of a run.
public enum ConfigRendering {
    /// Encodes a configuration value as a TOML document.
    /// - Parameter value: the configuration (a struct; its keys become TOML keys).
    /// - Returns: the TOML text, ending in a newline.
    public static func toml(_ value: some Encodable) throws(RunlogConfigError) -> String {
        do {
            let text: String = try TOMLEncoder().encode(value)
            return text.hasSuffix("\n") ? text : text + "\n"
        } catch {
            throw RunlogConfigError(.invalidValue, message: "the configuration cannot be written as TOML: \(error)")
        }
    }
}
