import CZlib

/// Reads the record log of a W&B run file (`run-<id>.wandb`): a 7-byte header (`:W&B`, the magic
/// 0xBEE1, version 0), then LevelDB's log format: 32 KiB blocks of chunks, each a CRC-32 (zlib's,
/// of the type byte and the data, little-endian), a 16-bit length, a type (1 a whole record, 2 its
/// first piece, 3 a middle one, 4 its last) and the data; a block's last 6 bytes or fewer are
/// padding. A chunk that fails its checksum, or breaks the piece order, loses the record it
/// belongs to: the rest of its block is skipped, reported with its offset, and reading goes on at
/// the next block, as LevelDB's reader does.
struct WandBRecordLog {
    static let header: [UInt8] = [0x3A, 0x57, 0x26, 0x42, 0xE1, 0xBE, 0x00]
    static let blockSize = 32 << 10

    let bytes: [UInt8]
    let maxRecordBytes: Int
    private(set) var damage: [(offset: Int, reason: String)] = []

    init(bytes: [UInt8], maxRecordBytes: Int) {
        self.bytes = bytes
        self.maxRecordBytes = maxRecordBytes
    }

    /// Whether `head` starts as a W&B run file does.
    static func recognises(_ head: [UInt8]) -> Bool { head.starts(with: header.prefix(6)) }

    /// Calls `body` with each whole record's bytes and the offset of its first chunk.
    mutating func forEachRecord(_ body: ([UInt8], Int) throws -> Void) rethrows {
        guard Self.recognises(bytes) else {
            damage.append((0, "not a W&B run file (no :W&B header)"))
            return
        }
        var position = Self.header.count
        var pending: [UInt8]?, pendingOffset = 0
        /// The pieces after the first of a record already reported (over the cap) are passed over.
        var skippingRecord = false
        while position < bytes.count {
            let blockEnd = (position / Self.blockSize + 1) * Self.blockSize
            if blockEnd - position < 7 { position = blockEnd; continue }
            guard bytes.count - position >= 7 else {
                damage.append((position, "a chunk cut off by the end of the file"))
                return
            }
            let stored = UInt32(bytes[position]) | UInt32(bytes[position + 1]) << 8 | UInt32(bytes[position + 2]) << 16
                | UInt32(bytes[position + 3]) << 24
            let length = Int(bytes[position + 4]) | Int(bytes[position + 5]) << 8
            let type = bytes[position + 6]
            if type == 0 && length == 0 { position = blockEnd; continue }  // zeros: the writer's padding
            let start = position + 7
            guard start + length <= min(blockEnd, bytes.count) else {
                let cut = start + length > bytes.count
                damage.append((position, cut ? "a chunk cut off by the end of the file" : "a chunk longer than its block; the rest of the block skipped"))
                if cut { return }
                pending = nil
                position = blockEnd
                continue
            }
            let crc = bytes.withUnsafeBufferPointer { buffer -> UInt32 in
                var value = crc32(0, buffer.baseAddress.map { $0 + position + 6 }, 1)
                value = crc32(value, buffer.baseAddress.map { $0 + start }, uInt(length))
                return UInt32(truncatingIfNeeded: value)
            }
            guard crc == stored else {
                damage.append((position, "a chunk that fails its checksum; the rest of the block skipped"))
                pending = nil
                position = blockEnd
                continue
            }
            let data = bytes[start..<(start + length)]
            position = start + length
            if skippingRecord && (type == 3 || type == 4) {
                skippingRecord = type == 3
                continue
            }
            skippingRecord = false
            switch type {
            case 1:
                if pending != nil { damage.append((pendingOffset, "a record whose last piece is missing; skipped")) }
                pending = nil
                try body(Array(data), position - length - 7)
            case 2:
                if pending != nil { damage.append((pendingOffset, "a record whose last piece is missing; skipped")) }
                pending = Array(data)
                pendingOffset = start - 7
            case 3, 4:
                guard var record = pending else {
                    damage.append((start - 7, "a piece of a record whose first piece is missing; skipped"))
                    continue
                }
                record += data
                guard record.count <= maxRecordBytes else {
                    damage.append((pendingOffset, "a record over \(maxRecordBytes) bytes (--max-line-bytes); skipped"))
                    pending = nil
                    skippingRecord = type == 3
                    continue
                }
                if type == 4 {
                    pending = nil
                    try body(record, pendingOffset)
                } else {
                    pending = record
                }
            default:
                damage.append((start - 7, "a chunk of unknown type \(type); the rest of the block skipped"))
                pending = nil
                position = blockEnd
            }
        }
        if pending != nil { damage.append((pendingOffset, "a record cut off by the end of the file")) }
    }
}
