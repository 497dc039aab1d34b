/// A relative path from a server (a metric key with `/`, an artifact's path) made safe to write
/// below an output: 1 to 32 components of 1 to 255 bytes, none `.`, `..` or starting with `.`
/// (runreport's own files, and what its readers pass over), no NUL or control character, no `\`.
struct PullPath: Hashable, Sendable {
    let components: [String]

    init?(validating text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...32).contains(parts.count), text.utf8.count <= 1024 else { return nil }
        for part in parts {
            let bytes = Array(part.utf8)
            guard (1...255).contains(bytes.count), bytes[0] != UInt8(ascii: "."),
                  !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") }) else { return nil }
        }
        components = parts
    }

    var text: String { components.joined(separator: "/") }
}
