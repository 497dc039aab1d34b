import CChecksum

/// Reads the records of a TFRecord file (TensorBoard's event files): each is a little-endian
/// 64-bit length, the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the
/// data. The file is read in large blocks; a record is handed over in place.
///
/// A record whose data fails its checksum is skipped and reported; one whose length fails its
/// checksum ends the file (nothing after it can be framed), reported with its offset; so does a
/// record cut off by the end of the file. A record longer than `maxRecordBytes` is skipped,
/// never held.
struct TFRecordReader {
    /// Something wrong with one record, at its offset in the file.
    struct Damage: Equatable {
        let offset: Int
        let reason: String
    }

    let file: OpenFile
    let maxRecordBytes: Int
    private var block: [UInt8] = []
    /// The file offset of `block[0]`.
    private var blockStart = 0
    /// The offset of the next record.
    private(set) var offset = 0
    private(set) var damage: [Damage] = []
    static let blockSize = 1 << 20

    init(file: OpenFile, maxRecordBytes: Int) {
        self.file = file
        self.maxRecordBytes = maxRecordBytes
    }

    /// The masked CRC-32C TFRecord stores.
    static func maskedCRC(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        let crc = rr_crc32c(0, bytes.baseAddress, bytes.count)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }

    /// Calls `body` with each good record's data and offset, in file order.
    mutating func forEachRecord(_ body: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        while offset < file.size {
            guard try fill(offset, count: 12) else {
                damage.append(Damage(offset: offset, reason: "a record cut off by the end of the file"))
                return
            }
            let header = offset - blockStart
            let (length, lengthCRC, storedLengthCRC) = block.withUnsafeBytes { raw -> (UInt64, UInt32, UInt32) in
                (raw.loadUnaligned(fromByteOffset: header, as: UInt64.self).littleEndian,
                 Self.maskedCRC(UnsafeRawBufferPointer(rebasing: raw[header..<(header + 8)])),
                 raw.loadUnaligned(fromByteOffset: header + 8, as: UInt32.self).littleEndian)
            }
            guard lengthCRC == storedLengthCRC else {
                damage.append(Damage(offset: offset, reason: "a record length that fails its checksum; the rest of the file is not read"))
                return
            }
            let remaining = file.size - offset - 12
            guard length <= UInt64(max(0, remaining)), remaining - Int(length) >= 4 else {
                damage.append(Damage(offset: offset, reason: "a record cut off by the end of the file"))
                return
            }
            let count = Int(length)
            guard count <= maxRecordBytes else {
                damage.append(Damage(offset: offset, reason: "a record of \(count) bytes, over \(maxRecordBytes) (--max-line-bytes); skipped"))
                offset += 12 + count + 4
                continue
            }
            guard try fill(offset, count: 12 + count + 4) else {
                damage.append(Damage(offset: offset, reason: "a record cut off by the end of the file"))
                return
            }
            let start = offset - blockStart + 12
            let recordOffset = offset
            offset += 12 + count + 4
            let good = block.withUnsafeBytes { raw in
                Self.maskedCRC(UnsafeRawBufferPointer(rebasing: raw[start..<(start + count)]))
                    == raw.loadUnaligned(fromByteOffset: start + count, as: UInt32.self).littleEndian
            }
            guard good else {
                damage.append(Damage(offset: recordOffset, reason: "a record whose data fails its checksum; skipped"))
                continue
            }
            try block.withUnsafeBytes { raw in try body(UnsafeRawBufferPointer(rebasing: raw[start..<(start + count)]), recordOffset) }
        }
    }

    /// Makes `block` hold the file's bytes `from..<from + count`; false when the file ends first.
    private mutating func fill(_ from: Int, count: Int) throws -> Bool {
        if from >= blockStart && from + count <= blockStart + block.count { return true }
        guard from + count <= file.size else { return false }
        let size = max(count, Self.blockSize)
        let wanted = min(size, file.size - from)
        block = try file.bytes(at: from, count: wanted)
        blockStart = from
        return block.count >= count
    }
}
