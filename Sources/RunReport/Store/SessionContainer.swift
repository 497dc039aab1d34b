/// The files of a ClearML offline session, in a folder or a zip.
protocol SessionContainer {
    /// The stream of a file of the session, or nil when it has none.
    func source(for name: String) throws -> ByteSource?
    /// A small file of the session in memory, or nil when it has none.
    func contents(of name: String) throws -> [UInt8]?
    /// How a file of the session is named in messages.
    func displayName(_ name: String) -> String
    /// What the session's debug image keys resolve against.
    var files: RunFiles { get }
    /// Entries of the container that were refused.
    var problems: [InputProblem] { get }
    /// Whether reading a file costs decompression (worth a second thread).
    var isCompressed: Bool { get }
}

struct SessionFolder: SessionContainer {
    let path: String

    func source(for name: String) throws -> ByteSource? {
        guard let file = try? OpenFile(path: path + "/" + name) else { return nil }
        return FileSource(file: file)
    }

    func contents(of name: String) throws -> [UInt8]? {
        guard var source = try source(for: name) else { return nil }
        return try source.readAll(limit: 64 << 20)
    }

    func displayName(_ name: String) -> String { path + "/" + name }
    var files: RunFiles { .sessionFolder(path) }
    var problems: [InputProblem] { [] }
    var isCompressed: Bool { false }
}

struct SessionZip: SessionContainer {
    let path: String
    let archive: ZipArchive

    func source(for name: String) throws -> ByteSource? {
        guard let entry = archive.entry(named: name) else { return nil }
        return try archive.source(for: entry)
    }

    func contents(of name: String) throws -> [UInt8]? {
        guard let entry = archive.entry(named: name) else { return nil }
        return try archive.contents(of: entry)
    }

    func displayName(_ name: String) -> String { path + ":" + name }
    var files: RunFiles { .sessionZip(path) }
    var isCompressed: Bool { true }

    var problems: [InputProblem] {
        var problems = archive.refused.map { InputProblem(source: path, reason: .unreadable($0.description)) }
        if archive.isTruncated {
            problems.append(InputProblem(source: path, reason: .unreadable(
                "zip archive is truncated (no central directory); read the \(archive.entries.count) whole entries")))
        }
        return problems
    }
}
