import FuzzSupport
import RunlogConfig

#if canImport(Glibc)
import Glibc
#endif

// The input is a TOML document laid over FuzzConfig's defaults. Any outcome but a configuration or a
// one-line RunlogConfigError (a trap, a hang, a memory error) is a bug.
exit(
    LibFuzzerDriver.run { data, size in
        guard let data else { return 0 }
        let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        do throws(RunlogConfigError) {
            _ = try ConfigLoader(FuzzConfig.self).load(toml: text, name: "fuzz.toml")
        } catch {
            FuzzProperties.checkConfigError(error)
        }
        return 0
    }
)
