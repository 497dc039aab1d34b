/// Counts in words: `1 run`, `3 runs`.
public enum Plural {
    /// `count` and the noun, singular for one: `of(1, "run")` is `1 run`, `of(2, "run")` `2 runs`.
    public static func of(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }
}
