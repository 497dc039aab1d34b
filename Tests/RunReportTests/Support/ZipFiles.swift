import CZlib

/// One entry of a zip the tests write: stored or deflated, optionally marked a Unix symbolic link.
struct TestZipEntry {
    var name: String
    var bytes: [UInt8]
    var deflate = false
    var symbolicLink = false
    /// The uncompressed size the headers claim, when not the bytes' own.
    var declaredSize: Int?
}

/// Raw deflate of `bytes` (no header), by zlib.
func rawDeflate(_ bytes: [UInt8]) -> [UInt8] { zlibDeflate(bytes, level: 9, windowBits: -15, memoryLevel: 9) }

/// A zip archive of `entries`, "made by" Unix (so that external attributes carry a file mode).
func testZip(_ entries: [TestZipEntry]) -> [UInt8] {
    var out: [UInt8] = [], central: [UInt8] = []
    func u16(_ v: Int, _ into: inout [UInt8]) { into += [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)] }
    func u32(_ v: Int, _ into: inout [UInt8]) { u16(v & 0xffff, &into); u16(v >> 16 & 0xffff, &into) }
    for entry in entries {
        let crc = entry.bytes.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
        let data = entry.deflate ? rawDeflate(entry.bytes) : entry.bytes
        let method = entry.deflate ? 8 : 0
        let size = entry.declaredSize ?? entry.bytes.count
        let offset = out.count, name = Array(entry.name.utf8)
        u32(0x0403_4b50, &out); u16(20, &out); u16(0, &out); u16(method, &out); u16(0, &out); u16(0, &out)
        u32(crc, &out); u32(data.count, &out); u32(size, &out); u16(name.count, &out); u16(0, &out)
        out += name + data
        let mode = entry.symbolicLink ? 0o120777 : 0o100644
        u32(0x0201_4b50, &central); u16(0x031E, &central); u16(20, &central); u16(0, &central); u16(method, &central)
        u16(0, &central); u16(0, &central); u32(crc, &central); u32(data.count, &central); u32(size, &central)
        u16(name.count, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central)
        u32(mode << 16, &central); u32(offset, &central)
        central += name
    }
    let centralOffset = out.count
    out += central
    u32(0x0605_4b50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
    u32(central.count, &out); u32(centralOffset, &out); u16(0, &out)
    return out
}
