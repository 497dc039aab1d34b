/// Finds the bytes of a run's debug images. An offline session's image `url` is an absolute path
/// on the machine that ran the job; the file travels with the session under `data/<key>`.
public struct ImageResolver {
    public let files: RunFiles?
    private let archive: ZipArchive?
    /// Images larger than this are not read (a report embeds them up to a budget anyway).
    public var maxBytes = 64 << 20

    public init(files: RunFiles?) {
        self.files = files
        if case let .sessionZip(path)? = files, let file = try? OpenFile(path: path) {
            archive = try? ZipArchive(file: file)
        } else {
            archive = nil
        }
    }

    /// Where the image lives: `data/<key>` inside the session, when the event has a key that
    /// stays inside it.
    public func location(of image: DebugImageEvent) -> String? {
        guard let key = image.key, ZipEntryName.isSafe(key), files != nil else { return nil }
        return "data/" + key
    }

    /// Whether the session holds the image (without reading it).
    public func contains(_ image: DebugImageEvent) -> Bool {
        guard let name = location(of: image), let files else { return false }
        switch files {
        case let .sessionFolder(folder): return (try? OpenFile(path: folder + "/" + name)) != nil
        case .sessionZip: return archive?.entry(named: name) != nil
        }
    }

    /// The image's bytes from the session, or nil when it is not there (or not a session).
    public func bytes(of image: DebugImageEvent) -> [UInt8]? {
        guard let name = location(of: image), let files else { return nil }
        switch files {
        case let .sessionFolder(folder):
            guard let file = try? OpenFile(path: folder + "/" + name), file.size <= maxBytes else { return nil }
            return try? file.bytes(at: 0, count: file.size)
        case .sessionZip:
            guard let archive, let entry = archive.entry(named: name), entry.uncompressedSize <= maxBytes else { return nil }
            return try? archive.contents(of: entry)
        }
    }
}
