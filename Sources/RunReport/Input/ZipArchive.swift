/// The entries of a zip archive, read from its central directory, or, when the archive is
/// truncated and has none, from the local headers that are whole.
public struct ZipArchive {
    public struct Entry: Sendable {
        public let name: String
        public let method: UInt16
        public let compressedSize: Int
        public let uncompressedSize: Int
        let localHeaderOffset: Int
        /// The central directory marks it a Unix symbolic link (S_IFLNK in its external attributes).
        var isSymbolicLink = false
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// Bounds on what an archive may make us read: no entry and no archive expands past them.
    public struct Limits: Sendable {
        public var maxEntrySize: Int
        public var maxTotalSize: Int
        public var maxEntries: Int
        public static let standard = Limits(maxEntrySize: 16 << 30, maxTotalSize: 64 << 30, maxEntries: 200_000)
        public init(maxEntrySize: Int, maxTotalSize: Int, maxEntries: Int) {
            self.maxEntrySize = maxEntrySize
            self.maxTotalSize = maxTotalSize
            self.maxEntries = maxEntries
        }
    }

    public let file: OpenFile
    public let limits: Limits
    /// Entries with a safe name, in archive order.
    public private(set) var entries: [Entry] = []
    /// Entry index by name (the last of equal names, as unzip keeps it).
    private var index: [String: Int] = [:]
    /// Entries that were refused, with the reason.
    public private(set) var refused: [InputError] = []
    /// The archive had no central directory: it was read from its local headers.
    public private(set) var isTruncated = false

    public init(file: OpenFile, limits: Limits = .standard) throws {
        self.file = file
        self.limits = limits
        let listed: [Entry]
        if let directory = try ZipDirectoryReader(file: file).read() {
            listed = directory
        } else {
            listed = try ZipDirectoryReader(file: file).readLocalHeaders()
            isTruncated = true
        }
        var total = 0
        for entry in listed {
            if let problem = Self.check(entry, total: &total, limits: limits, count: entries.count) {
                refused.append(problem)
            } else if !entry.isDirectory {
                index[entry.name] = entries.count
                entries.append(entry)
            }
        }
    }

    private static func check(_ entry: Entry, total: inout Int, limits: Limits, count: Int) -> InputError? {
        guard ZipEntryName.isSafe(entry.name) else { return .unsafeZipEntry(entry.name) }
        guard !entry.isSymbolicLink else { return .zipSymlinkEntry(entry.name) }
        guard count < limits.maxEntries else { return .corruptZip("more than \(limits.maxEntries) entries") }
        guard entry.uncompressedSize <= limits.maxEntrySize else {
            return .zipEntryTooLarge(name: entry.name, limit: limits.maxEntrySize)
        }
        total += entry.uncompressedSize
        guard total <= limits.maxTotalSize else { return .zipEntryTooLarge(name: entry.name, limit: limits.maxTotalSize) }
        return nil
    }

    public func entry(named name: String) -> Entry? { index[name].map { entries[$0] } }

    /// A stream of the entry's uncompressed bytes, never more than it declares. An entry cut off
    /// by the end of the file gives what it holds up to the damage, then `truncatedZipEntry`.
    public func source(for entry: Entry) throws -> ByteSource {
        let header = try file.bytes(at: entry.localHeaderOffset, count: 30)
        guard header.count == 30, header.readUInt32(at: 0) == 0x0403_4b50 else {
            throw InputError.corruptZip("no local header for \(entry.name)")
        }
        let start = entry.localHeaderOffset + 30 + Int(header.readUInt16(at: 26)) + Int(header.readUInt16(at: 28))
        guard start <= file.size else { throw InputError.truncatedZipEntry(entry.name) }
        let end = min(start + entry.compressedSize, file.size)
        let raw = FileSource(file: file, range: start..<end)
        switch entry.method {
        case 0:
            return LimitedSource(raw, limit: entry.uncompressedSize, name: entry.name)
        case 8:
            let inflated = try InflateSource(raw, format: .rawDeflate)
            return LimitedSource(inflated, limit: entry.uncompressedSize, name: entry.name)
        default:
            throw InputError.unsupportedZipMethod(name: entry.name, method: Int(entry.method))
        }
    }

    /// The whole entry in memory (for small entries such as task.json or an image).
    public func contents(of entry: Entry) throws -> [UInt8] {
        var source = try source(for: entry)
        return try source.readAll(limit: entry.uncompressedSize)
    }
}

/// Refuses names that would leave the folder an archive is read into.
enum ZipEntryName {
    static func isSafe(_ name: String) -> Bool {
        if name.isEmpty || name.hasPrefix("/") || name.hasPrefix("\\") || name.contains("\0") { return false }
        let bytes = Array(name.utf8)
        if bytes.count >= 2 && bytes[1] == UInt8(ascii: ":") { return false }  // C:\...
        let parts = name.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        return !parts.contains("..")
    }
}

/// Passes at most `limit` bytes through; a source that would give more is an error.
struct LimitedSource: ByteSource {
    var inner: ByteSource
    let limit: Int
    let name: String
    var delivered = 0

    init(_ inner: ByteSource, limit: Int, name: String) {
        self.inner = inner
        self.limit = limit
        self.name = name
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if delivered == limit {
            var probe: UInt8 = 0
            let extra = try withUnsafeMutableBytes(of: &probe) { try inner.read(into: $0) }
            if extra > 0 { throw InputError.zipEntryTooLarge(name: name, limit: limit) }
            return 0
        }
        let wanted = min(buffer.count, limit - delivered)
        let n: Int
        do { n = try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted])) } catch InputError.truncatedZipEntry {
            throw InputError.truncatedZipEntry(name)
        }
        if n == 0 && delivered < limit { throw InputError.truncatedZipEntry(name) }
        delivered += n
        return n
    }
}

extension Array where Element == UInt8 {
    func readUInt16(at offset: Int) -> UInt16 { UInt16(self[offset]) | UInt16(self[offset + 1]) << 8 }
    func readUInt32(at offset: Int) -> UInt32 {
        UInt32(readUInt16(at: offset)) | UInt32(readUInt16(at: offset + 2)) << 16
    }
    func readUInt64(at offset: Int) -> UInt64 {
        UInt64(readUInt32(at: offset)) | UInt64(readUInt32(at: offset + 4)) << 32
    }
}
