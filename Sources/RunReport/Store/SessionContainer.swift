/// The files of a ClearML offline session or a Comet offline archive, in a folder or a zip.
protocol SessionContainer {
    /// The stream of a file of the session, or nil when it has none.
    func source(for name: String) throws -> ByteSource?
    /// A small file of the session in memory, or nil when it has none.
    func contents(of name: String) throws -> [UInt8]?
    /// A file's size, or nil when the container has no such file; throws when it is refused.
    func size(of name: String) throws -> Int?
    /// How a file of the session is named in messages.
    func displayName(_ name: String) -> String
    /// What the session's debug image keys resolve against.
    var files: RunFiles { get }
    /// Entries of the container that were refused.
    var problems: [InputProblem] { get }
    /// Whether reading a file costs decompression (worth a second thread).
    var isCompressed: Bool { get }
}

/// A session or archive unpacked in a folder: every file is read through `InputRoot`, so none
/// is read from outside the folder.
struct SessionFolder: SessionContainer {
    let path: String
    /// A Comet archive: its files sit at the top, not under data/.
    var isComet = false

    var root: InputRoot { InputRoot(path: path) }

    func source(for name: String) throws -> ByteSource? {
        guard let file = try root.open(name) else { return nil }
        return FileSource(file: file)
    }

    func contents(of name: String) throws -> [UInt8]? {
        guard var source = try source(for: name) else { return nil }
        return try source.readAll(limit: 64 << 20)
    }

    func size(of name: String) throws -> Int? { try root.size(of: name) }

    func displayName(_ name: String) -> String { path + "/" + name }
    var files: RunFiles { isComet ? .cometFolder(path) : .sessionFolder(path) }
    /// The folder's symbolic links that leave it, each reported (and never followed).
    var problems: [InputProblem] {
        root.leavingLinks().map { link in
            InputProblem(source: path, reason: .unreadable(InputError.outsideInput(name: link.name, reason: link.reason).description))
        }
    }
    var isCompressed: Bool { false }
}

struct SessionZip: SessionContainer {
    let path: String
    let archive: ZipArchive
    var isComet = false

    func source(for name: String) throws -> ByteSource? {
        guard let entry = archive.entry(named: name) else { return nil }
        return try archive.source(for: entry)
    }

    func contents(of name: String) throws -> [UInt8]? {
        guard let entry = archive.entry(named: name) else { return nil }
        return try archive.contents(of: entry)
    }

    func size(of name: String) -> Int? { archive.entry(named: name)?.uncompressedSize }

    func displayName(_ name: String) -> String { path + ":" + name }
    var files: RunFiles { isComet ? .cometZip(path) : .sessionZip(path) }
    var isCompressed: Bool { true }

    var problems: [InputProblem] {
        var problems = archive.refused.map { InputProblem(source: path, reason: .unreadable($0.description)) }
        if archive.isTruncated {
            problems.append(InputProblem(source: path, reason: .unreadable(
                "zip archive is truncated (no central directory); read its \(archive.entries.count) entries from their local headers")))
        }
        return problems
    }
}
