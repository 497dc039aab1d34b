/// Finds the bytes of a run's debug images. An offline session's image `url` is an absolute path
/// on the machine that ran the job; the file travels with the session under `data/<key>`.
public struct ImageResolver {
    public let files: RunFiles?
    private let archive: ZipArchive?
    /// Images larger than this are not read (a report embeds them up to a budget anyway).
    public var maxBytes = 64 << 20

    public init(files: RunFiles?) {
        self.files = files
        if let path = files?.zipPath, let file = try? OpenFile(path: path) {
            archive = try? ZipArchive(file: file)
        } else {
            archive = nil
        }
    }

    /// Where the image lives: `data/<key>` inside the session, when the event has a key that
    /// stays inside it.
    public func location(of image: DebugImageEvent) -> String? {
        guard let key = image.key, ZipEntryName.isSafe(key), let files else { return nil }
        switch files {
        case .sessionFolder, .sessionZip: return "data/" + key
        case .cometFolder, .cometZip, .tensorBoardFolder, .runFolder: return key
        }
    }

    /// Whether the session holds the image (without reading it).
    public func contains(_ image: DebugImageEvent) -> Bool {
        guard let name = location(of: image), let files else { return false }
        if case let .tensorBoardFolder(folder) = files {
            guard let (file, range) = Self.eventFileRange(name), let size = try? InputRoot(path: folder).size(of: file) else { return false }
            return range.upperBound <= size ?? -1
        }
        if let folder = files.folderPath { return InputRoot(path: folder).holds(name) }
        return archive?.entry(named: name) != nil
    }

    /// The image's bytes from the session, or nil when it is not there (or not a session).
    public func bytes(of image: DebugImageEvent) -> [UInt8]? {
        guard let name = location(of: image), let files else { return nil }
        if case let .tensorBoardFolder(folder) = files {
            guard let (file, range) = Self.eventFileRange(name), range.count <= maxBytes,
                  let opened = (try? InputRoot(path: folder).open(file)) ?? nil, range.upperBound <= opened.size else { return nil }
            return try? opened.bytes(at: range.lowerBound, count: range.count)
        }
        return bytes(ofFile: name)
    }

    /// `FILE@OFFSET+LENGTH` (a TensorBoard image inside an event file): the file and the range.
    static func eventFileRange(_ key: String) -> (String, Range<Int>)? {
        guard let at = key.lastIndex(of: "@"), let plus = key[at...].firstIndex(of: "+"),
              let offset = Int(key[key.index(after: at)..<plus]), let length = Int(key[key.index(after: plus)...]),
              offset >= 0, length >= 0, offset <= Int.max - length else { return nil }
        return (String(key[..<at]), offset..<(offset + length))
    }

    /// A file of the session or archive by its name inside it, up to `maxBytes`. A folder's file
    /// is read through `InputRoot`: none that a link puts outside the folder (the load reported it).
    public func bytes(ofFile name: String) -> [UInt8]? {
        guard ZipEntryName.isSafe(name), let files else { return nil }
        if let folder = files.folderPath {
            guard let file = (try? InputRoot(path: folder).open(name)) ?? nil, file.size <= maxBytes else { return nil }
            return try? file.bytes(at: 0, count: file.size)
        }
        guard let archive, let entry = archive.entry(named: name), entry.uncompressedSize <= maxBytes else { return nil }
        return try? archive.contents(of: entry)
    }
}

extension RunFiles {
    /// The folder the files are in, when they are not in a zip.
    var folderPath: String? {
        switch self {
        case let .sessionFolder(path), let .cometFolder(path), let .tensorBoardFolder(path), let .runFolder(path): return path
        case .sessionZip, .cometZip: return nil
        }
    }

    /// The zip the files are in.
    var zipPath: String? {
        switch self {
        case let .sessionZip(path), let .cometZip(path): return path
        case .sessionFolder, .cometFolder, .tensorBoardFolder, .runFolder: return nil
        }
    }
}
