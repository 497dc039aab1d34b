/// Reads a zip's central directory (zip64 included), or walks its local headers.
struct ZipDirectoryReader {
    let file: OpenFile

    /// The central directory's entries, or nil when the archive has no end record (truncated).
    func read() throws -> [ZipArchive.Entry]? {
        let tailSize = min(file.size, 65_557)
        let tail = try file.bytes(at: file.size - tailSize, count: tailSize)
        guard tail.count >= 22 else { return nil }
        var endRecord: Int?
        var i = tail.count - 22
        while i >= 0 {
            if tail.readUInt32(at: i) == 0x0605_4b50 { endRecord = i; break }
            i -= 1
        }
        guard let end = endRecord else { return nil }
        var count = Int(tail.readUInt16(at: end + 10))
        var directorySize = Int(tail.readUInt32(at: end + 12))
        var directoryOffset = Int(tail.readUInt32(at: end + 16))
        if end >= 20, tail.readUInt32(at: end - 20) == 0x0706_4b50 {
            let recordOffset = Int(clamping: tail.readUInt64(at: end - 20 + 8))
            let record = try file.bytes(at: recordOffset, count: 56)
            guard record.count == 56, record.readUInt32(at: 0) == 0x0606_4b50 else {
                throw InputError.corruptZip("bad zip64 end record")
            }
            count = Int(clamping: record.readUInt64(at: 32))
            directorySize = Int(clamping: record.readUInt64(at: 40))
            directoryOffset = Int(clamping: record.readUInt64(at: 48))
        }
        guard directoryOffset >= 0, directorySize >= 0, directoryOffset + directorySize <= file.size,
              directorySize <= 1 << 30 else {
            throw InputError.corruptZip("central directory lies outside the file")
        }
        let directory = try file.bytes(at: directoryOffset, count: directorySize)
        var entries: [ZipArchive.Entry] = []
        var offset = 0
        while entries.count < count {
            guard offset + 46 <= directory.count, directory.readUInt32(at: offset) == 0x0201_4b50 else {
                throw InputError.corruptZip("central directory entry \(entries.count) is damaged")
            }
            let nameLength = Int(directory.readUInt16(at: offset + 28))
            let extraLength = Int(directory.readUInt16(at: offset + 30))
            let commentLength = Int(directory.readUInt16(at: offset + 32))
            let next = offset + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else { throw InputError.corruptZip("central directory is cut short") }
            let name = String(decoding: directory[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            var sizes = [Int(directory.readUInt32(at: offset + 24)), Int(directory.readUInt32(at: offset + 20)),
                         Int(directory.readUInt32(at: offset + 42))]
            let extra = Array(directory[(offset + 46 + nameLength)..<(offset + 46 + nameLength + extraLength)])
            Self.applyZip64(extra: extra, to: &sizes)
            let mode = directory.readUInt32(at: offset + 38) >> 16
            entries.append(ZipArchive.Entry(name: name, method: directory.readUInt16(at: offset + 10),
                                            compressedSize: sizes[1], uncompressedSize: sizes[0],
                                            localHeaderOffset: sizes[2], isSymbolicLink: mode & 0o170000 == 0o120000))
            offset = next
        }
        return entries
    }

    /// Sizes and offset that do not fit 32 bits are in the zip64 extra field, in order.
    static func applyZip64(extra: [UInt8], to values: inout [Int]) {
        var position = 0
        while position + 4 <= extra.count {
            let id = extra.readUInt16(at: position)
            let size = Int(extra.readUInt16(at: position + 2))
            if id == 0x0001 {
                var field = position + 4
                for index in values.indices where values[index] == 0xFFFF_FFFF && field + 8 <= position + 4 + size
                    && field + 8 <= extra.count {
                    values[index] = Int(clamping: extra.readUInt64(at: field))
                    field += 8
                }
                return
            }
            position += 4 + size
        }
    }

    /// Walks the local headers from the start: what a truncated archive still holds.
    func readLocalHeaders() throws -> [ZipArchive.Entry] {
        var entries: [ZipArchive.Entry] = []
        var offset = 0
        while offset + 30 <= file.size {
            let header = try file.bytes(at: offset, count: 30)
            guard header.readUInt32(at: 0) == 0x0403_4b50 else { break }
            let flags = header.readUInt16(at: 6)
            let nameLength = Int(header.readUInt16(at: 26))
            let extraLength = Int(header.readUInt16(at: 28))
            let nameBytes = try file.bytes(at: offset + 30, count: nameLength)
            guard nameBytes.count == nameLength else { break }  // cut inside the header: nothing to read
            var sizes = [Int(header.readUInt32(at: 22)), Int(header.readUInt32(at: 18)), offset]
            Self.applyZip64(extra: try file.bytes(at: offset + 30 + nameLength, count: extraLength), to: &sizes)
            guard flags & 0x8 == 0 else { break }  // sizes only after the data: cannot walk on
            entries.append(ZipArchive.Entry(name: String(decoding: nameBytes, as: UTF8.self),
                                            method: header.readUInt16(at: 8), compressedSize: sizes[1],
                                            uncompressedSize: sizes[0], localHeaderOffset: offset))
            offset += 30 + nameLength + extraLength + sizes[1]
        }
        guard !entries.isEmpty else { throw InputError.corruptZip("no central directory and no readable entry") }
        return entries
    }
}
