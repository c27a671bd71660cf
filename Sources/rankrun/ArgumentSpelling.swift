/// torchrun accepts both `--nproc-per-node` and `--nproc_per_node`. Argument parser knows one spelling,
/// so known flags written with underscores are rewritten before parsing, up to the training command
/// (whose own arguments are never touched).
enum ArgumentSpelling {
    /// Long options that take a value (the next argument, unless written `--flag=value`).
    static let valueOptions: Set<String> = [
        "nproc-per-node", "nnodes", "node-rank", "rdzv-id", "rdzv-endpoint", "rdzv-backend", "rdzv-conf",
        "master-addr", "master-port", "role", "max-restarts", "log-dir", "redirects", "tee",
        "local-ranks-filter", "grace-period", "monitor-interval", "start-method", "local-addr",
        "log-line-prefix-template",
    ]
    /// Long options that take no value.
    static let flagOptions: Set<String> = ["no-python", "standalone", "module", "run-path", "help", "version"]
    /// Short options that take a value.
    static let shortValueOptions: Set<String> = ["-r", "-t"]

    /// Whether `-h`/`--help` appears before the command (argument parser's passthrough capture would
    /// otherwise take it as the command).
    static func asksForHelp(_ arguments: [String]) -> Bool {
        for argument in arguments {
            if argument == "-h" || argument == "--help" { return true }
            if argument == "--" || !argument.hasPrefix("-") { return false }
        }
        return false
    }

    static func normalize(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" || !argument.hasPrefix("-") || argument == "-" {
                result.append(argument)
                result.append(contentsOf: arguments[index...])  // the command and its own arguments
                return result
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                let hyphenated = name.replacingUnderscores()
                let known = valueOptions.contains(hyphenated) || flagOptions.contains(hyphenated)
                let rewritten = known ? "--" + hyphenated + body.dropFirst(name.count) : argument
                result.append(rewritten)
                if valueOptions.contains(hyphenated) && !body.contains("="), index < arguments.count {
                    result.append(arguments[index])
                    index += 1
                }
            } else {
                result.append(argument)
                if shortValueOptions.contains(argument), index < arguments.count {
                    result.append(arguments[index])
                    index += 1
                }
            }
        }
        return result
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
