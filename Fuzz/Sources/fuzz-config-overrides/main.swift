import FuzzSupport
import RunlogConfig

#if canImport(Glibc)
import Glibc
#endif

// The input is a command line, arguments separated by NUL or newline, parsed by ConfigArguments and applied
// as overrides over FuzzConfig's defaults (files it names are not read: the override parser and applying
// overrides are under test). Any outcome but a configuration or a one-line RunlogConfigError is a bug.
exit(
    LibFuzzerDriver.run { data, size in
        guard let data else { return 0 }
        let arguments = UnsafeBufferPointer(start: data, count: size)
            .split(whereSeparator: { $0 == 0 || $0 == 0x0A })
            .map { String(decoding: $0, as: UTF8.self) }
        do throws(RunlogConfigError) {
            let parsed = try ConfigArguments(parsing: arguments)
            _ = try ConfigLoader(FuzzConfig.self).load(overrides: parsed.overrides)
        } catch {
            FuzzProperties.checkConfigError(error)
        }
        return 0
    }
)
