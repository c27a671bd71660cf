/// The built-in environments, by id.
public enum EnvironmentRegistry {
    /// The ids of the built-in environments, in the order the policy lays out their parameters.
    public static let ids = [ReverseText.id, AddDigits.id]

    /// The task space of the environment `id`, or nil when there is none.
    /// - Parameter id: an environment id such as `"add_digits"`.
    public static func space(of id: String) -> TaskSpace? {
        switch id {
        case ReverseText.id: return ReverseText.space
        case AddDigits.id: return AddDigits.space
        default: return nil
        }
    }

    /// Creates the environment `id` (it starts logging to swift-log), or nil for an unknown id.
    /// - Parameter id: an environment id such as `"reverse_text"`.
    public static func make(_ id: String) -> (any Environment)? {
        switch id {
        case ReverseText.id: return ReverseText()
        case AddDigits.id: return AddDigits()
        default: return nil
        }
    }
}
